-- Grain: one row per account per snapshot date.
-- Purpose: the health score (0–100), a weighted sum of six components, each normalised to 0..1:
--            health_activity  = min(visits_30d / health.activityTargetVisits, 1)
--            health_breadth   = breadth (offered modules used / offered)
--            health_depth     = min(depth / health.depthTarget, 1)
--            health_seats     = min(active_users_30d / seats, 1); NULL when seats is unknown or 0
--            health_key_users = min(key_users_active_30d / health.keyUsersTarget, 1)
--            health_trend     = visits_30d against visits_prev_30d (the window before):
--                               clamp(0.5 + 0.5 × (visits_30d - visits_prev_30d) / visits_prev_30d, 0, 1);
--                               1 when only the current window has visits, 0 when neither has
--          health_<c>_points = 100 × w_c × health_<c> / health_weight_total, where w_c are health.weights
--          normalised to sum to 1 and health_weight_total is the sum of the weights of the components that
--          are not NULL (1, or 1 - w_seats when seats is unknown). health_score = round(Σ points, 1);
--          health_band: green >= health.bands.green (70), yellow >= health.bands.yellow (40), else red.
--          health_weakest names the component that lost the most points (the first in the order above on a tie).
-- Docs: docs/metrics.md#health-score
WITH inputs AS (
  SELECT a.account_id, a.snapshot_date, a.visits_30d, a.visits_prev_30d, a.active_users_30d, a.key_users_active_30d,
    g.breadth, g.depth, acc.seats
  FROM snap_activity a
  JOIN snap_health_grid g ON g.account_id = a.account_id AND g.snapshot_date = a.snapshot_date
  JOIN accounts acc ON acc.account_id = a.account_id
),
components AS (
  SELECT *,
    least(visits_30d / {{activity_target_visits}}, 1.0) AS health_activity,
    breadth AS health_breadth,
    least(depth / {{depth_target}}, 1.0) AS health_depth,
    CASE WHEN seats > 0 THEN least(active_users_30d / seats, 1.0) END AS health_seats,
    least(key_users_active_30d / {{key_users_target}}, 1.0) AS health_key_users,
    CASE
      WHEN visits_prev_30d > 0 THEN greatest(0.0, least(1.0, 0.5 + 0.5 * (visits_30d - visits_prev_30d) / visits_prev_30d))
      WHEN visits_30d > 0 THEN 1.0
      ELSE 0.0
    END AS health_trend,
    CAST(NULLIF({{w_activity}} + {{w_breadth}} + {{w_depth}} + CASE WHEN seats > 0 THEN {{w_seats}} ELSE 0 END
      + {{w_key_users}} + {{w_trend}}, 0) AS DOUBLE) AS health_weight_total
  FROM inputs
),
points AS (
  SELECT *,
    100 * {{w_activity}} * health_activity / health_weight_total AS health_activity_points,
    100 * {{w_breadth}} * health_breadth / health_weight_total AS health_breadth_points,
    100 * {{w_depth}} * health_depth / health_weight_total AS health_depth_points,
    100 * {{w_seats}} * health_seats / health_weight_total AS health_seats_points,
    100 * {{w_key_users}} * health_key_users / health_weight_total AS health_key_users_points,
    100 * {{w_trend}} * health_trend / health_weight_total AS health_trend_points
  FROM components
),
scored AS (
  SELECT *,
    round(health_activity_points + health_breadth_points + health_depth_points + COALESCE(health_seats_points, 0)
          + health_key_users_points + health_trend_points, 1) AS health_score,
    -- points each component lost against its most (100 × w_c / health_weight_total)
    [100 * {{w_activity}} / health_weight_total - health_activity_points,
     100 * {{w_breadth}} / health_weight_total - health_breadth_points,
     100 * {{w_depth}} / health_weight_total - health_depth_points,
     COALESCE(100 * {{w_seats}} / health_weight_total - health_seats_points, 0),
     100 * {{w_key_users}} / health_weight_total - health_key_users_points,
     100 * {{w_trend}} / health_weight_total - health_trend_points] AS lost
  FROM points
)
SELECT
  account_id,
  snapshot_date,
  health_activity, health_activity_points,
  health_breadth, health_breadth_points,
  health_depth, health_depth_points,
  health_seats, health_seats_points,
  health_key_users, health_key_users_points,
  health_trend, health_trend_points,
  health_weight_total,
  health_score,
  CASE WHEN health_score >= {{band_green}} THEN 'green' WHEN health_score >= {{band_yellow}} THEN 'yellow' ELSE 'red' END AS health_band,
  ['activity', 'breadth', 'depth', 'seats', 'key_users', 'trend'][list_position(lost, list_max(lost))] AS health_weakest
FROM scored
