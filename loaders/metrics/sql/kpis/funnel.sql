-- Grain: one row per funnel stage per cohort month, plus one row per stage over all cohorts (cohort_month NULL).
-- Reads: fct_account_daily, fct_renewal_links, leads, stg_contracts
-- Output: funnel.parquet
-- Purpose: the journey from prospect to renewal: visited → registered → trial → opportunity → signed (pre-sale,
--          from the leads export) → onboarded → active → renewed (post-sale, from contracts and usage).
--          A journey is a lead, or an account with a contract that no lead points to (it enters at signed).
--          An account's post-sale stages go to its earliest lead. Stage dates after the as-of date are ignored.
--            signed     = lead.signed_at, else the account's first contract signing
--            onboarded  = the account's first key action on or after that signing
--            active     = the first day after signing on which its visits in the trailing activity window
--                         (activity.windowDays) reached segments.highFrequencyVisits
--            renewed    = the signing of the first renewal of one of its contracts
--          A journey reached a stage when it has that stage's date or a later stage's date (CRMs skip steps);
--          an account-only journey reaches no pre-sale stage. cohort_month = month of the journey's first date.
--          journeys = journeys that reached the stage; converted = those that also reached the stage before;
--          step_conversion = converted / journeys of the stage before.
-- Docs: docs/metrics.md#funnel
WITH stages AS (
  SELECT * FROM (VALUES
    (1, 'visited', 'pre_sale'), (2, 'registered', 'pre_sale'), (3, 'trial', 'pre_sale'),
    (4, 'opportunity', 'pre_sale'), (5, 'signed', 'pre_sale'), (6, 'onboarded', 'post_sale'),
    (7, 'active', 'post_sale'), (8, 'renewed', 'post_sale')
  ) AS s(stage_order, stage, section)
),
leads_known AS (
  SELECT lead_id, account_id,
    CASE WHEN visited_at <= {{as_of}} THEN visited_at END AS visited_at,
    CASE WHEN registered_at <= {{as_of}} THEN registered_at END AS registered_at,
    CASE WHEN trial_at <= {{as_of}} THEN trial_at END AS trial_at,
    CASE WHEN opportunity_at <= {{as_of}} THEN opportunity_at END AS opportunity_at,
    CASE WHEN signed_at <= {{as_of}} THEN signed_at END AS signed_at
  FROM leads
),
first_lead AS (
  SELECT account_id, lead_id
  FROM (
    SELECT account_id, lead_id,
      row_number() OVER (PARTITION BY account_id
                         ORDER BY least(visited_at, registered_at, trial_at, opportunity_at, signed_at) NULLS LAST, lead_id) AS n
    FROM leads_known
    WHERE account_id IS NOT NULL
  )
  WHERE n = 1
),
first_signing AS (
  SELECT account_id, min(signed_on) AS signed_on FROM stg_contracts GROUP BY account_id
),
rolling_visits AS (
  SELECT account_id, day,
    sum(visits) OVER (PARTITION BY account_id ORDER BY day
                      RANGE BETWEEN INTERVAL ({{window_days}} - 1) DAY PRECEDING AND CURRENT ROW) AS visits_in_window
  FROM fct_account_daily
),
milestones AS (
  SELECT first_signing.account_id, first_signing.signed_on,
    (SELECT min(daily.day) FROM fct_account_daily daily
      WHERE daily.account_id = first_signing.account_id AND daily.day >= first_signing.signed_on AND daily.key_actions > 0) AS onboarded_on,
    (SELECT min(rolling_visits.day) FROM rolling_visits
      WHERE rolling_visits.account_id = first_signing.account_id AND rolling_visits.day >= first_signing.signed_on AND rolling_visits.visits_in_window >= {{high_frequency_visits}}) AS active_on,
    (SELECT min(renewal.signed_on) FROM fct_renewal_links link JOIN stg_contracts renewal ON renewal.contract_id = link.renewal_id
      WHERE link.account_id = first_signing.account_id) AS renewed_on
  FROM first_signing
),
journeys AS (
  SELECT 'lead:' || lead.lead_id AS journey_id, true AS has_pre_sale,
    lead.visited_at, lead.registered_at, lead.trial_at, lead.opportunity_at,
    COALESCE(lead.signed_at, milestones.signed_on) AS signed_at,
    milestones.onboarded_on, milestones.active_on, milestones.renewed_on
  FROM leads_known lead
  LEFT JOIN first_lead ON first_lead.lead_id = lead.lead_id
  LEFT JOIN milestones ON milestones.account_id = first_lead.account_id
  UNION ALL
  SELECT 'account:' || milestones.account_id, false,
    NULL, NULL, NULL, NULL, milestones.signed_on, milestones.onboarded_on, milestones.active_on, milestones.renewed_on
  FROM milestones
  WHERE milestones.account_id NOT IN (SELECT account_id FROM first_lead)
),
reached AS (
  -- reached[k]: the journey has stage k's date or a later stage's date (pre-sale stages only for leads)
  SELECT journey_id,
    CAST(date_trunc('month', least(visited_at, registered_at, trial_at, opportunity_at, signed_at,
                                   onboarded_on, active_on, renewed_on)) AS DATE) AS cohort_month,
    [has_pre_sale AND COALESCE(visited_at, registered_at, trial_at, opportunity_at, signed_at, onboarded_on, active_on, renewed_on) IS NOT NULL,
     has_pre_sale AND COALESCE(registered_at, trial_at, opportunity_at, signed_at, onboarded_on, active_on, renewed_on) IS NOT NULL,
     has_pre_sale AND COALESCE(trial_at, opportunity_at, signed_at, onboarded_on, active_on, renewed_on) IS NOT NULL,
     has_pre_sale AND COALESCE(opportunity_at, signed_at, onboarded_on, active_on, renewed_on) IS NOT NULL,
     COALESCE(signed_at, onboarded_on, active_on, renewed_on) IS NOT NULL,
     COALESCE(onboarded_on, active_on, renewed_on) IS NOT NULL,
     COALESCE(active_on, renewed_on) IS NOT NULL,
     renewed_on IS NOT NULL] AS reached
  FROM journeys
),
labelled AS (
  -- every journey once in its cohort and once in "all cohorts" (cohort_month NULL)
  SELECT cohort_month, journey_id, reached FROM reached WHERE cohort_month IS NOT NULL
  UNION ALL
  SELECT NULL, journey_id, reached FROM reached WHERE cohort_month IS NOT NULL
),
cohorts AS (
  SELECT DISTINCT cohort_month FROM labelled
  UNION
  SELECT NULL
),
counts AS (
  SELECT cohorts.cohort_month, stages.stage_order, stages.stage, stages.section,
    count(labelled.journey_id) FILTER (WHERE labelled.reached[stages.stage_order]) AS journeys,
    count(labelled.journey_id) FILTER (WHERE labelled.reached[stages.stage_order] AND (stages.stage_order = 1 OR labelled.reached[stages.stage_order - 1])) AS converted
  FROM cohorts
  CROSS JOIN stages
  LEFT JOIN labelled ON labelled.cohort_month IS NOT DISTINCT FROM cohorts.cohort_month
  GROUP BY cohorts.cohort_month, stages.stage_order, stages.stage, stages.section
)
SELECT
  cohort_month,
  stage_order,
  stage,
  section,
  journeys,
  converted,
  CASE WHEN stage_order = 1 THEN NULL
       ELSE converted / NULLIF(lag(journeys) OVER (PARTITION BY cohort_month ORDER BY stage_order), 0) END AS step_conversion
FROM counts
ORDER BY cohort_month NULLS FIRST, stage_order
