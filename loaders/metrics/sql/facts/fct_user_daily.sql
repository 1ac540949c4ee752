-- Grain: one row per account per user per day with at least one event (user_id NULL: the account's events
--        without a user, when the usage export has such rows).
-- Purpose: who was active when. Active users over any window are the distinct users of this table in the
--          window (rows without a user count for no one); is_key_user marks admins, executives and champions
--          (users.role; an event's user is looked up in the users export of the same account, and is not a key
--          user when absent there). Events, key actions and the rest count the rows' actions (count).
--          Written as usage_daily.parquet: the daily rollup of the usage events (from rollup_visits; ordered, so
--          the file is the same bytes for the same inputs).
-- Docs: docs/metrics.md#activity
WITH daily AS (
  SELECT
    account_id,
    user_id,
    day,
    CAST(sum(events) AS BIGINT) AS events,
    CAST(sum(key_actions) AS BIGINT) AS key_actions,
    sum(duration_s) AS duration_s,
    CAST(sum(page_views) AS BIGINT) AS page_views
  FROM stg_usage_visits
  GROUP BY account_id, user_id, day
)
SELECT
  d.*,
  COALESCE(list_contains({{key_roles}}, u.role), false) AS is_key_user
FROM daily d
LEFT JOIN users u ON u.user_id = d.user_id AND u.account_id = d.account_id
ORDER BY d.account_id, d.user_id, d.day
