-- Grain: one row per churn: a customer spell (fct_customer_spells) that ended, and one row per churn event that no
--        ended spell explains.
-- Reads: accounts, churn_events, fct_customer_spells, snap_account_state, stg_contracts
-- Output: churns.parquet
-- Purpose: who left, when, why and with how much ARR. A spell ended on its last day in force (spell_end); it is a
--          churn when spell_end + kpis.renewalMatchDays is before the as-of date (a late renewal would have been
--          seen by then), or when a churn event confirms it (spell_end on or before the as-of date). Churn events
--          (the churn_events export, churned_at on or before the as-of date) give the reason: an event belongs to
--          the account's latest spell that started on or before its date (several for one spell: the latest gives
--          the reason; churn_events says how many there were). status:
--            churned       the spell ended (source: 'contracts', or 'contracts and churn event' with its reason)
--            notice        a churn event, but the spell's contracts run until after the as-of date (notice given)
--            contradicted  a churn event, but the spell is open-ended: the contracts say it is still a customer
--            no_contract   a churn event for an account with no contract started by its date
--          churn_date is the spell's last day for a churn, the event's date otherwise. arr_lost is the ARR in force
--          on spell_end (for notice and contradicted: on the as-of date: what is at stake). tier and segment are the
--          account's at the last snapshot date on or before churn_date on which it had a contract in force (NULL
--          when that is before the history span).
-- Docs: docs/metrics.md#churn
WITH events AS (
  SELECT account_id, churned_at, reason, feedback
  FROM churn_events
  WHERE churned_at <= {{as_of}}
),
matched AS (
  -- each event to the account's latest spell started on or before its date
  SELECT event.*, spell.spell_number, spell.spell_start, spell.spell_end
  FROM events event
  ASOF LEFT JOIN fct_customer_spells spell ON spell.account_id = event.account_id AND event.churned_at >= spell.spell_start
),
per_spell AS (
  -- the latest event of each spell (or of each account without a spell), and how many there were
  SELECT account_id, spell_number, spell_start, spell_end,
    max(churned_at) AS churned_at,
    arg_max(reason, churned_at ORDER BY churned_at, reason) AS reason,
    arg_max(feedback, churned_at ORDER BY churned_at, reason) AS feedback,
    count(*) AS churn_events
  FROM matched
  GROUP BY account_id, spell_number, spell_start, spell_end
),
spell_churns AS (
  SELECT spell.account_id, spell.spell_number, spell.spell_start, spell.spell_end,
    'churned' AS status,
    CASE WHEN latest_event.account_id IS NULL THEN 'contracts' ELSE 'contracts and churn event' END AS source,
    spell.spell_end AS churn_date,
    latest_event.churned_at AS churn_event_date, latest_event.reason, latest_event.feedback, COALESCE(latest_event.churn_events, 0) AS churn_events
  FROM fct_customer_spells spell
  LEFT JOIN per_spell latest_event ON latest_event.account_id = spell.account_id AND latest_event.spell_number = spell.spell_number
  WHERE spell.spell_end IS NOT NULL
    AND (spell.spell_end + {{renewal_match_days}} < {{as_of}} OR (latest_event.account_id IS NOT NULL AND spell.spell_end <= {{as_of}}))
),
event_only AS (
  SELECT account_id, spell_number, spell_start, spell_end,
    CASE WHEN spell_number IS NULL THEN 'no_contract'
         WHEN spell_end IS NULL THEN 'contradicted'
         ELSE 'notice' END AS status,
    'churn event' AS source,
    churned_at AS churn_date,
    churned_at AS churn_event_date, reason, feedback, churn_events
  FROM per_spell
  WHERE spell_number IS NULL OR spell_end IS NULL OR spell_end > {{as_of}}
),
churns AS (
  SELECT * FROM spell_churns
  UNION ALL
  SELECT * FROM event_only
),
arr AS (
  -- the ARR in force on the spell's last day (churned), or on the as-of date (what a notice or a contradiction puts at stake)
  SELECT churn.account_id, churn.churn_date, CAST(sum(contract.arr) AS DOUBLE) AS arr
  FROM churns churn
  JOIN stg_contracts contract ON contract.account_id = churn.account_id
   AND contract.start_date <= CASE WHEN churn.status = 'churned' THEN churn.spell_end ELSE {{as_of}} END
   AND contract.in_force_until >= CASE WHEN churn.status = 'churned' THEN churn.spell_end ELSE {{as_of}} END
  GROUP BY churn.account_id, churn.churn_date
),
position AS (
  -- tier and segment at the last snapshot date on or before the churn date with a contract in force
  SELECT churn.account_id, churn.churn_date,
    arg_max(state.tier, state.snapshot_date) AS tier,
    arg_max(state.segment, state.snapshot_date) AS segment
  FROM churns churn
  JOIN snap_account_state state ON state.account_id = churn.account_id AND state.snapshot_date <= churn.churn_date AND state.has_active_contract
  GROUP BY churn.account_id, churn.churn_date
)
SELECT
  churn.account_id,
  account.name,
  account.csm_owner,
  account.region,
  account.industry,
  churn.status,
  churn.source,
  churn.churn_date,
  CAST(date_trunc('month', churn.churn_date) AS DATE) AS churn_month,
  churn.churn_event_date,
  churn.reason,
  churn.feedback,
  churn.churn_events,
  COALESCE(arr_at_churn.arr, 0) AS arr_lost,
  tier_at_churn.tier,
  tier_at_churn.segment,
  churn.spell_number,
  churn.spell_start,
  churn.spell_end
FROM churns churn
JOIN accounts account ON account.account_id = churn.account_id
LEFT JOIN arr arr_at_churn ON arr_at_churn.account_id = churn.account_id AND arr_at_churn.churn_date = churn.churn_date
LEFT JOIN position tier_at_churn ON tier_at_churn.account_id = churn.account_id AND tier_at_churn.churn_date = churn.churn_date
ORDER BY churn.churn_date, churn.account_id, churn.status
