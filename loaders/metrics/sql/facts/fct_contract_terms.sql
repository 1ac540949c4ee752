-- Grain: one row per contract known on the as-of date.
-- Purpose: each contract with its renewal outcome (written as renewals.parquet, so the renewal rate can be
--          recomputed from it): renewed_by lists the contracts that renew it, renewal_arr their ARR, and
--          renewal_outcome is renewed / expanded (renewed at an ARR more than lifecycle.expansionMinChange
--          higher; default 0.05) / contracted (that much lower) / not_renewed (its end date has come, no renewal known) / open (still running, no renewal yet;
--          an open-ended contract is open until it carries an end date).
--          is_new_logo marks the account's first contract (the one CAC is counted on).
-- Docs: docs/metrics.md#renewals
WITH renewals AS (
  SELECT l.contract_id,
         list(l.renewal_id ORDER BY l.renewal_id) AS renewed_by,
         sum(r.arr) AS renewal_arr
  FROM fct_renewal_links l JOIN stg_contracts r ON r.contract_id = l.renewal_id
  GROUP BY l.contract_id
),
predecessors AS (
  SELECT l.renewal_id AS contract_id, list(l.contract_id ORDER BY l.contract_id) AS renews
  FROM fct_renewal_links l
  GROUP BY l.renewal_id
),
ordered AS (
  SELECT contract_id,
         row_number() OVER (PARTITION BY account_id ORDER BY start_date, signed_on, contract_id) = 1 AS is_new_logo
  FROM stg_contracts
)
SELECT
  c.contract_id,
  c.account_id,
  c.plan,
  c.status,
  c.start_date,
  c.end_date,
  c.billing_period_months,
  c.signed_on,
  CAST(c.arr AS DOUBLE) AS arr,
  CAST(c.cac AS DOUBLE) AS cac,
  o.is_new_logo,
  COALESCE(p.renews, []::VARCHAR[]) AS renews,
  COALESCE(r.renewed_by, []::VARCHAR[]) AS renewed_by,
  r.contract_id IS NOT NULL AS renewed,
  CAST(r.renewal_arr AS DOUBLE) AS renewal_arr,
  CASE
    WHEN r.contract_id IS NOT NULL AND r.renewal_arr > c.arr * (1 + {{expansion_min_change}}) THEN 'expanded'
    WHEN r.contract_id IS NOT NULL AND r.renewal_arr < c.arr * (1 - {{expansion_min_change}}) THEN 'contracted'
    WHEN r.contract_id IS NOT NULL THEN 'renewed'
    WHEN c.end_date <= {{as_of}} THEN 'not_renewed'
    ELSE 'open'
  END AS renewal_outcome
FROM stg_contracts c
JOIN ordered o USING (contract_id)
LEFT JOIN renewals r USING (contract_id)
LEFT JOIN predecessors p USING (contract_id)
ORDER BY c.account_id, c.start_date, c.contract_id
