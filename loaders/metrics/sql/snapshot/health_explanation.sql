-- Grain: one row per account on the as-of date.
-- Purpose: the health score in words, component by component, so a page can say why an account is red:
--          "Score 52.0 (yellow). Activity 10.0 of 25.0 points (8 visits in 30 days; full at 20). …" — each
--          component's points, the most it could give (100 × its weight / health_weight_total) and the
--          measure behind it.
-- Docs: docs/metrics.md#health-score
SELECT
  account_id,
  printf('Score %.1f (%s). Activity %.1f of %.1f points (%d visits in %d days; full at %s). '
         || 'Breadth %.1f of %.1f (%d of %d modules). Depth %.1f of %.1f (%.1f %s per active user; full at %s). '
         || '%s'
         || 'Key users %.1f of %.1f (%d active; full at %s). Trend %.1f of %.1f (%s).',
    health_score, health_band,
    health_activity_points, 100 * {{w_activity}} / health_weight_total, visits_30d, {{window_days}}, '{{activity_target_visits}}',
    health_breadth_points, 100 * {{w_breadth}} / health_weight_total, modules_offered_used_30d, modules_offered,
    health_depth_points, 100 * {{w_depth}} / health_weight_total, depth, {{depth_unit}}, '{{depth_target}}',
    CASE WHEN seats > 0
      THEN printf('Seats %.1f of %.1f (%d of %d seats active). ', health_seats_points, 100 * {{w_seats}} / health_weight_total, active_users_30d, seats)
      ELSE 'Seats not counted (seats unknown). ' END,
    health_key_users_points, 100 * {{w_key_users}} / health_weight_total, key_users_active_30d, '{{key_users_target}}',
    health_trend_points, 100 * {{w_trend}} / health_weight_total,
    CASE
      WHEN visits_prev_30d > 0 THEN printf('visits %+.0f%% against the %d days before', 100.0 * (visits_30d - visits_prev_30d) / visits_prev_30d, {{window_days}})
      WHEN visits_30d > 0 THEN printf('visits started; none in the %d days before', {{window_days}})
      ELSE 'no visits'
    END
  ) AS health_explanation
FROM snap_account_state
WHERE is_as_of
