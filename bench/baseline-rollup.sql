-- The baseline of bench/build.bench.ts: what a bare DuckDB script does with the same exports.
-- Grain of the output: one row per account per ISO week (Monday to Sunday) over the history span, for
-- every account with an event in it, zero-filled like account_weekly.parquet.
-- Reads the events (types auto-detected, rows that do not fit skipped) and the users (for key users),
-- rolls them up to account × week with the columns of account_weekly and writes zstd Parquet.
-- No validation, no rejects, no other metric: the floor a Pulse build is compared against.
-- {{events_scan}}, {{users_scan}} and {{out}} are filled in by bench/baselineRollup.ts; the other
-- parameters are Pulse's own (loaders/metrics/params.ts), so the span and the key actions are the same.
COPY (
  WITH span AS (
    SELECT CAST(date_trunc('week', {{history_start}}) AS DATE) AS first_week
  ),
  events AS (
    SELECT account_id, user_id, ts, event, module, feature, session_id,
      COALESCE(duration_s, 0) AS duration_s, COALESCE(page_views, 0) AS page_views
    -- a timestamp the reader typed is kept; one held as text (Parquet written with ISO 8601 strings) is cast
    FROM (SELECT *, CAST("timestamp" AS TIMESTAMP) AS ts FROM {{events_scan}}), span
    WHERE ts >= span.first_week AND ts < {{as_of}} + INTERVAL 1 DAY
  ),
  key_users AS (
    SELECT DISTINCT account_id, user_id FROM {{users_scan}} WHERE list_contains({{key_roles}}, role)
  ),
  weekly AS (
    SELECT e.account_id, CAST(date_trunc('week', e.ts) AS DATE) AS week_start,
      count(DISTINCT e.session_id) AS visits,
      CAST(sum(e.page_views) AS BIGINT) AS page_views,
      count(DISTINCT e.user_id) AS active_users,
      sum(e.duration_s) / 60.0 AS duration_minutes,
      count(DISTINCT e.module) AS modules,
      count(DISTINCT e.feature) AS features,
      count(*) FILTER (WHERE list_contains({{key_actions}}, e.event)) AS key_actions,
      count(*) AS events,
      count(DISTINCT e.user_id) FILTER (WHERE k.user_id IS NOT NULL) AS key_users_active
    FROM events e
    LEFT JOIN key_users k ON k.account_id = e.account_id AND k.user_id = e.user_id
    GROUP BY ALL
  ),
  weeks AS (
    SELECT CAST(w AS DATE) AS week_start
    FROM span, generate_series(CAST(span.first_week AS TIMESTAMP), CAST(date_trunc('week', {{as_of}}) AS TIMESTAMP), INTERVAL 7 DAY) AS t(w)
  )
  SELECT a.account_id, w.week_start, w.week_start + 6 AS week_end,
    COALESCE(s.visits, 0) AS visits, COALESCE(s.page_views, 0) AS page_views,
    COALESCE(s.active_users, 0) AS active_users, COALESCE(s.duration_minutes, 0) AS duration_minutes,
    COALESCE(s.modules, 0) AS modules, COALESCE(s.features, 0) AS features,
    COALESCE(s.key_actions, 0) AS key_actions, COALESCE(s.events, 0) AS events,
    COALESCE(s.key_users_active, 0) AS key_users_active
  FROM (SELECT DISTINCT account_id FROM weekly) a
  CROSS JOIN weeks w
  LEFT JOIN weekly s ON s.account_id = a.account_id AND s.week_start = w.week_start
  ORDER BY a.account_id, w.week_start
) TO {{out}} (FORMAT parquet, COMPRESSION zstd);
