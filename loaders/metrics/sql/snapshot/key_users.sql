-- Grain: one row per key user (role admin, executive or champion) of an account that existed on the as-of date.
-- Purpose: who the key users are and whether they still use the product (written as key_users.parquet): last
--          event on or before the as-of date, activity in the window (activity.windowDays) and whether they
--          were active in the key-user window (activity.keyUserWindowDays, default 14 days). Users are shown by
--          id and role; no contact field is copied.
-- Docs: docs/metrics.md#key-users
WITH key_users AS (
  SELECT user_id, account_id, role FROM users WHERE list_contains({{key_roles}}, role)
),
all_time AS (
  SELECT u.account_id, u.user_id, max(u.day) AS last_active_date
  FROM fct_user_daily u
  WHERE u.is_key_user
  GROUP BY u.account_id, u.user_id
),
in_window AS (
  SELECT e.account_id, e.user_id,
    count(DISTINCT e.visit_key) AS visits_30d,
    CAST(sum(e.events) AS BIGINT) AS events_30d,
    CAST(sum(e.key_actions) AS BIGINT) AS key_actions_30d,
    CAST(sum(e.duration_s) AS DOUBLE) / 60 AS duration_30d_minutes,
    count(DISTINCT e.day) AS active_days_30d
  FROM stg_usage_visits e
  SEMI JOIN key_users k ON k.user_id = e.user_id AND k.account_id = e.account_id
  WHERE e.day > {{as_of}} - {{window_days}}
  GROUP BY e.account_id, e.user_id
)
SELECT
  k.user_id,
  k.account_id,
  s.name AS account_name,
  s.csm_owner,
  s.tier,
  k.role,
  t.last_active_date,
  {{as_of}} - t.last_active_date AS days_since_active,
  COALESCE(t.last_active_date > {{as_of}} - {{key_user_window_days}}, false) AS active_14d,
  COALESCE(w.visits_30d, 0) AS visits_30d,
  COALESCE(w.events_30d, 0) AS events_30d,
  COALESCE(w.key_actions_30d, 0) AS key_actions_30d,
  COALESCE(w.duration_30d_minutes, 0) AS duration_30d_minutes,
  COALESCE(w.active_days_30d, 0) AS active_days_30d
FROM key_users k
JOIN account_snapshot s ON s.account_id = k.account_id
LEFT JOIN all_time t ON t.account_id = k.account_id AND t.user_id = k.user_id
LEFT JOIN in_window w ON w.account_id = k.account_id AND w.user_id = k.user_id
ORDER BY k.account_id, k.role, k.user_id
