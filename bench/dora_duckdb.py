#!/usr/bin/env python3
"""The `okrlint dora` definitions (default window, by service) in DuckDB SQL.

Reads DIR/deployments.csv, DIR/changes.csv and DIR/incidents.csv (typed read_csv, timestamps
as TIMESTAMPTZ in a UTC session, so every date and week is a UTC one) and writes OUT.csv in
okrlint's `--format csv` layout: the overall row (scope=overall, service=all), then services by name; floats
rounded to 4 decimals, empty cells for null. DuckDB's median interpolates an even count.
Usage: dora_duckdb.py DIR OUT.csv
"""
import csv
import math
import os
import sys

import duckdb

LOAD = """
SET TimeZone = 'UTC';
CREATE TEMP TABLE d AS
SELECT deploy_id, service, deployed_at, CAST(deployed_at AS DATE) AS day,
       lower(status) IN ('failed', 'rolled_back') AS bad, lower(rework) IN ('true', 'yes', '1') AS rework
FROM read_csv({deployments}, header = true, columns = {{
  'deploy_id': 'VARCHAR', 'service': 'VARCHAR', 'deployed_at': 'TIMESTAMPTZ', 'status': 'VARCHAR',
  'rework': 'VARCHAR'}});
CREATE TEMP TABLE i AS
SELECT service, created_at, resolved_at, CAST(created_at AS DATE) AS day, nullif(deploy_id, '') AS deploy_id
FROM read_csv({incidents}, header = true, columns = {{
  'incident_id': 'VARCHAR', 'service': 'VARCHAR', 'created_at': 'TIMESTAMPTZ',
  'resolved_at': 'TIMESTAMPTZ', 'deploy_id': 'VARCHAR'}});
CREATE TEMP TABLE w AS SELECT min(day) AS since, max(day) AS until, max(day) - min(day) + 1 AS days FROM d;
CREATE TEMP TABLE dw AS
SELECT d.*, d.bad OR d.deploy_id IN (SELECT deploy_id FROM i WHERE deploy_id IS NOT NULL) AS failed
FROM d, w WHERE d.day BETWEEN w.since AND w.until;
"""

# Each query returns (is_all, service, ...): the overall row and one per service.
DEPLOYS = """
SELECT grouping(service), service, count(*), count(*) FILTER (failed), count(*) FILTER (rework)
FROM dw GROUP BY GROUPING SETS ((), (service))
"""

LEAD = """
SELECT grouping(service), service,
       count(*) FILTER (inw AND lead >= 0), count(*) FILTER (inw AND lead < 0),
       median(lead) FILTER (inw AND lead >= 0),
       count(*) FILTER (known AND NOT inw), count(*) FILTER (NOT known)
FROM (
  SELECT d.service, d.deploy_id IS NOT NULL AS known,
         coalesce(d.day BETWEEN w.since AND w.until, false) AS inw,
         (epoch(d.deployed_at) - epoch(c.committed_at)) / 3600 AS lead
  FROM read_csv({changes}, header = true, columns = {{
    'change_id': 'VARCHAR', 'deploy_id': 'VARCHAR', 'committed_at': 'TIMESTAMPTZ'}}) c
  LEFT JOIN d USING (deploy_id) CROSS JOIN w
) GROUP BY GROUPING SETS ((), (service))
"""

# Window-level counts of rows that enter no figure (on the overall row only).
EXCLUDED = """
SELECT (SELECT count(*) FROM d) - (SELECT count(*) FROM dw),
       (SELECT count(*) FROM i, w WHERE i.day NOT BETWEEN w.since AND w.until),
       (SELECT count(*) FROM i WHERE deploy_id IS NOT NULL AND deploy_id NOT IN (SELECT deploy_id FROM d))
"""

RECOVERY = """
SELECT grouping(service), service, count(resolved_at), count(*) - count(resolved_at),
       median((epoch(resolved_at) - epoch(created_at)) / 3600)
FROM i, w WHERE i.day BETWEEN w.since AND w.until
GROUP BY GROUPING SETS ((), (service))
"""

