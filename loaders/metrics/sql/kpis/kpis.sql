-- Grain: one row per KPI period: the as-of date (is_as_of) and each of the history.months month ends before it;
--        rates are over the trailing kpis.periodMonths months ending on period_end.
-- Reads: fct_contract_terms, kpi_renewal_rate, kpi_retention, snap_account_state, snap_churn_watch, snap_contract_state, snapshot_dates
-- Output: kpis.parquet
-- Purpose: the business-health numbers of the overview (written as kpis.parquet):
--            arr                   Σ ARR of contracts in force on period_end; paying_accounts have ARR > 0
--            renewal_rate          kpi_renewal_rate; renewal_rate_critical when below kpis.renewalCriticalRate
--            grr, nrr, logo_churn_rate   kpi_retention
--            lifetime_years        1 / (1 - renewal_rate); NULL with lifetime_finite = false at a 100% renewal
--                                  rate (no finite lifetime), NULL with lifetime_finite NULL without a rate
--            ltv                   avg_arr_per_account × kpis.grossMargin × lifetime_years
--            avg_cac               mean cac of new-logo contracts (an account's first) starting in the period
--                                  that give one; ltv_to_cac = ltv / avg_cac, healthy above kpis.healthyLtvToCac
--            arr_at_risk           Σ ARR of accounts on the churn watch on period_end
--            top_accounts_arr_share  ARR share of the ceil(kpis.concentrationTopShare × paying_accounts)
--                                  largest accounts (default the top 20%)
-- Docs: docs/metrics.md#business-kpis
WITH book AS (
  SELECT snapshot_date,
    CAST(sum(CAST(arr AS DECIMAL(18, 2))) AS DOUBLE) AS arr,
    count(*) FILTER (WHERE arr > 0) AS paying_accounts,
    count(*) FILTER (WHERE churn_watch) AS churn_watch_accounts,
    CAST(COALESCE(sum(CAST(arr AS DECIMAL(18, 2))) FILTER (WHERE churn_watch), 0) AS DOUBLE) AS arr_at_risk
  FROM snap_account_state
  JOIN snap_churn_watch USING (account_id, snapshot_date)
  GROUP BY snapshot_date
),
ranked AS (
  SELECT snapshot_date, arr,
    row_number() OVER (PARTITION BY snapshot_date ORDER BY arr DESC, account_id) AS position,
    count(*) OVER (PARTITION BY snapshot_date) AS paying_accounts
  FROM snap_contract_state
  WHERE arr > 0
),
concentration AS (
  SELECT snapshot_date,
    max(ceil(round({{concentration_top_share}} * paying_accounts, 9))) AS top_accounts,
    CAST(sum(CAST(arr AS DECIMAL(18, 2))) FILTER (WHERE position <= ceil(round({{concentration_top_share}} * paying_accounts, 9))) AS DOUBLE)
      / CAST(sum(CAST(arr AS DECIMAL(18, 2))) AS DOUBLE) AS top_accounts_arr_share
  FROM ranked
  GROUP BY snapshot_date
),
acquisition AS (
  SELECT snapshot_dates.snapshot_date,
    count(new_logo.contract_id) AS new_logos,
    count(new_logo.cac) AS new_logos_with_cac,
    CAST(sum(CAST(new_logo.cac AS DECIMAL(18, 2))) AS DOUBLE) / NULLIF(count(new_logo.cac), 0) AS avg_cac
  FROM snapshot_dates
  LEFT JOIN fct_contract_terms new_logo ON new_logo.is_new_logo AND new_logo.start_date >= snapshot_dates.period_start AND new_logo.start_date <= snapshot_dates.snapshot_date
  GROUP BY snapshot_dates.snapshot_date
),
combined AS (
  SELECT
    snapshot_dates.snapshot_date AS period_end,
    snapshot_dates.period_month,
    snapshot_dates.is_as_of,
    snapshot_dates.period_start,
    COALESCE(book.arr, 0) AS arr,
    COALESCE(book.paying_accounts, 0) AS paying_accounts,
    book.arr / NULLIF(book.paying_accounts, 0) AS avg_arr_per_account,
    renewals.contracts_due, renewals.contracts_renewed, renewals.arr_due, renewals.arr_renewed, renewals.renewal_rate,
    retention.cohort_accounts, retention.cohort_arr_then, retention.cohort_arr_retained, retention.cohort_arr_now,
    retention.churned_accounts, retention.reactivated_accounts, retention.grr, retention.nrr, retention.logo_churn_rate,
    CASE WHEN renewals.renewal_rate < 1 THEN 1 / (1 - renewals.renewal_rate) END AS lifetime_years,
    CASE WHEN renewals.renewal_rate IS NOT NULL THEN renewals.renewal_rate < 1 END AS lifetime_finite,
    acquisition.new_logos, acquisition.new_logos_with_cac, acquisition.avg_cac,
    COALESCE(book.churn_watch_accounts, 0) AS churn_watch_accounts,
    COALESCE(book.arr_at_risk, 0) AS arr_at_risk,
    book.arr_at_risk / NULLIF(book.arr, 0) AS arr_at_risk_share,
    concentration.top_accounts,
    concentration.top_accounts_arr_share
  FROM snapshot_dates
  LEFT JOIN book ON book.snapshot_date = snapshot_dates.snapshot_date
  LEFT JOIN kpi_renewal_rate renewals ON renewals.period_end = snapshot_dates.snapshot_date
  LEFT JOIN kpi_retention retention ON retention.period_end = snapshot_dates.snapshot_date
  LEFT JOIN acquisition ON acquisition.snapshot_date = snapshot_dates.snapshot_date
  LEFT JOIN concentration ON concentration.snapshot_date = snapshot_dates.snapshot_date
)
SELECT
  period_end, period_month, is_as_of, period_start,
  arr, paying_accounts, avg_arr_per_account,
  contracts_due, contracts_renewed, arr_due, arr_renewed, renewal_rate,
  renewal_rate < {{renewal_critical_rate}} AS renewal_rate_critical,
  cohort_accounts, cohort_arr_then, cohort_arr_retained, cohort_arr_now, grr, nrr,
  churned_accounts, reactivated_accounts, logo_churn_rate,
  lifetime_years, lifetime_finite,
  CAST({{gross_margin}} AS DOUBLE) AS gross_margin,
  avg_arr_per_account * {{gross_margin}} * lifetime_years AS ltv,
  new_logos, new_logos_with_cac, avg_cac,
  avg_arr_per_account * {{gross_margin}} * lifetime_years / NULLIF(avg_cac, 0) AS ltv_to_cac,
  avg_arr_per_account * {{gross_margin}} * lifetime_years / NULLIF(avg_cac, 0) > {{healthy_ltv_to_cac}} AS ltv_to_cac_healthy,
  churn_watch_accounts, arr_at_risk, arr_at_risk_share,
  top_accounts, top_accounts_arr_share
FROM combined
ORDER BY period_end
