-- Grain: one row per visit (session) that started on or before the as-of date.
-- Purpose: visits as things of their own. A visit counts once, on the day of its first action (start_date), also
--          when its actions are in two files of a folder export, so visits in any window or week are a plain sum of
--          visits started in it.
-- Docs: docs/metrics.md#activity
SELECT
  account_id,
  visit_key,
  min(day) AS start_date,
  CAST(sum(events) AS BIGINT) AS events
FROM stg_usage_visits
GROUP BY account_id, visit_key
