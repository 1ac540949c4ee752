-- Grain: one row per what-if variant × horizon × signal measured (the variant's own signal, and the watch), pooled
--        over the scored month ends.
-- Purpose: the backtest at other values of each rule threshold (backtest.whatIf) and of the red-band cutoff
--          (backtest.redBandCutoffs), written as churn_backtest_whatif.parquet, so a team can choose thresholds from
--          its own history. A variant (metric_settings.backtest_whatif) is measured as its signal (rule:<id> or
--          band:red: fct_backtest_accounts.whatif_signal) and as the watch under it (the configured watch, with
--          the accounts in whatif_watch_changed joining or leaving it), with the counts and ratios of
--          churn_backtest.sql. is_config marks the value the configuration uses: its rows equal the pooled rows of
--          churn_backtest for the same signal.
-- Docs: docs/metrics.md#what-if-thresholds
WITH variants AS (
  SELECT unnest({{whatif_variants}}, recursive := true)
),
measured AS (
  SELECT variant, threshold, rule_id, value, is_config, signal, 1 AS measured_order FROM variants
  UNION ALL
  SELECT variant, threshold, rule_id, value, is_config, 'watch' AS signal, 2 AS measured_order FROM variants
),
horizons AS (
  SELECT DISTINCT horizon_days FROM backtest_periods WHERE scored
),
counted AS (
  SELECT p.horizon_days, a.whatif_signal, a.whatif_watch_changed, list_contains(a.signals, 'watch') AS on_watch,
    CAST(a.arr AS DECIMAL(18, 2)) AS arr, COALESCE(a.days_to_churn < p.horizon_days, false) AS churned
  FROM backtest_periods p
  JOIN fct_backtest_accounts a ON a.period_end = p.period_end
  WHERE p.scored
),
population AS (
  SELECT horizon_days, count(*) AS accounts, count(*) FILTER (churned) AS churned, sum(arr) FILTER (churned) AS arr_churned
  FROM counted
  GROUP BY horizon_days
),
signal_flags AS (
  -- the variant's own signal: the accounts it flags
  SELECT horizon_days, variant,
    count(*) AS flagged, count(*) FILTER (churned) AS flagged_churned,
    sum(arr) AS arr_flagged, sum(arr) FILTER (churned) AS arr_flagged_churned
  FROM (SELECT horizon_days, arr, churned, unnest(whatif_signal) AS variant FROM counted)
  GROUP BY horizon_days, variant
),
watch_base AS (
  -- the configured watch
  SELECT horizon_days,
    count(*) FILTER (on_watch) AS flagged, count(*) FILTER (on_watch AND churned) AS flagged_churned,
    sum(arr) FILTER (on_watch) AS arr_flagged, sum(arr) FILTER (on_watch AND churned) AS arr_flagged_churned
  FROM counted
  GROUP BY horizon_days
),
watch_changes AS (
  -- under each variant, the accounts that join the watch (+1) and those that leave it (−1)
  SELECT horizon_days, variant,
    sum(step) AS flagged, sum(step) FILTER (churned) AS flagged_churned,
    sum(step * arr) AS arr_flagged, sum(step * arr) FILTER (churned) AS arr_flagged_churned
  FROM (SELECT horizon_days, arr, churned, CASE WHEN on_watch THEN -1 ELSE 1 END AS step, unnest(whatif_watch_changed) AS variant FROM counted)
  GROUP BY horizon_days, variant
),
flags AS (
  SELECT horizon_days, variant, 1 AS measured_order, flagged, flagged_churned, arr_flagged, arr_flagged_churned FROM signal_flags
  UNION ALL
  SELECT b.horizon_days, v.variant, 2 AS measured_order,
    b.flagged + COALESCE(c.flagged, 0) AS flagged,
    b.flagged_churned + COALESCE(c.flagged_churned, 0) AS flagged_churned,
    COALESCE(b.arr_flagged, 0) + COALESCE(c.arr_flagged, 0) AS arr_flagged,
    COALESCE(b.arr_flagged_churned, 0) + COALESCE(c.arr_flagged_churned, 0) AS arr_flagged_churned
  FROM watch_base b
  CROSS JOIN variants v
  LEFT JOIN watch_changes c ON c.horizon_days = b.horizon_days AND c.variant = v.variant
),
counts AS (
  SELECT m.variant, m.threshold, m.rule_id, m.value, m.is_config, h.horizon_days, m.signal, m.measured_order,
    COALESCE(pop.accounts, 0) AS accounts,
    COALESCE(f.flagged, 0) AS flagged,
    COALESCE(pop.churned, 0) AS churned,
    COALESCE(f.flagged_churned, 0) AS flagged_churned,
    COALESCE(f.arr_flagged, 0) AS arr_flagged,
    COALESCE(pop.arr_churned, 0) AS arr_churned,
    COALESCE(f.arr_flagged_churned, 0) AS arr_flagged_churned
  FROM measured m
  CROSS JOIN horizons h
  LEFT JOIN population pop ON pop.horizon_days = h.horizon_days
  LEFT JOIN flags f ON f.horizon_days = h.horizon_days AND f.variant = m.variant AND f.measured_order = m.measured_order
)
SELECT
  variant,
  threshold,
  rule_id,
  value,
  is_config,
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
ORDER BY variant, horizon_days, measured_order
