-- Grain: one row per account per month end of the history (not the as-of date) on which it had a contract in force.
-- Purpose: the backtest's signals on that month end, as one list: 'watch' (on the churn watch), then 'rule:<id>'
--          for each churn-watch rule that fired (in the config's order), then 'band:<health_band>'.
-- Docs: docs/metrics.md#backtest
SELECT
  s.account_id,
  s.snapshot_date AS period_end,
  list_concat(
    CASE WHEN w.churn_watch THEN ['watch'] ELSE []::VARCHAR[] END,
    list_transform(w.churn_reasons, id -> 'rule:' || id),
    CASE WHEN s.health_band IS NOT NULL THEN ['band:' || s.health_band] ELSE []::VARCHAR[] END
  ) AS signals
FROM snap_account_state s
JOIN snap_churn_watch w ON w.account_id = s.account_id AND w.snapshot_date = s.snapshot_date
WHERE s.has_active_contract AND NOT s.is_as_of
ORDER BY period_end, account_id
