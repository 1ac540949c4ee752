-- Grain: one row: the build.
-- Purpose: what the exports can measure, so a metric the data cannot measure is NULL ("not measured"), never 0:
--            users_measured      the usage export has user ids: a user_id column, with a value in at least one
--                                accepted row (or no accepted rows at all; counted per file in usage_files): active
--                                users, seats in use and depth per active user
--            key_users_measured  users are measured and there is a users export (its roles say who the admins,
--                                executives and champions are): key-user activity
--            support_measured    there is a support tickets export: the support metrics and health component
--            churn_events_given  there is a churn events export: churn reasons
-- Docs: docs/metrics.md#not-measured
WITH present AS (
  SELECT
    bool_or(present AND export = 'usage_events' AND list_contains(columns, 'user_id')) AS usage_has_user_ids,
    bool_or(present AND export = 'users') AS users_export,
    bool_or(present AND export = 'support_tickets') AS support_export,
    bool_or(present AND export = 'churn_events') AS churn_export
  FROM staged_exports
)
SELECT
  COALESCE(usage_has_user_ids AND user_ids_given, false) AS users_measured,
  COALESCE(usage_has_user_ids AND user_ids_given AND users_export, false) AS key_users_measured,
  COALESCE(support_export, false) AS support_measured,
  COALESCE(churn_export, false) AS churn_events_given
FROM present,
  (SELECT sum(rows_with_user_id) > 0 OR sum(rows_accepted) = 0 AS user_ids_given FROM usage_files) AS given
