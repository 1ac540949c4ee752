-- Grain: one row per account per day per module and feature used that day (module or feature may be NULL).
-- Purpose: what was used when. Modules and features used over any window are the distinct values of this
--          table in the window; is_offered_module marks modules counted in adoption breadth
--          (grid.modulesOffered, or every module when that list is empty).
-- Docs: docs/metrics.md#activity
SELECT
  account_id,
  event_date AS day,
  module,
  feature,
  CASE WHEN len({{modules_offered}}) = 0 THEN module IS NOT NULL
       ELSE COALESCE(list_contains({{modules_offered}}, module), false) END AS is_offered_module,
  CAST(sum(events) AS BIGINT) AS events,
  CAST(COALESCE(sum(events) FILTER (WHERE is_key_action), 0) AS BIGINT) AS key_actions,
  sum(duration_s) AS duration_s
FROM stg_usage_events
GROUP BY account_id, event_date, module, feature
