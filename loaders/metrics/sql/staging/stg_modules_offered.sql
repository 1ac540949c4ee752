-- Grain: one row per module the product offers.
-- Purpose: the denominator of adoption breadth: grid.modulesOffered when the config lists them, else every
--          module used up to the as-of date.
-- Docs: docs/metrics.md#health-grid
SELECT DISTINCT module FROM (
  SELECT unnest({{modules_offered}}) AS module
  UNION ALL
  SELECT module FROM stg_usage_features WHERE len({{modules_offered}}) = 0 AND module IS NOT NULL
)
ORDER BY module
