-- Grain: one row per account per snapshot date.
-- Reads: accounts, snap_activity, snap_health_grid, snap_support
-- Purpose: the health score (0–100), a weighted sum of components, each a value from 0 to 1. The components are
--          listed once, in loaders/metrics/healthComponents.ts (activity, breadth, depth, seats, key users, trend,
--          support: each one's formula, weight setting and label), and rendered into this model:
--            health_<c>        the component's value, 0..1; NULL when the data cannot measure it for the account
--                              (seats unknown, no user ids, no users export, no support tickets export)
--            health_<c>_points = 100 × w_c × health_<c> / health_weight_total, where w_c are health.weights
--                              and health_weight_total is the sum of the weights of the components that are
--                              measured: the score is re-weighted over what is measured (only the weights' ratios
--                              count; with the defaults, whose first six sum to 1, the total is 1 without support)
--            health_score      = round(Σ points, 1)
--            health_band       green >= health.bands.green (70), yellow >= health.bands.yellow (40), else red —
--                              the one place the band rule lives
--            health_weakest    the component that lost the most points against its most (100 × w_c /
--                              health_weight_total); the first in the list on a tie; never one not measured
-- Docs: docs/metrics.md#health-score
WITH inputs AS (
  SELECT activity.account_id, activity.snapshot_date, activity.visits_window, activity.visits_prev_window, activity.active_users_window, activity.key_users_active_window,
    grid.breadth, grid.depth, grid.modules_offered, activity.modules_offered_used_window, account.seats,
    support.support_open_tickets, support.support_escalations_window, support.support_satisfaction_window, support.support_rated_window
  FROM snap_activity activity
  JOIN snap_health_grid grid ON grid.account_id = activity.account_id AND grid.snapshot_date = activity.snapshot_date
  JOIN snap_support support ON support.account_id = activity.account_id AND support.snapshot_date = activity.snapshot_date
  JOIN accounts account ON account.account_id = activity.account_id
),
components AS (
  SELECT account_id, snapshot_date,
    {{health_component_values}}
  FROM inputs
),
weighted AS (
  SELECT *, {{health_weight_total}} AS health_weight_total
  FROM components
),
points AS (
  SELECT *,
    {{health_component_points}}
  FROM weighted
),
scored AS (
  SELECT *,
    round({{health_points_sum}}, 1) AS health_score,
    -- points each component lost against its most (0 for one not measured)
    {{health_points_lost}} AS lost
  FROM points
)
SELECT
  account_id,
  snapshot_date,
  {{health_component_columns}},
  health_weight_total,
  health_score,
  CASE WHEN health_score >= {{band_green}} THEN 'green' WHEN health_score >= {{band_yellow}} THEN 'yellow' ELSE 'red' END AS health_band,
  {{health_component_ids}}[list_position(lost, list_max(lost))] AS health_weakest
FROM scored
