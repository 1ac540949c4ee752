-- Grain: one row per (contract, contract that renews it) pair of the same account.
-- Reads: stg_contracts
-- Purpose: which contract renews which. When the contracts export carries renewal_of links (any contract has
--          one), only those links count. Otherwise a contract of the same account that starts after this
--          contract started, and within kpis.renewalMatchDays days before or after this contract's end date,
--          renews it.
-- Docs: docs/metrics.md#renewals
WITH link_mode AS (
  SELECT count(renewal_of) > 0 AS uses_links FROM stg_contracts
)
SELECT
  contract.account_id,
  contract.contract_id,
  renewal.contract_id AS renewal_id
FROM stg_contracts contract
JOIN stg_contracts renewal ON renewal.account_id = contract.account_id AND renewal.contract_id <> contract.contract_id
CROSS JOIN link_mode
WHERE CASE
  WHEN link_mode.uses_links THEN renewal.renewal_of = contract.contract_id
  ELSE renewal.start_date > contract.start_date
   AND renewal.start_date BETWEEN contract.end_date - {{renewal_match_days}} AND contract.end_date + {{renewal_match_days}}
END
ORDER BY contract.account_id, contract.contract_id, renewal.contract_id
