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
  SELECT f.account_id, f.signed_on,
    (SELECT min(d.day) FROM fct_account_daily d
      WHERE d.account_id = f.account_id AND d.day >= f.signed_on AND d.key_actions > 0) AS onboarded_on,
    (SELECT min(r.day) FROM rolling_visits r
      WHERE r.account_id = f.account_id AND r.day >= f.signed_on AND r.visits_in_window >= {{high_frequency_visits}}) AS active_on,
    (SELECT min(c.signed_on) FROM fct_renewal_links l JOIN stg_contracts c ON c.contract_id = l.renewal_id
      WHERE l.account_id = f.account_id) AS renewed_on
  FROM first_signing f
),
journeys AS (
  SELECT 'lead:' || l.lead_id AS journey_id, true AS has_pre_sale,
    l.visited_at, l.registered_at, l.trial_at, l.opportunity_at,
    COALESCE(l.signed_at, m.signed_on) AS signed_at,
    m.onboarded_on, m.active_on, m.renewed_on
  FROM leads_known l
  LEFT JOIN first_lead fl ON fl.lead_id = l.lead_id
  LEFT JOIN milestones m ON m.account_id = fl.account_id
  UNION ALL
  SELECT 'account:' || m.account_id, false,
    NULL, NULL, NULL, NULL, m.signed_on, m.onboarded_on, m.active_on, m.renewed_on
  FROM milestones m
  WHERE m.account_id NOT IN (SELECT account_id FROM first_lead)
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
  SELECT c.cohort_month, s.stage_order, s.stage, s.section,
    count(l.journey_id) FILTER (WHERE l.reached[s.stage_order]) AS journeys,
    count(l.journey_id) FILTER (WHERE l.reached[s.stage_order] AND (s.stage_order = 1 OR l.reached[s.stage_order - 1])) AS converted
  FROM cohorts c
  CROSS JOIN stages s
  LEFT JOIN labelled l ON l.cohort_month IS NOT DISTINCT FROM c.cohort_month
  GROUP BY c.cohort_month, s.stage_order, s.stage, s.section
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
