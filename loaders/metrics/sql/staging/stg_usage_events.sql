-- Grain: one row per usage event on or before the as-of date.
-- Purpose: the events every activity metric reads, reduced to what the metrics need: the day, the visit
--          (session) the event belongs to, and whether it is a key action (its event name is listed in
--          activity.keyActions). A visit is the event's session_id; an event without one belongs to a derived
--          visit of its user (stg_derived_visits). Events after the as-of date are left out here, so no metric
--          can see them.
--          A view, not a table: each model that reads it scans the staged export once instead of a copy of
--          every event being made first (at 10M events the copy cost seconds and a gigabyte of memory).
-- Docs: docs/metrics.md#activity
WITH with_visits AS (
  SELECT account_id, user_id, "timestamp" AS ts, event, module, feature, duration_s, page_views, session_id AS visit_key
  FROM usage_events
  WHERE session_id IS NOT NULL AND "timestamp" < {{as_of}} + INTERVAL 1 DAY
  UNION ALL
  SELECT account_id, user_id, ts, event, module, feature, duration_s, page_views, visit_key
  FROM stg_derived_visits
)
SELECT
  account_id,
  user_id,
  CAST(ts AS DATE) AS event_date,
  module,
  feature,
  visit_key,
  CAST(COALESCE(duration_s, 0) AS DECIMAL(18, 3)) AS duration_s,
  COALESCE(page_views, CASE WHEN event = 'page_view' THEN 1 ELSE 0 END) AS page_views,
  COALESCE(list_contains({{key_actions}}, event), false) AS is_key_action
FROM with_visits
