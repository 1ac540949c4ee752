-- The billing shape (pulse sample --shape billing): the same customers, told the way a billing
-- system (Stripe / Chargebee / Recurly style) holds them.
-- Grain: one row per subscription. A billing system holds subscriptions that run until cancelled,
-- not terms: each account life (04_contracts.sql) is one main subscription from its first term's
-- start, cancelled when the account leaves (the day after its last term; the time of day of its
-- start, as a period end) and otherwise running with no end. Its price is its latest term's ARR.
--   Upgrades: at 30% of the expansions (a renewal at +9% or more), the customer moved to a new
--     subscription that started 0-5 days before the old one was cancelled, on the renewal day.
--   Add-ons: 25% of the lives of accounts whose first ARR is $20k or more bought a second, smaller
--     subscription (10-30% of the first ARR) 30-400 days after the life began; it ends with the life.
--   Running subscriptions have no end (Ended At empty); those whose account leaves when its current
--     term ends, within 180 days of the end date, are set to cancel then (Cancel At Period End True;
--     the billing system does not show the date). Five years of history: about 60% of the
--     subscriptions are running, the rest canceled.
--   Status: canceled (ended on or before the end date), else past_due (3%) or active.
--   Billing interval: Starter mostly Monthly, Growth Monthly or Annual (some quarterly), Enterprise
--     Annual (some "12", months); an annual interval is "annual" in lower case on some rows.
-- Ids look like a billing system's: 'cus_' / 'sub_' and hex digits from md5 of the seed and the row.

CREATE MACRO customer_id_of(account_no) AS
  'cus_' || substr(md5('customer:' || getvariable('seed') || ':' || account_no), 1, 14);
CREATE MACRO subscription_id_of(account_no, life, kind, segment_no) AS
  'sub_' || substr(md5('subscription:' || getvariable('seed') || ':' || account_no || ':' || life || ':' || kind || ':' || segment_no), 1, 16);

