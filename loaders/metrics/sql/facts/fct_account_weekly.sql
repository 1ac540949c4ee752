-- Grain: one row per account per ISO week (Monday to Sunday), from the first week of the history span
--        (history.months months before the as-of month) to the as-of week, for every account with a contract
--        or an event in that span; weeks without events are rows of zeros, so trends and sparklines line up.
-- Purpose: weekly activity for trends (written as account_weekly.parquet): visits started in the week, page
--          views, distinct active users, duration, distinct modules and features, key actions, events and
--          distinct key users active. The as-of week is partial: days_observed says how many of its days are
--          on or before the as-of date. active_users / key_users_active are NULL when not measured (stg_measures).
-- Docs: docs/metrics.md#weekly-activity
WITH span AS (
  SELECT CAST(date_trunc('week', {{history_start}}) AS DATE) AS first_week
),
weeks AS (
  SELECT CAST(w AS DATE) AS week_start
  FROM span, generate_series(CAST(span.first_week AS TIMESTAMP), CAST(date_trunc('week', {{as_of}}) AS TIMESTAMP), INTERVAL 7 DAY) AS t(w)
),
sums AS (
  SELECT account_id, CAST(date_trunc('week', day) AS DATE) AS week_start,
    CAST(sum(visits) AS BIGINT) AS visits, CAST(sum(page_views) AS BIGINT) AS page_views, sum(duration_s) AS duration_s,
    CAST(sum(key_actions) AS BIGINT) AS key_actions, CAST(sum(events) AS BIGINT) AS events
  FROM fct_account_daily, span
  WHERE day >= span.first_week
  GROUP BY ALL
),
users AS (
  SELECT account_id, CAST(date_trunc('week', day) AS DATE) AS week_start,
    count(DISTINCT user_id) AS active_users,
    count(DISTINCT user_id) FILTER (WHERE is_key_user) AS key_users_active
  FROM fct_user_daily, span
  WHERE day >= span.first_week
  GROUP BY ALL
),
usage AS (
  SELECT account_id, CAST(date_trunc('week', day) AS DATE) AS week_start,
    count(DISTINCT module) AS modules,
    count(DISTINCT feature) AS features
  FROM stg_usage_features, span
  WHERE day >= span.first_week
  GROUP BY ALL
),
accounts_in_span AS (
  SELECT account_id FROM sums
  UNION
  SELECT account_id FROM stg_contracts, span WHERE in_force_until >= span.first_week AND start_date <= {{as_of}}
)
SELECT
  a.account_id,
  w.week_start,
  w.week_start + 6 AS week_end,
  CAST(least(w.week_start + 6, {{as_of}}) - w.week_start + 1 AS INTEGER) AS days_observed,
  COALESCE(s.visits, 0) AS visits,
  COALESCE(s.page_views, 0) AS page_views,
  CASE WHEN m.users_measured THEN COALESCE(u.active_users, 0) END AS active_users,
  CAST(COALESCE(s.duration_s, 0) AS DOUBLE) / 60 AS duration_minutes,
  COALESCE(g.modules, 0) AS modules,
  COALESCE(g.features, 0) AS features,
  COALESCE(s.key_actions, 0) AS key_actions,
  COALESCE(s.events, 0) AS events,
  CASE WHEN m.key_users_measured THEN COALESCE(u.key_users_active, 0) END AS key_users_active
FROM accounts_in_span a
CROSS JOIN weeks w
CROSS JOIN stg_measures m
LEFT JOIN sums s ON s.account_id = a.account_id AND s.week_start = w.week_start
LEFT JOIN users u ON u.account_id = a.account_id AND u.week_start = w.week_start
LEFT JOIN usage g ON g.account_id = a.account_id AND g.week_start = w.week_start
ORDER BY a.account_id, w.week_start
