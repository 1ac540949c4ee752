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
  SELECT e.*, s.spell_number, s.spell_start, s.spell_end
  FROM events e
  ASOF LEFT JOIN fct_customer_spells s ON s.account_id = e.account_id AND e.churned_at >= s.spell_start
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
  SELECT s.account_id, s.spell_number, s.spell_start, s.spell_end,
    'churned' AS status,
    CASE WHEN e.account_id IS NULL THEN 'contracts' ELSE 'contracts and churn event' END AS source,
    s.spell_end AS churn_date,
    e.churned_at AS churn_event_date, e.reason, e.feedback, COALESCE(e.churn_events, 0) AS churn_events
  FROM fct_customer_spells s
  LEFT JOIN per_spell e ON e.account_id = s.account_id AND e.spell_number = s.spell_number
  WHERE s.spell_end IS NOT NULL
    AND (s.spell_end + {{renewal_match_days}} < {{as_of}} OR (e.account_id IS NOT NULL AND s.spell_end <= {{as_of}}))
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
  SELECT ch.account_id, ch.churn_date, CAST(sum(c.arr) AS DOUBLE) AS arr
  FROM churns ch
  JOIN stg_contracts c ON c.account_id = ch.account_id
   AND c.start_date <= CASE WHEN ch.status = 'churned' THEN ch.spell_end ELSE {{as_of}} END
   AND c.in_force_until >= CASE WHEN ch.status = 'churned' THEN ch.spell_end ELSE {{as_of}} END
  GROUP BY ch.account_id, ch.churn_date
),
position AS (
  -- tier and segment at the last snapshot date on or before the churn date with a contract in force
  SELECT ch.account_id, ch.churn_date,
    arg_max(st.tier, st.snapshot_date) AS tier,
    arg_max(st.segment, st.snapshot_date) AS segment
  FROM churns ch
  JOIN snap_account_state st ON st.account_id = ch.account_id AND st.snapshot_date <= ch.churn_date AND st.has_active_contract
  GROUP BY ch.account_id, ch.churn_date
)
SELECT
  ch.account_id,
  a.name,
  a.csm_owner,
  a.region,
  a.industry,
  ch.status,
  ch.source,
  ch.churn_date,
  CAST(date_trunc('month', ch.churn_date) AS DATE) AS churn_month,
  ch.churn_event_date,
  ch.reason,
  ch.feedback,
  ch.churn_events,
  COALESCE(r.arr, 0) AS arr_lost,
  p.tier,
  p.segment,
  ch.spell_number,
  ch.spell_start,
  ch.spell_end
FROM churns ch
JOIN accounts a ON a.account_id = ch.account_id
LEFT JOIN arr r ON r.account_id = ch.account_id AND r.churn_date = ch.churn_date
LEFT JOIN position p ON p.account_id = ch.account_id AND p.churn_date = ch.churn_date
ORDER BY ch.churn_date, ch.account_id, ch.status
