-- Grain: one row per open-ended contract with a billing period per renewal date, from its first (start_date +
--        one billing period) to the first on or after the as-of date.
-- Reads: stg_contracts
-- Purpose: when an open-ended contract comes up for renewal. Its renewal dates are start_date + k × billing period
--          (k = 1, 2, …; a month-end start stays at the month's end: 2026-01-31 monthly → 2026-02-28, 2026-03-31).
--          On a date d, the contract's next renewal date is the first renewal date on or after d. A contract with
--          an end date (a fixed term, or an open-ended one that was cancelled) ends on that date instead and is not
--          here; one without a billing period has no known renewal date.
-- Docs: docs/metrics.md#open-ended-contracts
WITH open_ended AS (
  SELECT contract_id, account_id, start_date, billing_period_months,
    -- enough terms to pass the as-of date: the months from the start, in whole terms, plus one
    CAST(greatest(date_diff('month', start_date, {{as_of}}), 0) // billing_period_months + 2 AS BIGINT) AS terms
  FROM stg_contracts
  WHERE end_date IS NULL AND billing_period_months IS NOT NULL
),
renewal_dates AS (
  SELECT contract_id, account_id, billing_period_months, CAST(k AS INTEGER) AS term_number,
    CAST(start_date + to_months(CAST(k * billing_period_months AS INTEGER)) AS DATE) AS renewal_date
  FROM open_ended, LATERAL unnest(range(1, terms + 1)) AS t(k)
)
SELECT contract_id, account_id, billing_period_months, term_number, renewal_date
FROM renewal_dates
-- every renewal date up to the as-of date, and the first one after it
QUALIFY renewal_date <= {{as_of}}
     OR renewal_date = min(renewal_date) FILTER (WHERE renewal_date >= {{as_of}}) OVER (PARTITION BY contract_id)
ORDER BY contract_id, term_number
