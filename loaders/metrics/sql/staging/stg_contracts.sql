-- Grain: one row per contract (subscription term) known on the as-of date.
-- Reads: contracts
-- Purpose: the contracts every metric reads. A contract is known once it is signed (signed_at, or start_date
--          when signed_at is absent); contracts signed after the as-of date are ignored everywhere, so a
--          build with an earlier as-of date shows what was known then. ARR is an exact decimal so that
--          sums are exact and identical on every run.
--          An open-ended contract (no end_date) runs until cancelled: in_force_until is its end date, or
--          9999-12-31 for an open-ended one, so "in force on d" is start_date <= d <= in_force_until everywhere.
--          billing_period_months is its term (monthly = 1, quarterly = 3, annual = 12; NULL when not given);
--          docs/metrics.md#open-ended-contracts.
-- Docs: docs/metrics.md#as-of-date
SELECT
  contract_id,
  account_id,
  start_date,
  end_date,
  COALESCE(end_date, DATE '9999-12-31') AS in_force_until,
  billing_period AS billing_period_months,
  CAST(arr AS DECIMAL(18, 2)) AS arr,
  plan,
  status,
  COALESCE(signed_at, start_date) AS signed_on,
  renewal_of,
  CAST(cac AS DECIMAL(18, 2)) AS cac
FROM contracts
WHERE COALESCE(signed_at, start_date) <= {{as_of}}
