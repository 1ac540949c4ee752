-- Grain: one row per account per snapshot date (each month end of the history span and the as-of date) on
--        which the account had a contract in force.
-- Reads: snap_account_state, snap_churn_watch
-- Output: health_history.parquet
-- Purpose: month-by-month health (written as health_history.parquet): score, band, grid cell and the cell of
--          the snapshot before, so a downward migration is a query (grid_migration = 'down'); also tier,
--          segment, lifecycle stage and churn watch as they were, for period-over-period comparison.
--          month is the first day of the snapshot's month; for the as-of month the snapshot is the as-of date.
-- Docs: docs/metrics.md#health-history
SELECT
  account_id,
  period_month AS month,
  snapshot_date,
  is_as_of,
  arr,
  tier,
  segment,
  lifecycle_stage,
  visits_window,
  active_users_window,
  breadth,
  depth,
  health_score,
  health_band,
  grid_breadth,
  grid_depth,
  grid_cell,
  grid_rank,
  grid_cell_prev,
  grid_rank_prev,
  grid_migration,
  churn_watch,
  churn_reasons,
  -- deprecated names of visits_window and active_users_window, until the next release (docs/metrics.md#deprecated-names)
  visits_30d,
  active_users_30d
FROM snap_account_state
JOIN snap_churn_watch USING (account_id, snapshot_date)
WHERE has_active_contract
ORDER BY account_id, snapshot_date
