-- Grain: one row per account per snapshot date, for accounts with at least one event on or before that date.
-- Purpose: trailing-window activity as of each snapshot date d, with the windows of snapshot_windows
--          (all inclusive of d): *_30d = the window (activity.windowDays, default 30 days: d - 30 < day <= d),
--          *_prev_30d = the window before it, *_7d / *_prev_7d = the last 7 days and the 7 before,
--          key_user_events_14d = the key-user window (activity.keyUserWindowDays, default 14 days).
--          Sums (visits started, page views, duration, key actions, events) add up fct_account_daily; distinct
--          counts (users, key users, modules, features) are counted over the window itself from
--          fct_user_daily and stg_usage_features, never added up from days or weeks.
-- Docs: docs/metrics.md#activity
WITH sums AS (
  SELECT d.account_id, w.snapshot_date,
    CAST(sum(d.visits) FILTER (WHERE w.in_window) AS BIGINT) AS visits_30d,
    CAST(sum(d.page_views) FILTER (WHERE w.in_window) AS BIGINT) AS page_views_30d,
    sum(d.duration_s) FILTER (WHERE w.in_window) AS duration_30d_s,
    CAST(sum(d.key_actions) FILTER (WHERE w.in_window) AS BIGINT) AS key_actions_30d,
    CAST(sum(d.events) FILTER (WHERE w.in_window) AS BIGINT) AS events_30d,
    CAST(sum(d.visits) FILTER (WHERE w.in_prev_window) AS BIGINT) AS visits_prev_30d,
    CAST(sum(d.visits) FILTER (WHERE w.in_last_7_days) AS BIGINT) AS visits_7d,
    CAST(sum(d.visits) FILTER (WHERE w.in_prev_7_days) AS BIGINT) AS visits_prev_7d,
    CAST(sum(d.key_user_events) FILTER (WHERE w.in_key_user_window) AS BIGINT) AS key_user_events_14d
  FROM snapshot_windows w
  JOIN fct_account_daily d ON d.day = w.day
  GROUP BY d.account_id, w.snapshot_date
),
users AS (
  -- each user once per account and snapshot date, with the windows they were active in
  SELECT account_id, snapshot_date,
    count(user_id) FILTER (WHERE in_window) AS active_users_30d,
    count(user_id) FILTER (WHERE in_window AND is_key_user) AS key_users_active_30d,
    count(user_id) FILTER (WHERE in_prev_window) AS active_users_prev_30d
  FROM (
    SELECT u.account_id, w.snapshot_date, u.user_id, bool_or(u.is_key_user) AS is_key_user,
      bool_or(w.in_window) AS in_window, bool_or(w.in_prev_window) AS in_prev_window
    FROM snapshot_windows w
    JOIN fct_user_daily u ON u.day = w.day
    WHERE w.in_window OR w.in_prev_window
    GROUP BY u.account_id, w.snapshot_date, u.user_id
  )
  GROUP BY account_id, snapshot_date
),
usage AS (
  SELECT g.account_id, w.snapshot_date,
    count(DISTINCT g.module) AS modules_30d,
    count(DISTINCT g.module) FILTER (WHERE g.is_offered_module) AS modules_offered_used_30d,
    count(DISTINCT g.feature) AS features_30d
  FROM snapshot_windows w
  JOIN stg_usage_features g ON g.day = w.day
  WHERE w.in_window
  GROUP BY g.account_id, w.snapshot_date
),
by_period AS (
  -- each active day goes to the first snapshot date on or after it (days after the as-of date are not in
  -- fct_account_daily); then min and max per account and period, so the all-time step joins periods, not days
  SELECT d.account_id, s.snapshot_date AS period_end,
    min(d.day) AS first_day,
    max(d.day) AS last_day,
    max(d.day) FILTER (WHERE d.key_user_events > 0) AS last_key_user_day
  FROM fct_account_daily d
  ASOF JOIN snapshot_dates s ON d.day <= s.snapshot_date
  GROUP BY d.account_id, s.snapshot_date
),
to_date AS (
  -- all-time, up to d: first and last active day, last key-user day
  SELECT p.account_id, s.snapshot_date,
    min(p.first_day) AS first_active_date,
    max(p.last_day) AS last_active_date,
    max(p.last_key_user_day) AS key_user_last_active_date
  FROM snapshot_dates s
  JOIN by_period p ON p.period_end <= s.snapshot_date
  GROUP BY p.account_id, s.snapshot_date
)
SELECT
  t.account_id,
  t.snapshot_date,
  COALESCE(x.visits_30d, 0) AS visits_30d,
  COALESCE(x.page_views_30d, 0) AS page_views_30d,
  COALESCE(u.active_users_30d, 0) AS active_users_30d,
  COALESCE(x.duration_30d_s, 0) AS duration_30d_s,
  COALESCE(g.modules_30d, 0) AS modules_30d,
  COALESCE(g.modules_offered_used_30d, 0) AS modules_offered_used_30d,
  COALESCE(g.features_30d, 0) AS features_30d,
  COALESCE(x.key_actions_30d, 0) AS key_actions_30d,
  COALESCE(x.events_30d, 0) AS events_30d,
  COALESCE(u.key_users_active_30d, 0) AS key_users_active_30d,
  COALESCE(x.visits_prev_30d, 0) AS visits_prev_30d,
  COALESCE(u.active_users_prev_30d, 0) AS active_users_prev_30d,
  COALESCE(x.visits_7d, 0) AS visits_7d,
  COALESCE(x.visits_prev_7d, 0) AS visits_prev_7d,
  COALESCE(x.key_user_events_14d, 0) AS key_user_events_14d,
  t.first_active_date,
  t.last_active_date,
  t.key_user_last_active_date
FROM to_date t
LEFT JOIN sums x ON x.account_id = t.account_id AND x.snapshot_date = t.snapshot_date
LEFT JOIN users u ON u.account_id = t.account_id AND u.snapshot_date = t.snapshot_date
LEFT JOIN usage g ON g.account_id = t.account_id AND g.snapshot_date = t.snapshot_date
