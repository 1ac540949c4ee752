-- Grain: one row per usage row on or before the as-of date that stands for at least one action.
-- Purpose: the usage every activity metric reads, reduced to what the metrics need: the day, the visit (session)
--          the row belongs to, how many actions it stands for (events: the row's count, 1 when the export has none;
--          a row with count 0 stands for no action and is left out) and whether they are key actions (the row's
--          event name is listed in activity.keyActions). A row's visit is:
--            its session_id, when it has one;
--            else, for a row with a time of day, a visit derived from the gaps between its user's rows (or its
--              account's, for rows without a user): stg_derived_visits;
--            else (a daily row: a date alone) one visit per user per day with activity, or per account per day for
--              rows without a user: key '  <user_id>:<day>' (two spaces; '  :<day>' without a user).
--          Page views are the row's page_views, else its count when the event is 'page_view'. Rows after the
--          as-of date are left out here, so no metric can see them.
--          A view, not a table: each model that reads it scans the staged export once instead of a copy of
--          every event being made first (at 10M events the copy cost seconds and a gigabyte of memory).
-- Docs: docs/metrics.md#activity
WITH with_visits AS (
  SELECT account_id, user_id, "timestamp" AS ts, event, module, feature, duration_s, page_views, COALESCE("count", 1) AS events,
    session_id AS visit_key
  FROM usage_events
  WHERE session_id IS NOT NULL AND COALESCE("count", 1) > 0 AND "timestamp" < {{as_of}} + INTERVAL 1 DAY
  UNION ALL
  SELECT account_id, user_id, "timestamp", event, module, feature, duration_s, page_views, COALESCE("count", 1),
    '  ' || COALESCE(user_id, '') || ':' || strftime("timestamp", '%Y-%m-%d')
  FROM usage_events
  WHERE session_id IS NULL AND date_only AND COALESCE("count", 1) > 0 AND "timestamp" < {{as_of}} + INTERVAL 1 DAY
  UNION ALL
  SELECT account_id, user_id, ts, event, module, feature, duration_s, page_views, events, visit_key
  FROM stg_derived_visits
)
SELECT
  account_id,
  user_id,
  CAST(ts AS DATE) AS event_date,
  module,
  feature,
  visit_key,
  events,
  CAST(COALESCE(duration_s, 0) AS DECIMAL(18, 3)) AS duration_s,
  COALESCE(page_views, CASE WHEN event = 'page_view' THEN events ELSE 0 END) AS page_views,
  COALESCE(list_contains({{key_actions}}, event), false) AS is_key_action
FROM with_visits
