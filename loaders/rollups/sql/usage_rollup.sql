-- Grain: one result holding both rollup tables of one usage file, told apart by `grain`:
--          'visits'    one row per account × contract × user × visit × day × module with actions
--          'features'  one row per account × day × module × feature with actions
--        and, in each, one row per kind of row that adds no action (status <> 0, below), so that every row of the
--        file is in each grain exactly once (Σ rows = rows read).
-- Reads: usage_rows (filled in below): the file's rows, read once, typed and checked (loaders/rollups/usageRows.ts), one row per
--        row of the file with: file_no, status, account_id, contract_id, user_id, visit_key, day, module, feature,
--        events, is_key_action, page_views, duration_s. Several files may be read in one pass: file_no tells them
--        apart, and each file's rollup is its own (file_no is in every grain's key).
-- Purpose: the boundary between events and metrics. Every metric that reads usage reads these two tables (through
--          staging/stg_usage_visits and stg_usage_features), never an event; a warehouse can compute the same rows
--          where the events live. status says what a row is:
--            0     accepted, stands for at least one action: rolled up
--           -1     accepted, stands for no action (count 0): counted, not rolled up
--           -2     accepted, its visit is derived from time gaps in a second step (usageRows.ts): not rolled up here
--           >0     rejected: the bit mask of the validation checks it broke (the rejects come from a narrow pass)
--          Rows with status <> 0 keep only their account, contract, user and day (what the cache's checks and the
--          quality report need). Sums are exact: events, key actions and page views are whole numbers, duration an
--          exact decimal. Columns (docs/metrics.md#rollups):
--            visits:   account_id, contract_id (as the row gave it), user_id, visit_key, day, module, rows, events,
--                      key_actions, page_views, duration_s
--            features: account_id, day, module, feature, rows, events, key_actions, page_views, duration_s
-- Docs: docs/metrics.md#rollups
SELECT
  file_no,
  CASE WHEN GROUPING(visit_key) = 0 THEN 'visits' ELSE 'features' END AS grain,
  status,
  account_id,
  contract_id,
  user_id,
  visit_key,
  day,
  module,
  feature,
  count(*) AS "rows",
  CAST(sum(events) AS BIGINT) AS events,
  CAST(COALESCE(sum(events) FILTER (WHERE is_key_action), 0) AS BIGINT) AS key_actions,
  CAST(sum(page_views) AS BIGINT) AS page_views,
  sum(duration_s) AS duration_s
FROM {{usage_rows}}
GROUP BY GROUPING SETS (
  (file_no, status, account_id, contract_id, user_id, visit_key, day, module),
  (file_no, status, account_id, day, module, feature)
)
