#!/usr/bin/env python3
"""Checks that two `okrlint dora --format csv` style files agree cell by cell: same header,
same services in the same order, numbers within 1e-3 relative or 1e-4 absolute, other cells
(frequency, empty for null) equal. Prints `agree ...`, or the first differences and exits 1.
Usage: compare_dora.py A.csv B.csv"""
import csv
import math
import sys


def same(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return math.isclose(x, y, rel_tol=1e-3, abs_tol=1e-4)


def main():
    with open(sys.argv[1], newline="") as f:
        a = list(csv.reader(f))
    with open(sys.argv[2], newline="") as f:
        b = list(csv.reader(f))
    diffs = []
    if not a or not b or a[0] != b[0]:
        diffs.append(f"header: {a[0] if a else None} vs {b[0] if b else None}")
    elif len(a) != len(b):
        diffs.append(f"{len(a) - 1} rows vs {len(b) - 1}: services "
                     f"{sorted({tuple(r[:2]) for r in a[1:]} ^ {tuple(r[:2]) for r in b[1:]})[:5]} in one only")
    else:
        header = a[0]
        for ra, rb in zip(a[1:], b[1:]):
            if len(ra) != len(header) or len(rb) != len(header):
                diffs.append(f"{ra[:1]}: {len(ra)} cells vs {len(rb)}")
                continue
            for col, x, y in zip(header, ra, rb):
                if not same(x, y):
                    diffs.append(f"{ra[0]}:{ra[1]}.{col}: {x or '(empty)'} vs {y or '(empty)'}")
    if diffs or len(a) < 2:
        print(f"MISMATCH {len(diffs)}: " + "; ".join(diffs[:5]) if diffs else "MISMATCH: no rows")
        sys.exit(1)
    print(f"agree on {len(a) - 1} rows")


if __name__ == "__main__":
    main()
