-- Grain: one row per account per month end of the history at which at least one backtest horizon is scored and
--        the account had a contract in force (the population on that month end).
-- Reads: backtest_periods, fct_backtest_churns, snap_account_state, snap_backtest_signals, snap_backtest_whatif
-- Output: backtest_accounts.parquet
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
  state.account_id,
  state.name,
  state.csm_owner,
  state.region,
  state.industry,
  state.snapshot_date AS period_end,
  state.tier,
  state.segment,
  state.health_band,
  state.health_score,
  state.days_to_renewal,
  state.arr,
  signals.signals,
  whatif.whatif_signal,
  whatif.whatif_watch_changed,
  scored.horizons_scored,
  churn.churn_date,
  churn.churn_date - state.snapshot_date AS days_to_churn,
  churn.arr_lost AS churn_arr,
  churn.reason AS churn_reason
FROM snap_account_state state
JOIN scored ON scored.period_end = state.snapshot_date
JOIN snap_backtest_signals signals ON signals.account_id = state.account_id AND signals.period_end = state.snapshot_date
JOIN snap_backtest_whatif whatif ON whatif.account_id = state.account_id AND whatif.period_end = state.snapshot_date
LEFT JOIN fct_backtest_churns churn ON churn.account_id = state.account_id AND churn.spell_number = state.spell_number
WHERE state.has_active_contract
ORDER BY period_end, account_id
