-- Grain: one row per churn event: an exit the customer-success team recorded for an account.
-- 85% of the account lives that ended without renewal before the end date have one (the others left
-- without a record); churned_at is the last contract's end date or up to 7 days after it (never
-- after the end date). The reason follows what the account's data shows (usage_span, 04_contracts.sql):
--   left abruptly (no warning in usage):  Budget cuts 45%, Merged or acquired 35%, Business closed 20%;
--   bad support in the last months:       Poor support experience 65%, else as below;
--   low adoption (engagement < 0.55, or only one module): Low adoption 65%, else as below;
--   otherwise: Too expensive 3/8, Switched to a competitor 2/8, Missing features 2/8, Low adoption 1/8.
-- 40% carry feedback, a sentence for the reason (churn_feedback(), 02_vocabulary.sql).
-- Plus a few contradictions (recorded_while_running): exit interviews recorded for accounts whose
-- contract is in fact still running beyond the end date and not ending in a departure: 0.3% of those
-- accounts (at least 2), churned_at 5-60 days before the end date, within that contract.

CREATE TABLE churn_event AS
WITH exits AS (
  SELECT s.account_no, a.account_id, s.life, s.left_on - 1 AS last_day, s.exit_kind, s.support_trouble,
    a.engagement < 0.55 OR len(a.adopted_module_ranks) = 1 AS low_adoption,
    rnd2(s.account_no, s.life, 'churn_reason') AS reason_draw,
    rnd2(s.account_no, s.life, 'churn_reason_other') AS other_reason_draw
  FROM usage_span s
  JOIN account_profile a USING (account_no)
  WHERE s.left_on <= getvariable('end_date')
    AND rnd2(s.account_no, s.life, 'exit_recorded') < 0.85
),
recorded AS (
  SELECT account_no, account_id, life, false AS recorded_while_running,
    least(getvariable('end_date'), last_day + between_ints(rnd2(account_no, life, 'churned_after'), 0, 7)) AS churned_at,
    CASE WHEN exit_kind = 'abrupt' THEN
           CASE WHEN reason_draw < 0.45 THEN 'Budget cuts' WHEN reason_draw < 0.80 THEN 'Merged or acquired' ELSE 'Business closed' END
         WHEN support_trouble AND reason_draw < 0.65 THEN 'Poor support experience'
         WHEN low_adoption AND reason_draw < 0.65 THEN 'Low adoption'
         ELSE pick(['Too expensive', 'Too expensive', 'Too expensive', 'Switched to a competitor', 'Switched to a competitor',
                    'Missing features', 'Missing features', 'Low adoption'], other_reason_draw)
    END AS reason
  FROM exits
),
running AS (
  SELECT account_no, account_id, pick_no
  FROM (
    SELECT account_no, account_id,
      row_number() OVER (ORDER BY rnd(account_no, 'exit_recorded_while_running'), account_no) AS pick_no,
      count(*) OVER () AS candidates
    FROM contract_term
    WHERE status = 'active' AND NOT leaves_at_end
      AND start_date <= getvariable('end_date') - 60 AND end_date > getvariable('end_date')
  )
  WHERE pick_no <= greatest(2, round(candidates * 0.003))
),
contradictions AS (
  SELECT account_no, account_id, NULL::BIGINT AS life, true AS recorded_while_running,
    getvariable('end_date') - between_ints(rnd(account_no, 'churned_while_running'), 5, 60) AS churned_at,
    pick(['Switched to a competitor', 'Too expensive', 'Budget cuts'], rnd(account_no, 'reason_while_running')) AS reason
  FROM running
),
events AS (
  SELECT * FROM recorded
  UNION ALL
  SELECT * FROM contradictions
)
SELECT account_no, account_id, life, recorded_while_running, churned_at, reason,
  CASE WHEN rnd2(account_no, churned_at, 'has_feedback') < 0.4
       THEN pick(list_filter(churn_feedback(), lambda f: f.reason = events.reason), rnd2(account_no, churned_at, 'feedback')).feedback
  END AS feedback
FROM events;
