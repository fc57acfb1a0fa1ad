#!/usr/bin/env python3
"""The same NRR movements in pandas (events, vectorised). Amounts are parsed to integer
cents from their text, as okrlint does.

Usage: nrr_pandas.py FILE.csv OUT.csv  — writes month,ending_mrr (cents) for comparison.
"""
import sys

import numpy as np
import pandas as pd


def month_index(dates):
    d = pd.to_datetime(dates, format="%Y-%m-%d")
    return (d.dt.year * 12 + d.dt.month - 1 + (d.dt.day > 1)).astype("float64")


def main():
    df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
    first = month_index(df["start_date"])
    stop = month_index(df["end_date"].replace("", None))
    parts = df["monthly_amount"].str.partition(".")
    units = parts[0].astype("int64") * 100 + parts[2].str.ljust(2, "0").astype("int64")
    counted = stop.isna() | (first < stop)
    until = np.nanmax(np.where(counted, np.where(stop.isna(), first, stop - 1), np.nan))
    keep = counted & (first <= until)
    starts = pd.DataFrame({"customer": df["customer_id"][keep], "month": first[keep], "delta": units[keep]})
    stopping = keep & stop.notna() & (stop <= until)
    stops = pd.DataFrame({"customer": df["customer_id"][stopping], "month": stop[stopping], "delta": -units[stopping]})
    ev = pd.concat([starts, stops]).groupby(["customer", "month"], sort=True)["delta"].sum().reset_index()
    ev = ev[ev["delta"] != 0]
    g = ev.groupby("customer", sort=False)
    ev["level"] = g["delta"].cumsum()
    ev["prev"] = g["level"].shift(1).fillna(0)
    active = (ev["level"] > 0).astype("int64")
    ev["active_before"] = active.groupby(ev["customer"]).cumsum() - active
    up = (ev["prev"] == 0) & (ev["level"] > 0)
    ev["new"] = np.where(up & (ev["active_before"] == 0), ev["level"], 0)
    ev["reactivation"] = np.where(up & (ev["active_before"] > 0), ev["level"], 0)
    ev["expansion"] = np.where((ev["prev"] > 0) & (ev["level"] > ev["prev"]), ev["level"] - ev["prev"], 0)
    ev["contraction"] = np.where((ev["prev"] > 0) & (ev["level"] > 0) & (ev["level"] < ev["prev"]), ev["prev"] - ev["level"], 0)
    ev["churn"] = np.where((ev["prev"] > 0) & (ev["level"] == 0), ev["prev"], 0)
    monthly = ev.groupby("month")[["new", "reactivation", "expansion", "contraction", "churn"]].sum()
    net = monthly["new"] + monthly["reactivation"] + monthly["expansion"] - monthly["contraction"] - monthly["churn"]
    ending = net.cumsum()
    with open(sys.argv[2], "w") as f:
        f.write("month,ending_mrr\n")
        for month, value in ending.items():
            m = int(month)
            f.write(f"{m // 12:04d}-{m % 12 + 1:02d},{int(value)}\n")


if __name__ == "__main__":
    main()
