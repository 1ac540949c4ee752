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
  SELECT s.snapshot_date, c.contract_id, c.arr, c.renewed
  FROM snapshot_dates s
  JOIN fct_contract_terms c ON c.end_date >= s.period_start AND c.end_date <= s.snapshot_date
  UNION ALL
  SELECT DISTINCT s.snapshot_date, b.contract_id, c.arr, true AS renewed
  FROM snapshot_dates s
  JOIN fct_billing_renewals b ON b.renewal_date >= s.period_start AND b.renewal_date <= s.snapshot_date
  JOIN fct_contract_terms c ON c.contract_id = b.contract_id
)
SELECT
  s.snapshot_date AS period_end,
  count(d.contract_id) AS contracts_due,
  count(d.contract_id) FILTER (WHERE d.renewed) AS contracts_renewed,
  CAST(COALESCE(sum(CAST(d.arr AS DECIMAL(18, 2))), 0) AS DOUBLE) AS arr_due,
  CAST(COALESCE(sum(CAST(d.arr AS DECIMAL(18, 2))) FILTER (WHERE d.renewed), 0) AS DOUBLE) AS arr_renewed,
  CAST(sum(CAST(d.arr AS DECIMAL(18, 2))) FILTER (WHERE d.renewed) AS DOUBLE)
    / NULLIF(CAST(sum(CAST(d.arr AS DECIMAL(18, 2))) AS DOUBLE), 0) AS renewal_rate
FROM snapshot_dates s
LEFT JOIN due d ON d.snapshot_date = s.snapshot_date
GROUP BY s.snapshot_date
