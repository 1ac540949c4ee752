-- Grain: one row per account on the as-of date (accounts that existed by then).
-- Reads: fct_churns, health_explanation, snap_account_state, snap_churn_watch
-- Output: accounts.parquet
-- Purpose: the accounts table of the site (written as accounts.parquet): descriptive columns, contract
--          position, tier, activity, segment, health grid and score with every component, lifecycle stage and
--          churn watch with its reasons. Every column is defined in the snapshot/ model that computes it.
-- Docs: docs/metrics.md#accounts
SELECT
  account_id, name, csm_owner, region, industry, seats, created_at,
  snapshot_date AS as_of,
  -- contract position (snap_contract_state)
  arr, has_active_contract, active_contracts, plan, customer_since, signed_on, contract_start, contract_end,
  days_to_renewal, renewal_term_days, open_ended, renewal_signed, recently_renewed, renewal_expanded, last_contract_end,
  -- tier (snap_tiers)
  tier, arr_rank, arr_share,
  -- activity (snap_activity)
  visits_window, page_views_window, active_users_window, duration_window_minutes, modules_window, modules_offered_used_window,
  features_window, key_actions_window, events_window, pages_per_visit_window, key_users_active_window,
  visits_prev_window, active_users_prev_window, visits_7d, visits_prev_7d, wow_visits_change,
  key_user_active_recent, key_user_last_active_date, last_active_date, first_key_action_date,
  -- segment (snap_segments)
  segment, high_frequency, high_value, segment_playbook,
  -- health grid (snap_health_grid)
  modules_offered, breadth, depth, grid_breadth, grid_depth, grid_cell, grid_rank,
  grid_cell_prev, grid_rank_prev, grid_migration,
  -- support (snap_support)
  support_open_tickets, support_tickets_window, support_escalations_window, support_satisfaction_window, support_rated_window,
  -- health score (snap_health_score; its components are listed in loaders/metrics/healthComponents.ts)
  health_score, health_band, health_weakest,
  {{health_component_columns}},
  health_weight_total, health_explanation.health_explanation,
  -- lifecycle (snap_lifecycle)
  lifecycle_stage, days_since_signing,
  -- churn (fct_churns): the latest churn and its reason; a churn event that gives notice or that the contracts contradict
  churn_summary.last_churn_date, churn_summary.last_churn_reason, churn_summary.churn_notice_date, COALESCE(churn_summary.churn_event_contradicted, false) AS churn_event_contradicted,
  -- churn watch (snap_churn_watch)
  churn_watch, churn_reasons, churn_reason_labels,
  -- deprecated names of the activity columns, until the next release (docs/metrics.md#deprecated-names)
  visits_30d, page_views_30d, active_users_30d, duration_30d_minutes, modules_30d, modules_offered_used_30d, features_30d,
  key_actions_30d, events_30d, pages_per_visit_30d, key_users_active_30d, visits_prev_30d, active_users_prev_30d, key_user_active_14d
FROM snap_account_state state
JOIN snap_churn_watch watch USING (account_id, snapshot_date)
JOIN health_explanation USING (account_id)
LEFT JOIN (
  SELECT account_id,
    max(churn_date) FILTER (WHERE status = 'churned') AS last_churn_date,
    arg_max(reason, churn_date) FILTER (WHERE status = 'churned') AS last_churn_reason,
    max(churn_date) FILTER (WHERE status = 'notice') AS churn_notice_date,
    bool_or(status = 'contradicted') AS churn_event_contradicted
  FROM fct_churns
  GROUP BY account_id
) churn_summary USING (account_id)
WHERE state.is_as_of
ORDER BY account_id
