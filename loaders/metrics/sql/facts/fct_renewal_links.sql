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
  p.account_id,
  p.contract_id,
  r.contract_id AS renewal_id
FROM stg_contracts p
JOIN stg_contracts r ON r.account_id = p.account_id AND r.contract_id <> p.contract_id
CROSS JOIN link_mode
WHERE CASE
  WHEN link_mode.uses_links THEN r.renewal_of = p.contract_id
  ELSE r.start_date > p.start_date
   AND r.start_date BETWEEN p.end_date - {{renewal_match_days}} AND p.end_date + {{renewal_match_days}}
END
ORDER BY p.account_id, p.contract_id, r.contract_id
