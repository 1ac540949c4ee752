-- Grain: one row per snapshot date: the as-of date, and the last day of each of the history.months months
--        before the as-of month (as-of 2026-03-15 → 2026-03-15, 2026-02-28, 2026-01-31, … 2025-03-31).
-- Reads: none
-- Purpose: the dates every per-account snapshot, the health history and the KPI trend are computed on. Each
--          KPI period is the trailing kpis.periodMonths months ending on its snapshot date:
--          period_start = cohort_date + 1 day, where cohort_date is the same day periodMonths months earlier
--          ("12 months ago" for GRR, NRR and logo churn).
-- Docs: docs/metrics.md#as-of-date
WITH dates AS (
  SELECT {{as_of}} AS snapshot_date, true AS is_as_of
  UNION ALL
  SELECT last_day(CAST(date_trunc('month', {{as_of}}) - to_months(CAST(i AS INTEGER)) AS DATE)), false
  FROM generate_series(1, {{history_months}}) AS g(i)
)
SELECT
  snapshot_date,
  CAST(date_trunc('month', snapshot_date) AS DATE) AS period_month,
  is_as_of,
  lag(snapshot_date) OVER (ORDER BY snapshot_date) AS prev_snapshot_date,
  CAST(snapshot_date - to_months({{period_months}}) AS DATE) AS cohort_date,
  CAST(snapshot_date - to_months({{period_months}}) AS DATE) + 1 AS period_start
FROM dates
ORDER BY snapshot_date