CREATE TABLE billing_subscription AS
WITH terms AS (
  SELECT *,
    term_no > 0
      AND arr >= 1.09 * lag(arr) OVER (PARTITION BY account_no, life ORDER BY term_no)
      AND rnd3(account_no, life, term_no, 'upgrade_to_new_subscription') < 0.3 AS starts_new_subscription
  FROM contract_term
),
segmented AS (
  SELECT *,
    sum(starts_new_subscription::INTEGER) OVER (PARTITION BY account_no, life ORDER BY term_no ROWS UNBOUNDED PRECEDING)
      AS segment_no
  FROM terms
),
segments AS (
  SELECT account_no, life, segment_no,
    min(start_date) AS first_term_start,
    max(end_date) AS last_term_end,
    arg_max(arr, term_no) AS arr,
    arg_max(plan, term_no) AS plan,
    bool_or(leaves_at_end) AS leaves
  FROM segmented
  GROUP BY account_no, life, segment_no
),
main AS (
  SELECT *,
    CASE WHEN segment_no = 0 THEN first_term_start
         ELSE first_term_start - between_ints(rnd3(account_no, life, segment_no, 'upgrade_overlap'), 0, 5) END AS started_on,
    lead(first_term_start) OVER (PARTITION BY account_no, life ORDER BY segment_no) AS upgraded_on
  FROM segments
),
main_ended AS (
  SELECT 'main' AS kind, account_no, life, segment_no, started_on, arr, plan,
    CASE WHEN upgraded_on IS NOT NULL THEN upgraded_on
         WHEN leaves AND last_term_end + 1 <= getvariable('end_date') THEN last_term_end + 1 END AS ended_on,
    upgraded_on IS NOT NULL AS upgraded
  FROM main
),
life_end AS (
  SELECT account_no, life, min(started_on) AS life_start, max(ended_on) FILTER (WHERE NOT upgraded) AS life_ended_on,
    bool_or(ended_on IS NULL AND NOT upgraded) AS life_running
  FROM main_ended
  GROUP BY account_no, life
),
add_on AS (
  SELECT 'add_on' AS kind, l.account_no, l.life, 0 AS segment_no,
    l.life_start + between_ints(rnd2(l.account_no, l.life, 'add_on_start'), 30, 400) AS started_on,
    round(a.first_arr * (0.1 + 0.2 * rnd2(l.account_no, l.life, 'add_on_arr')), -2) AS arr,
    pick(['Add-on: Premium Support', 'Add-on: Extra Seats', 'Add-on: Warehouse Sync'], rnd2(l.account_no, l.life, 'add_on_plan')) AS plan,
    CASE WHEN l.life_running THEN NULL ELSE l.life_ended_on END AS ended_on,
    false AS upgraded
  FROM life_end l
  JOIN account_profile a USING (account_no)
  WHERE a.first_arr >= 20000 AND rnd2(l.account_no, l.life, 'has_add_on') < 0.25
),
subscriptions AS (
  SELECT * FROM main_ended
  UNION ALL
  -- an add-on starts before the life ends, and before the end date
  SELECT * FROM add_on
  WHERE started_on <= getvariable('end_date') - 1 AND (ended_on IS NULL OR started_on < ended_on - 1)
),
-- the term in force on the end date, of a life that is still running
current_term AS (
  SELECT account_no, life, end_date, leaves_at_end FROM contract_term WHERE status = 'active'
),
timed AS (
  SELECT s.*,
    subscription_id_of(s.account_no, s.life, s.kind, s.segment_no) AS subscription_id,
    -- time of day the subscription started (and its periods turn)
    to_seconds(between_ints(rnd3(s.account_no, s.life, s.kind || s.segment_no, 'start_time'), 6 * 3600, 22 * 3600 - 1)) AS time_of_day,
    -- running, leaving when the current term ends, within 180 days: set to cancel at period end
    coalesce(s.ended_on IS NULL AND c.leaves_at_end AND c.end_date <= getvariable('end_date') + 180, false) AS cancel_at_period_end
  FROM subscriptions s
  LEFT JOIN current_term c USING (account_no, life)
)
SELECT kind, account_no, life, segment_no, subscription_id,
  customer_id_of(account_no) AS customer_id,
  plan, arr, upgraded, cancel_at_period_end, started_on,
  started_on::TIMESTAMP + time_of_day AS started_at,
  ended_on,
  CASE WHEN ended_on IS NOT NULL AND upgraded
         -- an upgrade's old subscription is cancelled during the day
         THEN ended_on::TIMESTAMP + to_seconds(between_ints(rnd3(account_no, life, segment_no, 'upgrade_cancel_time'), 8 * 3600, 18 * 3600))
       WHEN ended_on IS NOT NULL THEN ended_on::TIMESTAMP + time_of_day END AS ended_at,
  CASE WHEN ended_on IS NOT NULL THEN 'canceled'
       WHEN rnd3(account_no, life, kind || segment_no, 'past_due') < 0.03 THEN 'past_due'
       ELSE 'active' END AS status,
  CASE WHEN plan = 'Enterprise' THEN
         CASE WHEN rnd3(account_no, life, kind || segment_no, 'interval') < 0.80 THEN 'Annual'
              WHEN rnd3(account_no, life, kind || segment_no, 'interval') < 0.90 THEN 'annual'
              ELSE '12' END
       WHEN plan = 'Growth' THEN
         CASE WHEN rnd3(account_no, life, kind || segment_no, 'interval') < 0.40 THEN 'Monthly'
              WHEN rnd3(account_no, life, kind || segment_no, 'interval') < 0.75 THEN 'Annual'
              WHEN rnd3(account_no, life, kind || segment_no, 'interval') < 0.85 THEN 'annual'
              ELSE 'quarterly' END
       ELSE
         CASE WHEN rnd3(account_no, life, kind || segment_no, 'interval') < 0.70 THEN 'Monthly'
              WHEN rnd3(account_no, life, kind || segment_no, 'interval') < 0.90 THEN 'Annual'
              ELSE 'annual' END
  END AS billing_interval
FROM timed;
