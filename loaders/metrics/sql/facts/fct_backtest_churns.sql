-- Grain: one row per churn the backtest scores.
-- Purpose: the churns the backtest counts: customer spells that ended on their last day in force (churn_date =
--          spell_end) with churn_date + kpis.renewalMatchDays before the as-of date, so that a late renewal would
--          have been seen — the rows of fct_churns with status 'churned' that are that old. An open-ended contract
--          ends only when it carries an end date. Churn events give the reason and never make a churn: the events
--          the contracts contradict (contradicted), the notices and the events without a contract stay in
--          churns.parquet under their own status and are not counted.
-- Docs: docs/metrics.md#backtest
SELECT
  account_id,
  spell_number,
  spell_start,
  spell_end AS churn_date,
  churn_month,
  arr_lost,
  reason,
  source
FROM fct_churns
WHERE status = 'churned' AND spell_end + {{renewal_match_days}} < {{as_of}}
ORDER BY account_id, spell_number
