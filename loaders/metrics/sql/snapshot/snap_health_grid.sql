-- Grain: one row per account per snapshot date.
-- Reads: snap_activity, snap_contract_state, stg_modules_offered
-- Purpose: the 3×3 health grid.
--            breadth = offered modules used in the window / modules offered (stg_modules_offered), 0..1
--            depth   = visits_window (or key_actions_window, grid.depthMeasure) / active_users_window; 0 without active users;
--                      NULL (not measured) when the usage has no user ids, and then the grid cell is NULL too
--          each is low / medium / high: medium at or above the first threshold of grid.breadth / grid.depth,
--          high at or above the second (defaults: breadth 0.34 / 0.67, depth 2 / 5).
--          grid_rank = breadth level + depth level (low 0, medium 1, high 2), so 0 (low-low) … 4 (high-high).
--          grid_migration compares the rank with the account's previous snapshot date (the month end before):
--          down when it fell, up when it rose, same when equal (a sideways move such as high-low → low-high is
--          'same'), NULL when the account had no contract in force on the previous snapshot date.
-- Docs: docs/metrics.md#health-grid
WITH offered AS (
  SELECT count(*) AS modules_offered FROM stg_modules_offered
),
measured AS (
  SELECT activity.account_id, activity.snapshot_date, activity.modules_offered_used_window, contract.has_active_contract,
    offered.modules_offered,
    CASE WHEN offered.modules_offered > 0 THEN least(activity.modules_offered_used_window / offered.modules_offered, 1.0) ELSE 0.0 END AS breadth,
    CASE WHEN activity.active_users_window IS NULL THEN NULL
         WHEN activity.active_users_window > 0
           THEN (CASE {{depth_measure}} WHEN 'key_actions' THEN activity.key_actions_window ELSE activity.visits_window END) / activity.active_users_window
         ELSE 0.0 END AS depth
  FROM snap_activity activity
  JOIN snap_contract_state contract ON contract.account_id = activity.account_id AND contract.snapshot_date = activity.snapshot_date
  CROSS JOIN offered
),
levelled AS (
  SELECT *,
    CASE WHEN breadth >= {{breadth_high}} THEN 'high' WHEN breadth >= {{breadth_medium}} THEN 'medium' ELSE 'low' END AS grid_breadth,
    CASE WHEN depth IS NULL THEN NULL WHEN depth >= {{depth_high}} THEN 'high' WHEN depth >= {{depth_medium}} THEN 'medium' ELSE 'low' END AS grid_depth
  FROM measured
),
ranked AS (
  SELECT *,
    grid_breadth || '-' || grid_depth AS grid_cell,  -- NULL when depth is not measured
    CAST((CASE grid_breadth WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END)
       + (CASE grid_depth WHEN 'high' THEN 2 WHEN 'medium' THEN 1 WHEN 'low' THEN 0 END) AS INTEGER) AS grid_rank
  FROM levelled
),
previous AS (
  -- the cell on the snapshot date before, when the account had a contract in force then
  SELECT *,
    CASE WHEN lag(has_active_contract) OVER before THEN lag(grid_cell) OVER before END AS grid_cell_prev,
    CASE WHEN lag(has_active_contract) OVER before THEN lag(grid_rank) OVER before END AS grid_rank_prev
  FROM ranked
  WINDOW before AS (PARTITION BY account_id ORDER BY snapshot_date)
)
SELECT
  account_id, snapshot_date, modules_offered, breadth, depth,
  grid_breadth, grid_depth, grid_cell, grid_rank, grid_cell_prev, grid_rank_prev,
  CASE
    WHEN grid_rank_prev IS NULL OR grid_rank IS NULL THEN NULL
    WHEN grid_rank < grid_rank_prev THEN 'down'
    WHEN grid_rank > grid_rank_prev THEN 'up'
    ELSE 'same'
  END AS grid_migration
FROM previous
