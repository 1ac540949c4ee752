-- Grain: one row per contract known on the as-of date.
-- Reads: fct_renewal_links, stg_contracts
-- Output: renewals.parquet
-- Purpose: each contract with its renewal outcome (written as renewals.parquet, so the renewal rate can be
--          recomputed from it): renewed_by lists the contracts that renew it, renewal_arr their ARR, and
--          renewal_outcome is renewed / expanded (renewed at an ARR more than lifecycle.expansionMinChange
--          higher; default 0.05) / contracted (that much lower) / not_renewed (its end date has come, no renewal known) / open (still running, no renewal yet;
--          an open-ended contract is open until it carries an end date).
--          is_new_logo marks the account's first contract (the one CAC is counted on).
-- Docs: docs/metrics.md#renewals
WITH renewals AS (
  SELECT link.contract_id,
         list(link.renewal_id ORDER BY link.renewal_id) AS renewed_by,
         sum(renewal.arr) AS renewal_arr
  FROM fct_renewal_links link JOIN stg_contracts renewal ON renewal.contract_id = link.renewal_id
  GROUP BY link.contract_id
),
predecessors AS (
  SELECT link.renewal_id AS contract_id, list(link.contract_id ORDER BY link.contract_id) AS renews
  FROM fct_renewal_links link
  GROUP BY link.renewal_id
),
ordered AS (
  SELECT contract_id,
         row_number() OVER (PARTITION BY account_id ORDER BY start_date, signed_on, contract_id) = 1 AS is_new_logo
  FROM stg_contracts
)
SELECT
  contract.contract_id,
  contract.account_id,
  contract.plan,
  contract.status,
  contract.start_date,
  contract.end_date,
  contract.billing_period_months,
  contract.signed_on,
  CAST(contract.arr AS DOUBLE) AS arr,
  CAST(contract.cac AS DOUBLE) AS cac,
  ordered.is_new_logo,
  COALESCE(predecessors.renews, []::VARCHAR[]) AS renews,
  COALESCE(renewals.renewed_by, []::VARCHAR[]) AS renewed_by,
  renewals.contract_id IS NOT NULL AS renewed,
  CAST(renewals.renewal_arr AS DOUBLE) AS renewal_arr,
  CASE
    WHEN renewals.contract_id IS NOT NULL AND renewals.renewal_arr > contract.arr * (1 + {{expansion_min_change}}) THEN 'expanded'
    WHEN renewals.contract_id IS NOT NULL AND renewals.renewal_arr < contract.arr * (1 - {{expansion_min_change}}) THEN 'contracted'
    WHEN renewals.contract_id IS NOT NULL THEN 'renewed'
    WHEN contract.end_date <= {{as_of}} THEN 'not_renewed'
    ELSE 'open'
  END AS renewal_outcome
FROM stg_contracts contract
JOIN ordered USING (contract_id)
LEFT JOIN renewals USING (contract_id)
LEFT JOIN predecessors USING (contract_id)
ORDER BY contract.account_id, contract.start_date, contract.contract_id
