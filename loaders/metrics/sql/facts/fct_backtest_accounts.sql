-- Grain: one row per account per month end of the history at which at least one backtest horizon is scored and
--        the account had a contract in force (the population on that month end).
-- Purpose: everything the backtest counts, per account and month end (written as backtest_accounts.parquet, which
--          the Backtest page aggregates in the browser under its filters): the account's descriptive columns and,
--          on period_end, its tier, segment, band, score, days to renewal and ARR; its signals
--          (snap_backtest_signals) and what-if variants (snap_backtest_whatif); horizons_scored, the horizons at
--          which period_end is scored (backtest_periods); and, when the customer spell in force on period_end is a
--          churn the backtest scores (fct_backtest_churns), its churn_date e, days_to_churn = e - period_end, the
--          ARR lost and the reason. Churned within H is days_to_churn < H.
-- Docs: docs/metrics.md#backtest
WITH scored AS (
  SELECT period_end, list(horizon_days ORDER BY horizon_days) AS horizons_scored
  FROM backtest_periods
  WHERE scored
  GROUP BY period_end
)
SELECT
  s.account_id,
  s.name,
  s.csm_owner,
  s.region,
  s.industry,
  s.snapshot_date AS period_end,
  s.tier,
  s.segment,
  s.health_band,
  s.health_score,
  s.days_to_renewal,
  s.arr,
  sig.signals,
  wi.whatif_signal,
  wi.whatif_watch_changed,
  sc.horizons_scored,
  c.churn_date,
  c.churn_date - s.snapshot_date AS days_to_churn,
  c.arr_lost AS churn_arr,
  c.reason AS churn_reason
FROM snap_account_state s
JOIN scored sc ON sc.period_end = s.snapshot_date
JOIN snap_backtest_signals sig ON sig.account_id = s.account_id AND sig.period_end = s.snapshot_date
JOIN snap_backtest_whatif wi ON wi.account_id = s.account_id AND wi.period_end = s.snapshot_date
LEFT JOIN fct_backtest_churns c ON c.account_id = s.account_id AND c.spell_number = s.spell_number
WHERE s.has_active_contract
ORDER BY period_end, account_id
