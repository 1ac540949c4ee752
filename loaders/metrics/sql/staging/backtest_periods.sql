-- Grain: one row per month end of the history (not the as-of date) × backtest horizon (backtest.horizonsDays).
-- Purpose: which month ends the backtest scores at which horizon H. A month end m is scored when
--          m + H + kpis.renewalMatchDays <= the as-of date (scored_from is that date): a churn within H of m (the
--          spell's last day in force e < m + H = window_end) is then known for sure, since a late renewal would
--          have been seen. A horizon not yet complete is listed with scored false.
-- Docs: docs/metrics.md#backtest
SELECT
  d.snapshot_date AS period_end,
  h.horizon_days,
  d.snapshot_date + h.horizon_days AS window_end,
  d.snapshot_date + h.horizon_days + {{renewal_match_days}} AS scored_from,
  d.snapshot_date + h.horizon_days + {{renewal_match_days}} <= {{as_of}} AS scored
FROM snapshot_dates d
CROSS JOIN (SELECT unnest({{backtest_horizons}}) AS horizon_days) h
WHERE NOT d.is_as_of
ORDER BY period_end, horizon_days
