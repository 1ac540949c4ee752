-- Grain: one row per account on the as-of date.
-- Reads: health_components, snap_health_score, snapshot_dates
-- Purpose: the health score in words, one sentence per component from health_components, so a page or a CSV can
--          say why an account is red: "Score 52.0 (yellow). Activity 10.0 of 25.0 points: 8 visits in the last 30
--          days; full points at 20. … Seats in use not counted: the number of seats is unknown, …"
-- Docs: docs/metrics.md#health-score
SELECT
  c.account_id,
  printf('Score %.1f (%s). ', any_value(a.health_score), any_value(a.health_band))
    || string_agg(
         CASE WHEN c.measured_for_account THEN printf('%s %.1f of %.1f points: %s.', c.label, c.shown_points, c.max_points, c.measured)
              ELSE printf('%s %s.', c.label, c.measured) END,
         ' ' ORDER BY c.position) AS health_explanation
FROM health_components c
JOIN snap_health_score a ON a.account_id = c.account_id
JOIN snapshot_dates s ON s.snapshot_date = a.snapshot_date AND s.is_as_of
GROUP BY c.account_id
