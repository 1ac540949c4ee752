-- Grain: one row per month end of the history (not the as-of date) × backtest horizon (backtest.horizonsDays).
-- Reads: snapshot_dates
-- Purpose: which month ends the backtest scores at which horizon H. A month end m is scored when
--          m + H + kpis.renewalMatchDays <= the as-of date (scored_from is that date): a churn within H of m (the
--          spell's last day in force e < m + H = window_end) is then known for sure, since a late renewal would
--          have been seen. A horizon not yet complete is listed with scored false.
-- Docs: docs/metrics.md#backtest
SELECT
  snapshot_dates.snapshot_date AS period_end,
  horizons.horizon_days,
  snapshot_dates.snapshot_date + horizons.horizon_days AS window_end,
  snapshot_dates.snapshot_date + horizons.horizon_days + {{renewal_match_days}} AS scored_from,
  snapshot_dates.snapshot_date + horizons.horizon_days + {{renewal_match_days}} <= {{as_of}} AS scored
FROM snapshot_dates
CROSS JOIN (SELECT unnest({{backtest_horizons}}) AS horizon_days) horizons
WHERE NOT snapshot_dates.is_as_of
ORDER BY period_end, horizon_days
