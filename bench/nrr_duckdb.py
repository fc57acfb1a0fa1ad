#!/usr/bin/env python3
"""The NRR movements of README's definitions in DuckDB SQL (events, not customer-months).

Usage: nrr_duckdb.py FILE.csv OUT.csv  — writes month,ending_mrr (cents) for comparison.
"""
import sys

import duckdb

SQL = """
WITH p AS (
  SELECT customer_id,
         year(start_date) * 12 + month(start_date) - 1 + CASE WHEN day(start_date) > 1 THEN 1 ELSE 0 END AS first,
         CASE WHEN end_date IS NULL THEN NULL
              ELSE year(end_date) * 12 + month(end_date) - 1 + CASE WHEN day(end_date) > 1 THEN 1 ELSE 0 END END AS stop,
         CAST(monthly_amount * 100 AS BIGINT) AS units
  FROM read_csv(?, header = true, columns = {
    'subscription_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'start_date': 'DATE',
    'end_date': 'DATE', 'monthly_amount': 'DECIMAL(18,2)', 'plan': 'VARCHAR'})
), counted AS (SELECT * FROM p WHERE stop IS NULL OR first < stop),
bounds AS (SELECT max(coalesce(stop - 1, first)) AS until FROM counted),
ev AS (
  SELECT customer_id, first AS month, units AS delta FROM counted, bounds WHERE first <= until
  UNION ALL
  SELECT customer_id, stop, -units FROM counted, bounds WHERE stop IS NOT NULL AND stop <= until AND first <= until
), agg AS (
  SELECT customer_id, month, sum(delta) AS delta FROM ev GROUP BY customer_id, month HAVING sum(delta) <> 0
), lv AS (
  SELECT customer_id, month, sum(delta) OVER (PARTITION BY customer_id ORDER BY month) AS level FROM agg
), mv AS (
  SELECT month, level,
         coalesce(lag(level) OVER w, 0) AS prev,
         coalesce(sum(CASE WHEN level > 0 THEN 1 ELSE 0 END) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS active_before
  FROM lv WINDOW w AS (PARTITION BY customer_id ORDER BY month)
), monthly AS (
  SELECT month,
    sum(CASE WHEN prev = 0 AND level > 0 AND active_before = 0 THEN level ELSE 0 END) AS new,
    sum(CASE WHEN prev = 0 AND level > 0 AND active_before > 0 THEN level ELSE 0 END) AS reactivation,
    sum(CASE WHEN prev > 0 AND level > prev THEN level - prev ELSE 0 END) AS expansion,
    sum(CASE WHEN prev > 0 AND level > 0 AND level < prev THEN prev - level ELSE 0 END) AS contraction,
    sum(CASE WHEN prev > 0 AND level = 0 THEN prev ELSE 0 END) AS churn
  FROM mv GROUP BY month
)
SELECT month, sum(new + reactivation + expansion - contraction - churn) OVER (ORDER BY month) AS ending_mrr,
       new, expansion, contraction, churn, reactivation
FROM monthly ORDER BY month
"""


def main():
    rows = duckdb.execute(SQL, [sys.argv[1]]).fetchall()
    with open(sys.argv[2], "w") as f:
        f.write("month,ending_mrr\n")
        for month, ending, *_ in rows:
            f.write(f"{month // 12:04d}-{month % 12 + 1:02d},{int(ending)}\n")


if __name__ == "__main__":
    main()
