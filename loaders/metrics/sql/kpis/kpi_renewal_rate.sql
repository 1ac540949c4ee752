-- Grain: one row per KPI period (each snapshot date; the period is period_start … snapshot_date, the trailing
--        kpis.periodMonths months).
-- Reads: fct_billing_renewals, fct_contract_terms, snapshot_dates
-- Purpose: the renewal rate, by ARR: of the contracts that came up for renewal in the period, the ARR (at the
--          expiring contract's value) of those that were renewed, over the ARR of all of them. NULL when no ARR came
--          up for renewal. A contract comes up for renewal, once per period whatever its term:
--            with an end date (a fixed term, or a cancelled subscription): when the end date falls in the period;
--              renewed when fct_renewal_links has a renewal for it, known by the as-of date (earlier periods are
--              restated with what is known now, as ChartMogul does)
--            open-ended (no end date) with a billing period: when one of its renewal dates (fct_billing_renewals)
--              falls in the period; it carried on, so it is renewed
--            open-ended without a billing period: never (no renewal date is known)
--          Recompute from renewals.parquet: contracts with end_date in the period, Σ arr where renewed / Σ arr, plus the
--          open-ended ones with a start_date + k × billing_period_months months (k >= 1) in the period, all renewed.
-- Docs: docs/metrics.md#renewal-rate
WITH due AS (
  SELECT snapshot_dates.snapshot_date, contract.contract_id, contract.arr, contract.renewed
  FROM snapshot_dates
  JOIN fct_contract_terms contract ON contract.end_date >= snapshot_dates.period_start AND contract.end_date <= snapshot_dates.snapshot_date
  UNION ALL
  SELECT DISTINCT snapshot_dates.snapshot_date, billing_renewal.contract_id, contract.arr, true AS renewed
  FROM snapshot_dates
  JOIN fct_billing_renewals billing_renewal ON billing_renewal.renewal_date >= snapshot_dates.period_start AND billing_renewal.renewal_date <= snapshot_dates.snapshot_date
  JOIN fct_contract_terms contract ON contract.contract_id = billing_renewal.contract_id
)
SELECT
  snapshot_dates.snapshot_date AS period_end,
  count(due.contract_id) AS contracts_due,
  count(due.contract_id) FILTER (WHERE due.renewed) AS contracts_renewed,
  CAST(COALESCE(sum(CAST(due.arr AS DECIMAL(18, 2))), 0) AS DOUBLE) AS arr_due,
  CAST(COALESCE(sum(CAST(due.arr AS DECIMAL(18, 2))) FILTER (WHERE due.renewed), 0) AS DOUBLE) AS arr_renewed,
  CAST(sum(CAST(due.arr AS DECIMAL(18, 2))) FILTER (WHERE due.renewed) AS DOUBLE)
    / NULLIF(CAST(sum(CAST(due.arr AS DECIMAL(18, 2))) AS DOUBLE), 0) AS renewal_rate
FROM snapshot_dates
LEFT JOIN due ON due.snapshot_date = snapshot_dates.snapshot_date
GROUP BY snapshot_dates.snapshot_date
