-- Grain: one row per scored month end × horizon × signal, and one pooled row per horizon × signal (period_end NULL).
-- Purpose: did the churn watch, each rule and each health band foresee the churn that happened (written as
--          churn_backtest.parquet)? For each scored month end m and horizon H (backtest_periods) and each signal
--          (watch, rule:<id>, band:<band>; every one, also one that never fired): accounts = the population on m
--          (fct_backtest_accounts), flagged = those the signal flagged, churned = those churned within H
--          (days_to_churn < H), flagged_churned = both; arr_* the same in ARR on m (exact sums).
--            precision = flagged_churned / flagged      recall = flagged_churned / churned
--            base_rate = churned / accounts             lift   = precision / base_rate
--          each NULL where its denominator is 0. The pooled row sums the counts over the scored month ends of the
--          horizon (account-month-ends) and takes the ratios of the sums.
-- Docs: docs/metrics.md#backtest
WITH signals AS (
  SELECT unnest(names) AS signal, generate_subscripts(names, 1) AS signal_order
  FROM (SELECT {{backtest_signals}} AS names)
),
periods AS (
  SELECT period_end, horizon_days FROM backtest_periods WHERE scored
),
counted AS (
  -- each account of each scored month end, at each horizon: churned within it or not
  SELECT p.period_end, p.horizon_days, a.signals, CAST(a.arr AS DECIMAL(18, 2)) AS arr,
    COALESCE(a.days_to_churn < p.horizon_days, false) AS churned
  FROM periods p
  JOIN fct_backtest_accounts a ON a.period_end = p.period_end
),
population AS (
  SELECT period_end, horizon_days,
    count(*) AS accounts,
    count(*) FILTER (churned) AS churned,
    sum(arr) FILTER (churned) AS arr_churned
  FROM counted
  GROUP BY period_end, horizon_days
),
flags AS (
  SELECT period_end, horizon_days, signal,
    count(*) AS flagged,
    count(*) FILTER (churned) AS flagged_churned,
    sum(arr) AS arr_flagged,
    sum(arr) FILTER (churned) AS arr_flagged_churned
  FROM (SELECT period_end, horizon_days, arr, churned, unnest(signals) AS signal FROM counted)
  GROUP BY period_end, horizon_days, signal
),
per_month_end AS (
  SELECT p.period_end, p.horizon_days, s.signal, s.signal_order,
    COALESCE(pop.accounts, 0) AS accounts,
    COALESCE(f.flagged, 0) AS flagged,
    COALESCE(pop.churned, 0) AS churned,
    COALESCE(f.flagged_churned, 0) AS flagged_churned,
    COALESCE(f.arr_flagged, 0) AS arr_flagged,
    COALESCE(pop.arr_churned, 0) AS arr_churned,
    COALESCE(f.arr_flagged_churned, 0) AS arr_flagged_churned
  FROM periods p
  CROSS JOIN signals s
  LEFT JOIN population pop ON pop.period_end = p.period_end AND pop.horizon_days = p.horizon_days
  LEFT JOIN flags f ON f.period_end = p.period_end AND f.horizon_days = p.horizon_days AND f.signal = s.signal
),
pooled AS (
  SELECT CAST(NULL AS DATE) AS period_end, horizon_days, signal, signal_order,
    sum(accounts) AS accounts, sum(flagged) AS flagged, sum(churned) AS churned, sum(flagged_churned) AS flagged_churned,
    sum(arr_flagged) AS arr_flagged, sum(arr_churned) AS arr_churned, sum(arr_flagged_churned) AS arr_flagged_churned
  FROM per_month_end
  GROUP BY horizon_days, signal, signal_order
),
counts AS (
  SELECT * FROM per_month_end
  UNION ALL
  SELECT * FROM pooled
)
SELECT
  period_end,
  horizon_days,
  signal,
  CAST(accounts AS BIGINT) AS accounts,
  CAST(flagged AS BIGINT) AS flagged,
  CAST(churned AS BIGINT) AS churned,
  CAST(flagged_churned AS BIGINT) AS flagged_churned,
  CASE WHEN flagged > 0 THEN CAST(flagged_churned AS DOUBLE) / flagged END AS precision,
  CASE WHEN churned > 0 THEN CAST(flagged_churned AS DOUBLE) / churned END AS recall,
  CASE WHEN accounts > 0 THEN CAST(churned AS DOUBLE) / accounts END AS base_rate,
  CASE WHEN flagged > 0 AND churned > 0 THEN (CAST(flagged_churned AS DOUBLE) / flagged) / (CAST(churned AS DOUBLE) / accounts) END AS lift,
  CAST(arr_flagged AS DOUBLE) AS arr_flagged,
  CAST(arr_churned AS DOUBLE) AS arr_churned,
  CAST(arr_flagged_churned AS DOUBLE) AS arr_flagged_churned
FROM counts
ORDER BY horizon_days, period_end NULLS LAST, signal_order
