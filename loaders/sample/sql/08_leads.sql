-- Grain: one row per prospect in the pre-sale funnel (lead): visited → registered → trial →
-- opportunity → signed, with null dates after the step where the prospect dropped out.
-- The funnel holds the prospects who first visited within the usage window. Those who became
-- accounts link to them (they visited shortly before the account was created, which is when they
-- registered); around them, 25 prospects per signed one dropped out on the way, with the step
-- conversions below, so the funnel's overall conversion is 1 in 26 (3.85%):
--   visited → registered 45%, registered → trial 50%, trial → opportunity 45%, opportunity → signed 38%.
-- Steps that would fall after the end date have not happened yet, so recent cohorts are unfinished.

CREATE TABLE lead_funnel AS
WITH first_signings AS (
  SELECT a.account_no AS lead_key, a.account_id, a.created_at AS registered_at, c.signed_at,
    a.created_at - between_ints(rnd(a.account_no, 'signed_lead_visit'), 0, 30) AS visited_at
  FROM account_profile a
  JOIN contract_term c ON c.account_no = a.account_no AND c.life = 1 AND c.term_no = 0
),
signed_dated AS (
  SELECT 'signed' AS source, lead_key, account_id, visited_at, registered_at,
    registered_at + floor((signed_at - registered_at) * (0.1 + 0.2 * rnd(lead_key, 'signed_lead_trial')))::INTEGER AS trial_at,
    registered_at + floor((signed_at - registered_at) * (0.5 + 0.35 * rnd(lead_key, 'signed_lead_opportunity')))::INTEGER AS opportunity_at,
    signed_at
  FROM first_signings
  -- the funnel covers prospects who first visited within the usage window
  WHERE visited_at BETWEEN getvariable('usage_start') AND getvariable('end_date')
),
dropped AS (
  SELECT 'dropped' AS source, i AS lead_key,
    -- visits spread over the window, growing towards its end
    getvariable('usage_start')
      + floor((getvariable('end_date') - getvariable('usage_start')) * pow(rnd(i, 'lead_visit'), 0.85))::INTEGER AS visited_at,
    -- furthest step reached, given that the prospect did not sign; of all prospects: visited only
    -- 55%, registered only 22.5%, trial only 12.375%, opportunity only 6.2775% (96.1525% in all,
    -- signed 3.8475%), so the cumulative shares among those not signing are 57.20%, 80.60%, 93.47%
    CASE WHEN rnd(i, 'lead_stage') < 0.572008 THEN 1
         WHEN rnd(i, 'lead_stage') < 0.806011 THEN 2
         WHEN rnd(i, 'lead_stage') < 0.934713 THEN 3
         ELSE 4 END AS furthest_step
  FROM range(1, 25 * (SELECT count(*) FROM signed_dated) + 1) t(i)
),
dropped_steps AS (
  SELECT *,
    CASE WHEN furthest_step >= 2 THEN visited_at + between_ints(rnd(lead_key, 'lead_register'), 0, 14) END AS registered_on,
    between_ints(rnd(lead_key, 'lead_trial'), 0, 10) AS days_to_trial,
    between_ints(rnd(lead_key, 'lead_opportunity'), 7, 45) AS days_to_opportunity
  FROM dropped
),
dropped_dated AS (
  SELECT source, lead_key, NULL::VARCHAR AS account_id, visited_at,
    CASE WHEN registered_on <= getvariable('end_date') THEN registered_on END AS registered_at,
    CASE WHEN furthest_step >= 3 AND registered_on + days_to_trial <= getvariable('end_date')
         THEN registered_on + days_to_trial END AS trial_at,
    CASE WHEN furthest_step >= 4 AND registered_on + days_to_trial + days_to_opportunity <= getvariable('end_date')
         THEN registered_on + days_to_trial + days_to_opportunity END AS opportunity_at,
    NULL::DATE AS signed_at
  FROM dropped_steps
),
all_leads AS (
  SELECT * FROM signed_dated
  UNION ALL
  SELECT * FROM dropped_dated
)
SELECT lead_id_of(row_number() OVER (ORDER BY visited_at, source, lead_key)) AS lead_id,
  account_id, visited_at, registered_at, trial_at, opportunity_at, signed_at
FROM all_leads;
