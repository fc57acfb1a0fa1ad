#!/usr/bin/env python3
"""Writes a synthetic subscription-periods CSV: N rows, deterministic (seeded).

Each customer has a chain of monthly-aligned periods with changing amounts, occasional
mid-month starts, gaps (churn, then reactivation), overlaps (add-ons) and open periods.
Usage: gen_periods.py N OUT.csv
"""
import random
import sys


def month_date(index, day=1):
    return f"{index // 12:04d}-{index % 12 + 1:02d}-{day:02d}"


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(42)
    plans = ["starter", "team", "business", "enterprise"]
    base = 2015 * 12
    horizon = 2024 * 12 + 11
    rows = 0
    customer = 0
    with open(out, "w", buffering=1 << 20) as f:
        f.write("subscription_id,customer_id,start_date,end_date,monthly_amount,plan\n")
        while rows < n:
            customer += 1
            plan = rng.choice(plans)
            month = base + rng.randrange(0, 100)
            amount = rng.choice([19, 49, 99, 249, 999]) * 100 + rng.choice([0, 0, 50, 99])
            for _ in range(rng.randrange(1, 20)):
                if rows >= n or month >= horizon:
                    break
                length = rng.choice([1, 1, 3, 12])
                day = 1 if rng.random() < 0.9 else rng.randrange(2, 28)
                end = month + length
                is_open = end >= horizon and rng.random() < 0.5
                rows += 1
                f.write(
                    f"{rows},{customer},{month_date(month, day)},"
                    f"{'' if is_open else month_date(min(end, horizon))},"
                    f"{amount // 100}.{amount % 100:02d},{plan}\n"
                )
                if rng.random() < 0.1 and rows < n:
                    rows += 1
                    f.write(f"{rows},{customer},{month_date(month)},{month_date(end)},10.00,{plan}\n")
                amount = max(100, amount + rng.choice([-1, 0, 0, 1, 2]) * 1000)
                month = end + (rng.randrange(1, 6) if rng.random() < 0.08 else 0)


if __name__ == "__main__":
    main()
