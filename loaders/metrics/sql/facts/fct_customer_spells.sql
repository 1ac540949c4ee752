-- Grain: one row per account per continuous customer spell.
-- Reads: stg_contracts
-- Purpose: the stretches of time an account was a customer without a break: its contracts joined end to start,
--          where a gap of up to kpis.renewalMatchDays days between one contract's end and the next one's start
--          still counts as the same spell (a late renewal, not a churn and a reactivation). Lifecycle counts
--          onboarding from a spell's signing; GRR, NRR and logo churn count an account as kept only if one
--          spell covers the whole period (a reactivation is a loss, as ChartMogul counts it).
--          A spell with an open-ended contract in it has not ended: spell_end is NULL.
-- Docs: docs/metrics.md#retention
WITH ordered AS (
  SELECT account_id, contract_id, start_date, in_force_until, signed_on,
         max(in_force_until) OVER (PARTITION BY account_id ORDER BY start_date, contract_id
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered_until
  FROM stg_contracts
),
marked AS (
  SELECT *,
    CASE WHEN covered_until IS NULL OR start_date > covered_until + 1 + {{renewal_match_days}} THEN 1 ELSE 0 END AS starts_spell
  FROM ordered
),
numbered AS (
  SELECT *,
    sum(starts_spell) OVER (PARTITION BY account_id ORDER BY start_date, contract_id ROWS UNBOUNDED PRECEDING) AS spell_number
  FROM marked
)
SELECT
  account_id,
  CAST(spell_number AS INTEGER) AS spell_number,
  min(start_date) AS spell_start,
  NULLIF(max(in_force_until), DATE '9999-12-31') AS spell_end,
  min(signed_on) AS spell_signed_on,
  count(*) AS contracts
FROM numbered
GROUP BY account_id, spell_number
ORDER BY account_id, spell_number
