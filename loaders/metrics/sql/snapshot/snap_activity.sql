-- Grain: one row per account per snapshot date (as snap_contract_state).
-- Reads: fct_account_window, snap_contract_state, stg_measures
-- Purpose: the account's activity as of the date (trailing windows from fct_account_window; zeros when it had
--          no events):
--            visits_30d            visits (sessions) started in the window (activity.windowDays, default 30 days)
--            page_views_30d        Σ page_views (an event without page_views counts 1 if it is a 'page_view')
--            active_users_30d      distinct users with an event
--            duration_30d_minutes  Σ duration_s / 60
--            modules_30d, features_30d  distinct modules / features used
--            key_actions_30d       events whose name is in activity.keyActions
--            pages_per_visit_30d   page_views_30d / visits_30d (NULL without visits)
--            wow_visits_change     (visits_7d - visits_prev_7d) / visits_prev_7d: the last 7 days (d-6 … d)
--                                  against the 7 before; NULL when the 7 before had no visits
--            key_user_active_14d   an admin, executive or champion had an event in the last
--                                  activity.keyUserWindowDays days (default 14)
--          Not measured (NULL, stg_measures): active users (and the window before) without user ids in the usage;
--          key-user activity without them or without a users export.
-- Docs: docs/metrics.md#activity
SELECT
  s.account_id,
  s.snapshot_date,
  COALESCE(w.visits_30d, 0) AS visits_30d,
  COALESCE(w.page_views_30d, 0) AS page_views_30d,
  CASE WHEN m.users_measured THEN COALESCE(w.active_users_30d, 0) END AS active_users_30d,
  CAST(COALESCE(w.duration_30d_s, 0) AS DOUBLE) / 60 AS duration_30d_minutes,
  COALESCE(w.modules_30d, 0) AS modules_30d,
  COALESCE(w.modules_offered_used_30d, 0) AS modules_offered_used_30d,
  COALESCE(w.features_30d, 0) AS features_30d,
  COALESCE(w.key_actions_30d, 0) AS key_actions_30d,
  COALESCE(w.events_30d, 0) AS events_30d,
  CASE WHEN m.key_users_measured THEN COALESCE(w.key_users_active_30d, 0) END AS key_users_active_30d,
  w.page_views_30d / NULLIF(w.visits_30d, 0) AS pages_per_visit_30d,
  COALESCE(w.visits_prev_30d, 0) AS visits_prev_30d,
  CASE WHEN m.users_measured THEN COALESCE(w.active_users_prev_30d, 0) END AS active_users_prev_30d,
  COALESCE(w.visits_7d, 0) AS visits_7d,
  COALESCE(w.visits_prev_7d, 0) AS visits_prev_7d,
  (w.visits_7d - w.visits_prev_7d) / NULLIF(w.visits_prev_7d, 0) AS wow_visits_change,
  CASE WHEN m.key_users_measured THEN COALESCE(w.key_user_events_14d, 0) > 0 END AS key_user_active_14d,
  w.last_active_date,
  CASE WHEN m.key_users_measured THEN w.key_user_last_active_date END AS key_user_last_active_date
FROM snap_contract_state s
CROSS JOIN stg_measures m
LEFT JOIN fct_account_window w ON w.account_id = s.account_id AND w.snapshot_date = s.snapshot_date
