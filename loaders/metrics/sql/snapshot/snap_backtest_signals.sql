-- Grain: one row per account per month end of the history (not the as-of date) on which it had a contract in force.
-- Reads: snap_account_state, snap_churn_watch
-- Purpose: the backtest's signals on that month end, as one list: 'watch' (on the churn watch), then 'rule:<id>'
--          for each churn-watch rule that fired (in the config's order), then 'band:<health_band>'.
-- Docs: docs/metrics.md#backtest
SELECT
  state.account_id,
  state.snapshot_date AS period_end,
  list_concat(
    CASE WHEN watch.churn_watch THEN ['watch'] ELSE []::VARCHAR[] END,
    list_transform(watch.churn_reasons, id -> 'rule:' || id),
    CASE WHEN state.health_band IS NOT NULL THEN ['band:' || state.health_band] ELSE []::VARCHAR[] END
  ) AS signals
FROM snap_account_state state
JOIN snap_churn_watch watch ON watch.account_id = state.account_id AND watch.snapshot_date = state.snapshot_date
WHERE state.has_active_contract AND NOT state.is_as_of
ORDER BY period_end, account_id
