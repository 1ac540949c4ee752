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
  SELECT s.snapshot_date, c.account_id,
    COALESCE(sum(c.arr) FILTER (WHERE c.start_date <= s.cohort_date AND c.in_force_until >= s.cohort_date), 0) AS arr_then,
    COALESCE(sum(c.arr) FILTER (WHERE c.start_date <= s.snapshot_date AND c.in_force_until >= s.snapshot_date), 0) AS arr_on_date
  FROM snapshot_dates s
  JOIN stg_contracts c ON c.start_date <= s.snapshot_date AND c.in_force_until >= s.cohort_date
  GROUP BY s.snapshot_date, c.account_id
),
stayed AS (
  SELECT DISTINCT s.snapshot_date, sp.account_id
  FROM snapshot_dates s
  JOIN fct_customer_spells sp ON sp.spell_start <= s.cohort_date AND COALESCE(sp.spell_end, DATE '9999-12-31') >= s.snapshot_date
),
cohort AS (
  SELECT a.snapshot_date, a.account_id, a.arr_then,
    CASE WHEN st.account_id IS NOT NULL THEN a.arr_on_date ELSE 0 END AS arr_now,
    st.account_id IS NULL AND a.arr_on_date > 0 AS reactivated
  FROM arr_on_dates a
  LEFT JOIN stayed st ON st.snapshot_date = a.snapshot_date AND st.account_id = a.account_id
  WHERE a.arr_then > 0
)
SELECT
  s.snapshot_date AS period_end,
  count(c.account_id) AS cohort_accounts,
  CAST(COALESCE(sum(c.arr_then), 0) AS DOUBLE) AS cohort_arr_then,
  CAST(COALESCE(sum(least(c.arr_now, c.arr_then)), 0) AS DOUBLE) AS cohort_arr_retained,
  CAST(COALESCE(sum(c.arr_now), 0) AS DOUBLE) AS cohort_arr_now,
  count(c.account_id) FILTER (WHERE c.arr_now = 0) AS churned_accounts,
  count(c.account_id) FILTER (WHERE c.reactivated) AS reactivated_accounts,
  CAST(sum(least(c.arr_now, c.arr_then)) AS DOUBLE) / NULLIF(CAST(sum(c.arr_then) AS DOUBLE), 0) AS grr,
  CAST(sum(c.arr_now) AS DOUBLE) / NULLIF(CAST(sum(c.arr_then) AS DOUBLE), 0) AS nrr,
  count(c.account_id) FILTER (WHERE c.arr_now = 0) / NULLIF(count(c.account_id), 0) AS logo_churn_rate
FROM snapshot_dates s
LEFT JOIN cohort c ON c.snapshot_date = s.snapshot_date
GROUP BY s.snapshot_date
