-- Grain: one row per account per snapshot date (as snap_contract_state).
-- Reads: fct_account_window, snap_contract_state, stg_measures
-- Purpose: the account's activity as of the date (trailing windows from fct_account_window; zeros when it had
--          no events):
--            visits_window            visits (sessions) started in the window (activity.windowDays, default 30 days)
--            page_views_window        Σ page_views (an event without page_views counts 1 if it is a 'page_view')
--            active_users_window      distinct users with an event
--            duration_window_minutes  Σ duration_s / 60
--            modules_window, features_window  distinct modules / features used
--            key_actions_window       events whose name is in activity.keyActions
--            pages_per_visit_window   page_views_window / visits_window (NULL without visits)
--            wow_visits_change        (visits_7d - visits_prev_7d) / visits_prev_7d: the last 7 days (d-6 … d)
--                                     against the 7 before; NULL when the 7 before had no visits
--            key_user_active_recent   an admin, executive or champion had an event in the last
--                                     activity.keyUserWindowDays days (default 14)
--          The names say "window" and "recent", not a number of days: the windows are settings. Until the next
--          release snap_account_state also has these columns under their old names (visits_30d, …, key_user_active_14d).
--          Not measured (NULL, stg_measures): active users (and the window before) without user ids in the usage;
--          key-user activity without them or without a users export.
-- Docs: docs/metrics.md#activity
SELECT
  s.account_id,
  s.snapshot_date,
  COALESCE(w.visits_window, 0) AS visits_window,
  COALESCE(w.page_views_window, 0) AS page_views_window,
  CASE WHEN m.users_measured THEN COALESCE(w.active_users_window, 0) END AS active_users_window,
  CAST(COALESCE(w.duration_window_s, 0) AS DOUBLE) / 60 AS duration_window_minutes,
  COALESCE(w.modules_window, 0) AS modules_window,
  COALESCE(w.modules_offered_used_window, 0) AS modules_offered_used_window,
  COALESCE(w.features_window, 0) AS features_window,
  COALESCE(w.key_actions_window, 0) AS key_actions_window,
  COALESCE(w.events_window, 0) AS events_window,
  CASE WHEN m.key_users_measured THEN COALESCE(w.key_users_active_window, 0) END AS key_users_active_window,
  w.page_views_window / NULLIF(w.visits_window, 0) AS pages_per_visit_window,
  COALESCE(w.visits_prev_window, 0) AS visits_prev_window,
  CASE WHEN m.users_measured THEN COALESCE(w.active_users_prev_window, 0) END AS active_users_prev_window,
  COALESCE(w.visits_7d, 0) AS visits_7d,
  COALESCE(w.visits_prev_7d, 0) AS visits_prev_7d,
  (w.visits_7d - w.visits_prev_7d) / NULLIF(w.visits_prev_7d, 0) AS wow_visits_change,
  CASE WHEN m.key_users_measured THEN COALESCE(w.key_user_events_recent, 0) > 0 END AS key_user_active_recent,
  w.last_active_date,
  CASE WHEN m.key_users_measured THEN w.key_user_last_active_date END AS key_user_last_active_date
FROM snap_contract_state s
CROSS JOIN stg_measures m
LEFT JOIN fct_account_window w ON w.account_id = s.account_id AND w.snapshot_date = s.snapshot_date
