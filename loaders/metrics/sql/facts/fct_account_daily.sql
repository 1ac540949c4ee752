-- Grain: one row per account per day with at least one event.
-- Purpose: the daily activity of an account, additive over days: visits started, events, page views,
--          duration, key actions, active users of the day and key-user events. Windows and weeks that need
--          sums read this table; distinct users, modules and features come from fct_user_daily and
--          stg_usage_features.
-- Docs: docs/metrics.md#activity
WITH users_by_day AS (
  SELECT
    account_id,
    day,
    CAST(sum(events) AS BIGINT) AS events,
    CAST(sum(key_actions) AS BIGINT) AS key_actions,
    sum(duration_s) AS duration_s,
    CAST(sum(page_views) AS BIGINT) AS page_views,
    count(user_id) AS active_users,
    count(user_id) FILTER (WHERE is_key_user) AS key_users_active,
    CAST(sum(events) FILTER (WHERE is_key_user) AS BIGINT) AS key_user_events
  FROM fct_user_daily
  GROUP BY account_id, day
),
visits_by_day AS (
  SELECT account_id, start_date AS day, count(*) AS visits
  FROM fct_visits
  GROUP BY account_id, start_date
)
SELECT
  u.account_id,
  u.day,
  COALESCE(v.visits, 0) AS visits,
  u.events,
  u.page_views,
  u.duration_s,
  u.key_actions,
  u.active_users,
  u.key_users_active,
  COALESCE(u.key_user_events, 0) AS key_user_events
FROM users_by_day u
LEFT JOIN visits_by_day v ON v.account_id = u.account_id AND v.day = u.day
