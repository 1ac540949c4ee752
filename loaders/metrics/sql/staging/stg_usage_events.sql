-- Grain: one row per usage event on or before the as-of date.
-- Purpose: the events every activity metric reads, reduced to what the metrics need: the day, the visit
--          (session) the event belongs to, and whether it is a key action (its event name is listed in
--          activity.keyActions). A visit is the event's session_id; an event without one belongs to a visit of
--          its user that starts at the user's first event after a gap of more than activity.sessionGapMinutes.
--          Events after the as-of date are left out here, so no metric can see them.
-- Docs: docs/metrics.md#activity
-- (events is NOT MATERIALIZED: each branch below reads the export once, instead of a copy of it being made)
WITH events AS NOT MATERIALIZED (
  SELECT
    account_id,
    user_id,
    "timestamp" AS ts,
    event,
    module,
    feature,
    session_id,
    CAST(COALESCE(duration_s, 0) AS DECIMAL(18, 3)) AS duration_s,
    COALESCE(page_views, CASE WHEN event = 'page_view' THEN 1 ELSE 0 END) AS page_views
  FROM usage_events
  WHERE "timestamp" < {{as_of}} + INTERVAL 1 DAY
),
gaps AS (
  SELECT *,
    CASE WHEN ts - lag(ts) OVER (PARTITION BY account_id, user_id ORDER BY ts)
              <= to_microseconds(CAST(round(CAST({{session_gap_minutes}} AS DOUBLE) * 60000000) AS BIGINT))
         THEN 0 ELSE 1 END AS starts_visit
  FROM events
  WHERE session_id IS NULL
),
derived_visits AS (
  SELECT *,
    sum(starts_visit) OVER (PARTITION BY account_id, user_id ORDER BY ts ROWS UNBOUNDED PRECEDING) AS visit_number
  FROM gaps
),
with_visits AS (
  -- the session id itself (no new string per event: on millions of events building one was most of this
  -- model's time); a derived visit's key starts with a space, which a session id never does (ids and text are
  -- trimmed when the export is read: loaders/validate/checks.ts), so the two kinds cannot collide
  SELECT * EXCLUDE (session_id), session_id AS visit_key FROM events WHERE session_id IS NOT NULL
  UNION ALL
  SELECT * EXCLUDE (session_id, starts_visit, visit_number), ' ' || user_id || ':' || visit_number AS visit_key FROM derived_visits
)
SELECT
  account_id,
  user_id,
  CAST(ts AS DATE) AS event_date,
  module,
  feature,
  visit_key,
  duration_s,
  page_views,
  COALESCE(list_contains({{key_actions}}, event), false) AS is_key_action
FROM with_visits
