-- Grain: one row per usage row WITHOUT a session_id and with a time of day, on or before the as-of date.
-- Purpose: the visits of usage rows that do not name their session: a row belongs to a visit of its user that
--          starts at the user's first row after a gap of more than activity.sessionGapMinutes. Rows without a user
--          form the visits of their account the same way. The visit's key is ' <user_id>:<n>' (the n-th visit of
--          the user; ' :<n>' for the account's rows without a user); it starts with one space, which a session id
--          never does (ids and text are trimmed when the export is read: loaders/validate/checks.ts), so it cannot
--          collide with a session id, nor with the daily visits of stg_usage_events (two spaces). Materialised
--          because numbering the visits sorts these rows; rows that have a session_id or only a date are not
--          copied (stg_usage_events reads them from the export). Rows with count 0 stand for no action: left out.
-- Docs: docs/metrics.md#activity
WITH events AS (
  SELECT account_id, user_id, "timestamp" AS ts, event, module, feature, duration_s, page_views, COALESCE("count", 1) AS events
  FROM usage_events
  WHERE session_id IS NULL AND NOT date_only AND COALESCE("count", 1) > 0 AND "timestamp" < {{as_of}} + INTERVAL 1 DAY
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
  account_id, user_id, ts, event, module, feature, duration_s, page_views, events,
  ' ' || COALESCE(user_id, '') || ':' || visit_number AS visit_key
FROM numbered
