-- Grain: one row per account on the as-of date per health-score component (loaders/metrics/healthComponents.ts).
-- Reads: snap_account_state, snap_health_score, snapshot_dates
-- Output: health_components.parquet
-- Purpose: every account's health score explained, component by component, computed once for every page that
--          shows it (the account page, health_explanation's text): the component's value (0..1, NULL when not
--          measured), its weight (health.weights), its points, the most it could give (max_points = 100 × weight / health_weight_total; NULL when
--          not measured), shown_points (the points rounded to 0.1 so that they add up to the score: the largest
--          remainders get the leftover tenths), whether it is the weakest, and what was measured, in words.
-- Docs: docs/metrics.md#health-score
WITH rows AS (
  {{health_component_rows}}
),
rounded AS (
  SELECT component_row.*,
    score.health_score, score.health_weakest,
    floor(component_row.points * 10 + 1e-9) AS tenths,
    component_row.points * 10 - floor(component_row.points * 10 + 1e-9) AS remainder
  FROM rows component_row
  JOIN snap_health_score score ON score.account_id = component_row.account_id
  JOIN snapshot_dates ON snapshot_dates.snapshot_date = score.snapshot_date AND snapshot_dates.is_as_of
),
leftover AS (
  SELECT *,
    CAST(round(health_score * 10) - sum(tenths) OVER (PARTITION BY account_id) AS INTEGER) AS missing_tenths,
    row_number() OVER (PARTITION BY account_id ORDER BY value IS NULL, remainder DESC, position) AS largest_first,
    row_number() OVER (PARTITION BY account_id ORDER BY value IS NULL OR tenths = 0, remainder, position) AS smallest_first
  FROM rounded
)
SELECT
  account_id,
  position,
  component,
  label,
  weight,
  value,
  value IS NOT NULL AS measured_for_account,
  points,
  CASE WHEN value IS NOT NULL THEN 100 * weight / health_weight_total END AS max_points,
  CASE WHEN value IS NOT NULL THEN (tenths
    + CASE WHEN missing_tenths > 0 AND largest_first <= missing_tenths THEN 1
           WHEN missing_tenths < 0 AND smallest_first <= -missing_tenths THEN -1 ELSE 0 END) / 10 END AS shown_points,
  component = health_weakest AS weakest,
  measured
FROM leftover
ORDER BY account_id, position