# Every Monday-start week intersecting the window, zero weeks included.
DEPLOY_DAYS = """
WITH weeks AS (
  SELECT CAST(unnest(generate_series(date_trunc('week', since), CAST(until AS TIMESTAMP), INTERVAL 7 DAY)) AS DATE) AS week
  FROM w
), per AS (
  SELECT grouping(service) AS is_all, service, week, count(DISTINCT day) AS n
  FROM (SELECT DISTINCT service, day, CAST(date_trunc('week', day) AS DATE) AS week FROM dw)
  GROUP BY GROUPING SETS ((week), (service, week))
), groups AS (SELECT DISTINCT is_all, service FROM per)
SELECT g.is_all, g.service, median(coalesce(per.n, 0)), sum(coalesce(per.n, 0))
FROM groups g CROSS JOIN weeks
LEFT JOIN per ON per.is_all = g.is_all AND per.service IS NOT DISTINCT FROM g.service AND per.week = weeks.week
GROUP BY g.is_all, g.service
"""

SERVICES = """
SELECT service FROM dw UNION SELECT service FROM i, w WHERE i.day BETWEEN w.since AND w.until
"""

HEADER = ("scope,service,deployments,deploys_per_day,deploy_days_per_week,frequency,lead_time_hours,"
          "change_failure_rate,recovery_time_hours,rework_rate,changes,changes_negative_lead_time,"
          "failed_deployments,resolved_incidents,open_incidents,deployments_outside_window,"
          "changes_outside_window,changes_unknown_deployment,incidents_outside_window,"
          "incidents_unknown_deployment").split(",")


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def by_key(con, sql):
    # The overall row is keyed None, so a service literally named `all` stays its own row.
    return {(None if row[0] else row[1]): row[2:] for row in con.execute(sql).fetchall()}


def frequency(r, per_deploy_day, d):
    if d >= 5 and per_deploy_day >= 2:
        return "on_demand"
    if d >= 5:
        return "hourly_daily"
    if d >= 1:
        return "daily_weekly"
    if r * 30 >= 1:
        return "weekly_monthly"
    if r * 182 >= 1:
        return "monthly_biannually"
    return "less_than_biannually"


def num(value):
    """okrlint's float cell: rounded half away from zero to 4 decimals; empty for null."""
    if value is None:
        return ""
    return f"{math.copysign(math.floor(abs(value) * 10000 + 0.5), value) / 10000:.4f}"


def main():
    src, out = sys.argv[1], sys.argv[2]
    paths = {name: quote(os.path.join(src, f"{name}.csv")) for name in ("deployments", "changes", "incidents")}
    con = duckdb.connect()
    con.execute(LOAD.format(**paths))
    (days,) = con.execute("SELECT days FROM w").fetchone()
    deploys = by_key(con, DEPLOYS)
    lead = by_key(con, LEAD.format(**paths))
    recovery = by_key(con, RECOVERY)
    deploy_days = by_key(con, DEPLOY_DAYS)
    deploys_outside, incidents_outside, incidents_unknown = con.execute(EXCLUDED).fetchone()
    services = sorted(s for (s,) in con.execute(SERVICES).fetchall() if s is not None)
    with open(out, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        for key in [None] + services:
            n, failed, rework = deploys.get(key, (0, 0, 0))
            changes, negative, lead_time, changes_outside, changes_unknown = lead.get(key, (0, 0, None, 0, 0))
            resolved, still_open, recovery_time = recovery.get(key, (0, 0, None))
            d, busy_days = deploy_days.get(key, (0.0, 0))
            r = n / days
            window_counts = (
                [deploys_outside, changes_outside, changes_unknown, incidents_outside, incidents_unknown]
                if key is None else [""] * 5
            )
            writer.writerow([
                "overall" if key is None else "service", "all" if key is None else key, n, num(r), num(d), frequency(r, n / max(busy_days, 1), d), num(lead_time),
                num(failed / n if n else None), num(recovery_time), num(rework / n if n else None),
                changes, negative, failed, resolved, still_open, *window_counts,
            ])


if __name__ == "__main__":
    main()
