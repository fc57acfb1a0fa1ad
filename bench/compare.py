#!/usr/bin/env python3
"""Checks that the three tools agree: okrlint's ending MRR (decimal) against month,ending_mrr
(cents) files. Months with no movement are absent from the SQL/pandas output; those carry
the previous month's figure in okrlint's. Usage: compare.py OKRLINT.csv OTHER.csv..."""
import csv
import sys


def main():
    with open(sys.argv[1]) as f:
        ours = {r["month"]: round(float(r["ending_mrr"]) * 100) for r in csv.DictReader(f)}
    for other in sys.argv[2:]:
        with open(other) as f:
            theirs = {r["month"]: int(r["ending_mrr"]) for r in csv.DictReader(f)}
        wrong = [m for m, v in theirs.items() if ours.get(m) != v]
        if wrong or not theirs:
            print(f"MISMATCH {other}: {len(wrong)} months differ, e.g. {wrong[:3]}")
            sys.exit(1)
    print(f"agree on {len(theirs)} months")


if __name__ == "__main__":
    main()
