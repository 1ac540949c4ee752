-- Grain: one row per key user (role admin, executive or champion) of an account that existed on the as-of date.
-- Reads: account_snapshot, fct_user_daily, stg_usage_visits, users
-- Output: key_users.parquet
-- Purpose: who the key users are and whether they still use the product (written as key_users.parquet): last
--          event on or before the as-of date, activity in the window (activity.windowDays) and whether they
--          were active in the key-user window (activity.keyUserWindowDays, default 14 days). Users are shown by
--          id and role; no contact field is copied.
-- Docs: docs/metrics.md#key-users
WITH key_users AS (
  SELECT user_id, account_id, role FROM users WHERE list_contains({{key_roles}}, role)
),
all_time AS (
  SELECT user_day.account_id, user_day.user_id, max(user_day.day) AS last_active_date
  FROM fct_user_daily user_day
  WHERE user_day.is_key_user
  GROUP BY user_day.account_id, user_day.user_id
),
in_window AS (
  SELECT visit.account_id, visit.user_id,
    count(DISTINCT visit.visit_key) AS visits_window,
    CAST(sum(visit.events) AS BIGINT) AS events_window,
    CAST(sum(visit.key_actions) AS BIGINT) AS key_actions_window,
    CAST(sum(visit.duration_s) AS DOUBLE) / 60 AS duration_window_minutes,
    count(DISTINCT visit.day) AS active_days_window
  FROM stg_usage_visits visit
  SEMI JOIN key_users ON key_users.user_id = visit.user_id AND key_users.account_id = visit.account_id
  WHERE visit.day > {{as_of}} - {{window_days}}
  GROUP BY visit.account_id, visit.user_id
),
per_user AS (
  SELECT
    key_users.user_id,
    key_users.account_id,
    account.name AS account_name,
    account.csm_owner,
    account.tier,
    key_users.role,
    all_time.last_active_date,
    {{as_of}} - all_time.last_active_date AS days_since_active,
    COALESCE(all_time.last_active_date > {{as_of}} - {{key_user_window_days}}, false) AS active_recent,
    COALESCE(in_window.visits_window, 0) AS visits_window,
    COALESCE(in_window.events_window, 0) AS events_window,
    COALESCE(in_window.key_actions_window, 0) AS key_actions_window,
    COALESCE(in_window.duration_window_minutes, 0) AS duration_window_minutes,
    COALESCE(in_window.active_days_window, 0) AS active_days_window
  FROM key_users
  JOIN account_snapshot account ON account.account_id = key_users.account_id
  LEFT JOIN all_time ON all_time.account_id = key_users.account_id AND all_time.user_id = key_users.user_id
  LEFT JOIN in_window ON in_window.account_id = key_users.account_id AND in_window.user_id = key_users.user_id
)
SELECT *,
  -- deprecated names, until the next release (docs/metrics.md#deprecated-names)
  active_recent AS active_14d, visits_window AS visits_30d, events_window AS events_30d,
  key_actions_window AS key_actions_30d, duration_window_minutes AS duration_30d_minutes, active_days_window AS active_days_30d
FROM per_user
ORDER BY account_id, role, user_id
