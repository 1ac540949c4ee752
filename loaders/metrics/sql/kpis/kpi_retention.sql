-- Grain: one row per KPI period (each snapshot date d, with cohort_date = d - kpis.periodMonths months).
-- Reads: fct_customer_spells, snapshot_dates, stg_contracts
-- Purpose: gross and net revenue retention and logo churn over the trailing period.
--            cohort       = accounts with ARR > 0 on cohort_date (new accounts since do not count)
--            (in force on a date: start_date <= date <= end_date; an open-ended contract from its start_date on)
--            arr_then     = the account's ARR on cohort_date
--            arr_now      = its ARR on d if one customer spell (fct_customer_spells) covers cohort_date … d,
--                           else 0: an account that left and came back (reactivation) counts as lost
--            GRR          = Σ min(arr_now, arr_then) / Σ arr_then
--            NRR          = Σ arr_now / Σ arr_then
--            logo churn   = cohort accounts with arr_now = 0 / cohort accounts
--          NULL when the cohort is empty.
-- Docs: docs/metrics.md#retention
WITH arr_on_dates AS (
  SELECT snapshot_dates.snapshot_date, contract.account_id,
    COALESCE(sum(contract.arr) FILTER (WHERE contract.start_date <= snapshot_dates.cohort_date AND contract.in_force_until >= snapshot_dates.cohort_date), 0) AS arr_then,
    COALESCE(sum(contract.arr) FILTER (WHERE contract.start_date <= snapshot_dates.snapshot_date AND contract.in_force_until >= snapshot_dates.snapshot_date), 0) AS arr_on_date
  FROM snapshot_dates
  JOIN stg_contracts contract ON contract.start_date <= snapshot_dates.snapshot_date AND contract.in_force_until >= snapshot_dates.cohort_date
  GROUP BY snapshot_dates.snapshot_date, contract.account_id
),
stayed AS (
  SELECT DISTINCT snapshot_dates.snapshot_date, spell.account_id
  FROM snapshot_dates
  JOIN fct_customer_spells spell ON spell.spell_start <= snapshot_dates.cohort_date AND COALESCE(spell.spell_end, DATE '9999-12-31') >= snapshot_dates.snapshot_date
),
cohort AS (
  SELECT arr_on_dates.snapshot_date, arr_on_dates.account_id, arr_on_dates.arr_then,
    CASE WHEN stayed.account_id IS NOT NULL THEN arr_on_dates.arr_on_date ELSE 0 END AS arr_now,
    stayed.account_id IS NULL AND arr_on_dates.arr_on_date > 0 AS reactivated
  FROM arr_on_dates
  LEFT JOIN stayed ON stayed.snapshot_date = arr_on_dates.snapshot_date AND stayed.account_id = arr_on_dates.account_id
  WHERE arr_on_dates.arr_then > 0
)
SELECT
  snapshot_dates.snapshot_date AS period_end,
  count(cohort.account_id) AS cohort_accounts,
  CAST(COALESCE(sum(cohort.arr_then), 0) AS DOUBLE) AS cohort_arr_then,
  CAST(COALESCE(sum(least(cohort.arr_now, cohort.arr_then)), 0) AS DOUBLE) AS cohort_arr_retained,
  CAST(COALESCE(sum(cohort.arr_now), 0) AS DOUBLE) AS cohort_arr_now,
  count(cohort.account_id) FILTER (WHERE cohort.arr_now = 0) AS churned_accounts,
  count(cohort.account_id) FILTER (WHERE cohort.reactivated) AS reactivated_accounts,
  CAST(sum(least(cohort.arr_now, cohort.arr_then)) AS DOUBLE) / NULLIF(CAST(sum(cohort.arr_then) AS DOUBLE), 0) AS grr,
  CAST(sum(cohort.arr_now) AS DOUBLE) / NULLIF(CAST(sum(cohort.arr_then) AS DOUBLE), 0) AS nrr,
  count(cohort.account_id) FILTER (WHERE cohort.arr_now = 0) / NULLIF(count(cohort.account_id), 0) AS logo_churn_rate
FROM snapshot_dates
LEFT JOIN cohort ON cohort.snapshot_date = snapshot_dates.snapshot_date
GROUP BY snapshot_dates.snapshot_date
