-- Grain: one row per usage event WITHOUT a session_id, on or before the as-of date.
-- Purpose: the visits of events that do not name their session: an event belongs to a visit of its user that
--          starts at the user's first event after a gap of more than activity.sessionGapMinutes. The visit's key
--          is ' <user_id>:<n>' (the n-th visit of the user); it starts with a space, which a session id never
--          does (ids and text are trimmed when the export is read: loaders/validate/checks.ts), so it cannot
--          collide with a session id. Materialised because numbering the visits sorts these events; the events
--          that have a session_id are not copied (stg_usage_events reads them from the export).
-- Docs: docs/metrics.md#activity
WITH events AS (
  SELECT account_id, user_id, "timestamp" AS ts, event, module, feature, duration_s, page_views
  FROM usage_events
  WHERE session_id IS NULL AND "timestamp" < {{as_of}} + INTERVAL 1 DAY
),
gaps AS (
  SELECT *,
    CASE WHEN ts - lag(ts) OVER (PARTITION BY account_id, user_id ORDER BY ts)
              <= to_microseconds(CAST(round(CAST({{session_gap_minutes}} AS DOUBLE) * 60000000) AS BIGINT))
         THEN 0 ELSE 1 END AS starts_visit
  FROM events
),
numbered AS (
  SELECT *,
    sum(starts_visit) OVER (PARTITION BY account_id, user_id ORDER BY ts ROWS UNBOUNDED PRECEDING) AS visit_number
  FROM gaps
)
SELECT
  account_id, user_id, ts, event, module, feature, duration_s, page_views,
  ' ' || user_id || ':' || visit_number AS visit_key
FROM numbered
