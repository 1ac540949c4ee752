-- Grain: one row per account per module per ISO week with at least one event in that module, over the same
--        span as account_weekly (events without a module are not in this table).
-- Purpose: module adoption over time (written as module_usage.parquet): visits that used the module in the
--          week, distinct users, distinct features, key actions, events and duration.
-- Docs: docs/metrics.md#module-usage
WITH span AS (
  SELECT CAST(date_trunc('week', {{history_start}}) AS DATE) AS first_week
),
visits AS (
  SELECT account_id, module, CAST(date_trunc('week', day) AS DATE) AS week_start,
    count(DISTINCT visit_key) AS visits,
    count(DISTINCT user_id) AS active_users,
    CAST(sum(key_actions) AS BIGINT) AS key_actions,
    CAST(sum(events) AS BIGINT) AS events,
    sum(duration_s) AS duration_s
  FROM stg_usage_visits, span
  WHERE module IS NOT NULL AND day >= span.first_week
  GROUP BY ALL
),
usage AS (
  SELECT account_id, module, CAST(date_trunc('week', day) AS DATE) AS week_start,
    count(DISTINCT feature) AS features
  FROM stg_usage_features, span
  WHERE module IS NOT NULL AND day >= span.first_week
  GROUP BY ALL
)
SELECT
  v.account_id,
  v.module,
  v.week_start,
  v.visits,
  CASE WHEN m.users_measured THEN v.active_users END AS active_users,
  u.features,
  v.key_actions,
  v.events,
  CAST(v.duration_s AS DOUBLE) / 60 AS duration_minutes
FROM visits v
CROSS JOIN stg_measures m
JOIN usage u ON u.account_id = v.account_id AND u.module = v.module AND u.week_start = v.week_start
ORDER BY v.account_id, v.module, v.week_start
