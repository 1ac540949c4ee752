-- Grain: one row per account, module and feature used in the last 8 whole weeks (Monday to Sunday) that
--        ended by the as-of date, per period: 'last' (the 4 most recent of those weeks) or 'previous' (the 4
--        before). Events without a feature are not in this table; a feature's module may be NULL.
-- Purpose: feature adoption (written as feature_usage.parquet): which accounts used each feature lately,
--          and whether its use is falling against the 4 weeks before — the same windows as the Modules
--          page's module adoption.
-- Docs: docs/metrics.md#feature-usage
SELECT
  account_id,
  module,
  feature,
  CASE WHEN day >= {{last_whole_week}} - 21 THEN 'last' ELSE 'previous' END AS period,
  CAST(sum(events) AS BIGINT) AS events,
  CAST(sum(key_actions) AS BIGINT) AS key_actions,
  count(DISTINCT day) AS active_days
FROM stg_usage_features
WHERE feature IS NOT NULL AND day >= {{last_whole_week}} - 49 AND day < {{last_whole_week}} + 7
GROUP BY ALL
ORDER BY account_id, module, feature, period
