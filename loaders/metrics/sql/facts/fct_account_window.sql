-- Grain: one row per account per snapshot date, for accounts with at least one event on or before that date.
-- Reads: fct_account_daily, fct_user_daily, snapshot_dates, snapshot_windows, stg_usage_features
-- Purpose: trailing-window activity as of each snapshot date d, with the windows of snapshot_windows
--          (all inclusive of d): *_window = the window (activity.windowDays, default 30 days: d - 30 < day <= d),
--          *_prev_window = the window before it, *_7d / *_prev_7d = the last 7 days and the 7 before (always 7),
--          *_recent = the key-user window (activity.keyUserWindowDays, default 14 days).
--          Sums (visits started, page views, duration, key actions, events) add up fct_account_daily; distinct
--          counts (users, key users, modules, features) are counted over the window itself from
--          fct_user_daily and stg_usage_features, never added up from days or weeks.
-- Docs: docs/metrics.md#activity
WITH sums AS (
  SELECT daily.account_id, snapshot_windows.snapshot_date,
    CAST(sum(daily.visits) FILTER (WHERE snapshot_windows.in_window) AS BIGINT) AS visits_window,
    CAST(sum(daily.page_views) FILTER (WHERE snapshot_windows.in_window) AS BIGINT) AS page_views_window,
    sum(daily.duration_s) FILTER (WHERE snapshot_windows.in_window) AS duration_window_s,
    CAST(sum(daily.key_actions) FILTER (WHERE snapshot_windows.in_window) AS BIGINT) AS key_actions_window,
    CAST(sum(daily.events) FILTER (WHERE snapshot_windows.in_window) AS BIGINT) AS events_window,
    CAST(sum(daily.visits) FILTER (WHERE snapshot_windows.in_prev_window) AS BIGINT) AS visits_prev_window,
    CAST(sum(daily.visits) FILTER (WHERE snapshot_windows.in_last_7_days) AS BIGINT) AS visits_7d,
    CAST(sum(daily.visits) FILTER (WHERE snapshot_windows.in_prev_7_days) AS BIGINT) AS visits_prev_7d,
    CAST(sum(daily.key_user_events) FILTER (WHERE snapshot_windows.in_key_user_window) AS BIGINT) AS key_user_events_recent
  FROM snapshot_windows
  JOIN fct_account_daily daily ON daily.day = snapshot_windows.day
  GROUP BY daily.account_id, snapshot_windows.snapshot_date
),
users AS (
  -- each user once per account and snapshot date, with the windows they were active in
  SELECT account_id, snapshot_date,
    count(user_id) FILTER (WHERE in_window) AS active_users_window,
    count(user_id) FILTER (WHERE in_window AND is_key_user) AS key_users_active_window,
    count(user_id) FILTER (WHERE in_prev_window) AS active_users_prev_window
  FROM (
    SELECT user_day.account_id, snapshot_windows.snapshot_date, user_day.user_id, bool_or(user_day.is_key_user) AS is_key_user,
      bool_or(snapshot_windows.in_window) AS in_window, bool_or(snapshot_windows.in_prev_window) AS in_prev_window
    FROM snapshot_windows
    JOIN fct_user_daily user_day ON user_day.day = snapshot_windows.day
    WHERE snapshot_windows.in_window OR snapshot_windows.in_prev_window
    GROUP BY user_day.account_id, snapshot_windows.snapshot_date, user_day.user_id
  )
  GROUP BY account_id, snapshot_date
),
usage AS (
  SELECT features.account_id, snapshot_windows.snapshot_date,
    count(DISTINCT features.module) AS modules_window,
    count(DISTINCT features.module) FILTER (WHERE features.is_offered_module) AS modules_offered_used_window,
    count(DISTINCT features.feature) AS features_window
  FROM snapshot_windows
  JOIN stg_usage_features features ON features.day = snapshot_windows.day
  WHERE snapshot_windows.in_window
  GROUP BY features.account_id, snapshot_windows.snapshot_date
),
by_period AS (
  -- each active day goes to the first snapshot date on or after it (days after the as-of date are not in
  -- fct_account_daily); then min and max per account and period, so the all-time step joins periods, not days
  SELECT daily.account_id, snapshot_dates.snapshot_date AS period_end,
    min(daily.day) AS first_day,
    max(daily.day) AS last_day,
    max(daily.day) FILTER (WHERE daily.key_user_events > 0) AS last_key_user_day
  FROM fct_account_daily daily
  ASOF JOIN snapshot_dates ON daily.day <= snapshot_dates.snapshot_date
  GROUP BY daily.account_id, snapshot_dates.snapshot_date
),
to_date AS (
  -- all-time, up to d: first and last active day, last key-user day
  SELECT by_period.account_id, snapshot_dates.snapshot_date,
    min(by_period.first_day) AS first_active_date,
    max(by_period.last_day) AS last_active_date,
    max(by_period.last_key_user_day) AS key_user_last_active_date
  FROM snapshot_dates
  JOIN by_period ON by_period.period_end <= snapshot_dates.snapshot_date
  GROUP BY by_period.account_id, snapshot_dates.snapshot_date
)
SELECT
  to_date.account_id,
  to_date.snapshot_date,
  COALESCE(sums.visits_window, 0) AS visits_window,
  COALESCE(sums.page_views_window, 0) AS page_views_window,
  COALESCE(users.active_users_window, 0) AS active_users_window,
  COALESCE(sums.duration_window_s, 0) AS duration_window_s,
  COALESCE(usage.modules_window, 0) AS modules_window,
  COALESCE(usage.modules_offered_used_window, 0) AS modules_offered_used_window,
  COALESCE(usage.features_window, 0) AS features_window,
  COALESCE(sums.key_actions_window, 0) AS key_actions_window,
  COALESCE(sums.events_window, 0) AS events_window,
  COALESCE(users.key_users_active_window, 0) AS key_users_active_window,
  COALESCE(sums.visits_prev_window, 0) AS visits_prev_window,
  COALESCE(users.active_users_prev_window, 0) AS active_users_prev_window,
  COALESCE(sums.visits_7d, 0) AS visits_7d,
  COALESCE(sums.visits_prev_7d, 0) AS visits_prev_7d,
  COALESCE(sums.key_user_events_recent, 0) AS key_user_events_recent,
  to_date.first_active_date,
  to_date.last_active_date,
  to_date.key_user_last_active_date
FROM to_date
LEFT JOIN sums ON sums.account_id = to_date.account_id AND sums.snapshot_date = to_date.snapshot_date
LEFT JOIN users ON users.account_id = to_date.account_id AND users.snapshot_date = to_date.snapshot_date
LEFT JOIN usage ON usage.account_id = to_date.account_id AND usage.snapshot_date = to_date.snapshot_date
