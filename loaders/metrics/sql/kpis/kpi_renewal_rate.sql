-- Grain: one row per KPI period (each snapshot date; the period is period_start … snapshot_date, the trailing
--        kpis.periodMonths months).
-- Purpose: the renewal rate, by ARR: of the contracts whose end date falls in the period, the ARR (at the
--          expiring contract's value) of those that were renewed, over the ARR of all of them. A contract is
--          renewed when fct_renewal_links has a renewal for it, known by the as-of date (earlier periods are
--          restated with what is known now, as ChartMogul does). NULL when no ARR came up for renewal.
--          Recompute from renewals.parquet: end_date in the period, Σ arr where renewed / Σ arr.
-- Docs: docs/metrics.md#renewal-rate
SELECT
  s.snapshot_date AS period_end,
  count(c.contract_id) AS contracts_due,
  count(c.contract_id) FILTER (WHERE c.renewed) AS contracts_renewed,
  CAST(COALESCE(sum(CAST(c.arr AS DECIMAL(18, 2))), 0) AS DOUBLE) AS arr_due,
  CAST(COALESCE(sum(CAST(c.arr AS DECIMAL(18, 2))) FILTER (WHERE c.renewed), 0) AS DOUBLE) AS arr_renewed,
  CAST(sum(CAST(c.arr AS DECIMAL(18, 2))) FILTER (WHERE c.renewed) AS DOUBLE)
    / NULLIF(CAST(sum(CAST(c.arr AS DECIMAL(18, 2))) AS DOUBLE), 0) AS renewal_rate
FROM snapshot_dates s
LEFT JOIN fct_contract_terms c ON c.end_date >= s.period_start AND c.end_date <= s.snapshot_date
GROUP BY s.snapshot_date
