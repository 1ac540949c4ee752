-- Grain: one row per what-if variant × horizon × signal measured (the variant's own signal, and the watch), pooled
--        over the scored month ends.
-- Reads: backtest_periods, fct_backtest_accounts
-- Output: churn_backtest_whatif.parquet
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
  SELECT backtest_periods.horizon_days, account.whatif_signal, account.whatif_watch_changed, list_contains(account.signals, 'watch') AS on_watch,
    CAST(account.arr AS DECIMAL(18, 2)) AS arr, COALESCE(account.days_to_churn < backtest_periods.horizon_days, false) AS churned
  FROM backtest_periods
  JOIN fct_backtest_accounts account ON account.period_end = backtest_periods.period_end
  WHERE backtest_periods.scored
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
  SELECT watch_base.horizon_days, variants.variant, 2 AS measured_order,
    watch_base.flagged + COALESCE(watch_changes.flagged, 0) AS flagged,
    watch_base.flagged_churned + COALESCE(watch_changes.flagged_churned, 0) AS flagged_churned,
    COALESCE(watch_base.arr_flagged, 0) + COALESCE(watch_changes.arr_flagged, 0) AS arr_flagged,
    COALESCE(watch_base.arr_flagged_churned, 0) + COALESCE(watch_changes.arr_flagged_churned, 0) AS arr_flagged_churned
  FROM watch_base
  CROSS JOIN variants
  LEFT JOIN watch_changes ON watch_changes.horizon_days = watch_base.horizon_days AND watch_changes.variant = variants.variant
),
counts AS (
  SELECT measured.variant, measured.threshold, measured.rule_id, measured.value, measured.is_config, horizons.horizon_days, measured.signal, measured.measured_order,
    COALESCE(population.accounts, 0) AS accounts,
    COALESCE(flags.flagged, 0) AS flagged,
    COALESCE(population.churned, 0) AS churned,
    COALESCE(flags.flagged_churned, 0) AS flagged_churned,
    COALESCE(flags.arr_flagged, 0) AS arr_flagged,
    COALESCE(population.arr_churned, 0) AS arr_churned,
    COALESCE(flags.arr_flagged_churned, 0) AS arr_flagged_churned
  FROM measured
  CROSS JOIN horizons
  LEFT JOIN population ON population.horizon_days = horizons.horizon_days
  LEFT JOIN flags ON flags.horizon_days = horizons.horizon_days AND flags.variant = measured.variant AND flags.measured_order = measured.measured_order
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
