-- Grain: one row per account on the as-of date.
-- Reads: health_components, snap_health_score, snapshot_dates
-- Purpose: the health score in words, one sentence per component from health_components, so a page or a CSV can
--          say why an account is red: "Score 52.0 (yellow). Activity 10.0 of 25.0 points: 8 visits in the last 30
--          days; full points at 20. … Seats in use not counted: the number of seats is unknown, …"
-- Docs: docs/metrics.md#health-score
SELECT
  health_components.account_id,
  printf('Score %.1f (%s). ', any_value(score.health_score), any_value(score.health_band))
    || string_agg(
         CASE WHEN health_components.measured_for_account THEN printf('%s %.1f of %.1f points: %s.', health_components.label, health_components.shown_points, health_components.max_points, health_components.measured)
              ELSE printf('%s %s.', health_components.label, health_components.measured) END,
         ' ' ORDER BY health_components.position) AS health_explanation
FROM health_components
JOIN snap_health_score score ON score.account_id = health_components.account_id
JOIN snapshot_dates ON snapshot_dates.snapshot_date = score.snapshot_date AND snapshot_dates.is_as_of
GROUP BY health_components.account_id
