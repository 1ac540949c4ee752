-- Grain: one row per account per snapshot date.
-- Reads: snap_account_state
-- Purpose: the churn watch. Each rule in churnWatch.rules (id, label, condition) is evaluated on accounts with
--          a contract in force; a condition that is NULL does not fire. churn_reasons lists the ids of the
--          rules that fired, in the config's order, churn_reason_labels their labels, and churn_watch is true
--          when at least one fired. Accounts without a contract in force are never on the watch.
-- Docs: docs/metrics.md#churn-watch
WITH evaluated AS (
  SELECT account_id, snapshot_date,
    CASE WHEN has_active_contract THEN {{rule_hits}} ELSE []::BOOLEAN[] END AS rule_hits
  FROM snap_account_state
),
reasons AS (
  SELECT account_id, snapshot_date,
    list_filter({{rule_ids}}, (id, i) -> COALESCE(rule_hits[i], false)) AS churn_reasons,
    list_filter({{rule_labels}}, (label, i) -> COALESCE(rule_hits[i], false)) AS churn_reason_labels
  FROM evaluated
)
SELECT *, len(churn_reasons) > 0 AS churn_watch
FROM reasons
