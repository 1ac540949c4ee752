-- Grain: one row per account per snapshot date.
-- Reads: accounts, snap_activity, snap_contract_state, snap_health_grid, snap_health_score, snap_lifecycle, snap_segments, snap_support, snap_tiers
-- Materialized: view (a join of the snapshot families, read by the rules and account_snapshot)
-- Purpose: every per-account metric on every snapshot date, before the churn watch: the account's descriptive
--          columns, contract position, activity, segment, health grid, health score, tier and lifecycle stage,
--          each from the one model that defines it. The churn-watch rules in pulse.config.ts are conditions
--          over these columns (checked against them before any heavy work). The activity columns are here also
--          under their deprecated names (visits_30d for visits_window, …; docs/metrics.md#deprecated-names).
-- Docs: docs/metrics.md#accounts
SELECT
  account.name, account.csm_owner, account.region, account.industry, account.seats, account.created_at,
  contract.*,
  activity.* EXCLUDE (account_id, snapshot_date),
  segments.* EXCLUDE (account_id, snapshot_date),
  grid.* EXCLUDE (account_id, snapshot_date),
  support.* EXCLUDE (account_id, snapshot_date),
  health.* EXCLUDE (account_id, snapshot_date),
  tiers.* EXCLUDE (account_id, snapshot_date),
  lifecycle.* EXCLUDE (account_id, snapshot_date),
  -- deprecated: the activity columns under their names from before the windows were settings (visits_30d held
  -- whatever activity.windowDays says). Rules and pages may still use them until the next release, when they go
  -- (docs/metrics.md#deprecated-names).
  activity.visits_window AS visits_30d,
  activity.page_views_window AS page_views_30d,
  activity.active_users_window AS active_users_30d,
  activity.duration_window_minutes AS duration_30d_minutes,
  activity.modules_window AS modules_30d,
  activity.modules_offered_used_window AS modules_offered_used_30d,
  activity.features_window AS features_30d,
  activity.key_actions_window AS key_actions_30d,
  activity.events_window AS events_30d,
  activity.pages_per_visit_window AS pages_per_visit_30d,
  activity.key_users_active_window AS key_users_active_30d,
  activity.visits_prev_window AS visits_prev_30d,
  activity.active_users_prev_window AS active_users_prev_30d,
  activity.key_user_active_recent AS key_user_active_14d
FROM snap_contract_state contract
JOIN accounts account ON account.account_id = contract.account_id
JOIN snap_activity activity ON activity.account_id = contract.account_id AND activity.snapshot_date = contract.snapshot_date
JOIN snap_segments segments ON segments.account_id = contract.account_id AND segments.snapshot_date = contract.snapshot_date
JOIN snap_health_grid grid ON grid.account_id = contract.account_id AND grid.snapshot_date = contract.snapshot_date
JOIN snap_support support ON support.account_id = contract.account_id AND support.snapshot_date = contract.snapshot_date
JOIN snap_health_score health ON health.account_id = contract.account_id AND health.snapshot_date = contract.snapshot_date
JOIN snap_tiers tiers ON tiers.account_id = contract.account_id AND tiers.snapshot_date = contract.snapshot_date
JOIN snap_lifecycle lifecycle ON lifecycle.account_id = contract.account_id AND lifecycle.snapshot_date = contract.snapshot_date
