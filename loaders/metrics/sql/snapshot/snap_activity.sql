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
  contract.account_id,
  contract.snapshot_date,
  COALESCE(windows.visits_window, 0) AS visits_window,
  COALESCE(windows.page_views_window, 0) AS page_views_window,
  CASE WHEN stg_measures.users_measured THEN COALESCE(windows.active_users_window, 0) END AS active_users_window,
  CAST(COALESCE(windows.duration_window_s, 0) AS DOUBLE) / 60 AS duration_window_minutes,
  COALESCE(windows.modules_window, 0) AS modules_window,
  COALESCE(windows.modules_offered_used_window, 0) AS modules_offered_used_window,
  COALESCE(windows.features_window, 0) AS features_window,
  COALESCE(windows.key_actions_window, 0) AS key_actions_window,
  COALESCE(windows.events_window, 0) AS events_window,
  CASE WHEN stg_measures.key_users_measured THEN COALESCE(windows.key_users_active_window, 0) END AS key_users_active_window,
  windows.page_views_window / NULLIF(windows.visits_window, 0) AS pages_per_visit_window,
  COALESCE(windows.visits_prev_window, 0) AS visits_prev_window,
  CASE WHEN stg_measures.users_measured THEN COALESCE(windows.active_users_prev_window, 0) END AS active_users_prev_window,
  COALESCE(windows.visits_7d, 0) AS visits_7d,
  COALESCE(windows.visits_prev_7d, 0) AS visits_prev_7d,
  (windows.visits_7d - windows.visits_prev_7d) / NULLIF(windows.visits_prev_7d, 0) AS wow_visits_change,
  CASE WHEN stg_measures.key_users_measured THEN COALESCE(windows.key_user_events_recent, 0) > 0 END AS key_user_active_recent,
  windows.last_active_date,
  CASE WHEN stg_measures.key_users_measured THEN windows.key_user_last_active_date END AS key_user_last_active_date
FROM snap_contract_state contract
CROSS JOIN stg_measures
LEFT JOIN fct_account_window windows ON windows.account_id = contract.account_id AND windows.snapshot_date = contract.snapshot_date
