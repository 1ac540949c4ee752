-- Grain: one row per customer company (account).
-- Holds the accounts export's columns plus the hidden traits the later steps draw on: size at
-- first signing, term length, how likely it is to leave at a renewal, how intensely and how broadly
-- its people use the product, and how many people it has. Only the export columns are written out.

CREATE TABLE account_profile AS
WITH numbered AS (
  SELECT i AS account_no, account_id_of(i) AS account_id
  FROM range(1, getvariable('n_accounts') + 1) t(i)
),
-- Unique company names: a bijection (multiply by a prime, modulo the number of combinations) maps
-- account numbers onto word combinations, so no two accounts share a name. Suffixes are only
-- used when two-word names run out; beyond all combinations a number is appended.
naming AS (
  SELECT *,
    len(company_first_words()) * len(company_second_words()) AS two_word_names,
    CASE WHEN getvariable('n_accounts') <= two_word_names THEN two_word_names
         ELSE two_word_names * len(company_suffixes()) END AS name_space,
    ((account_no - 1) % name_space * 7919 + (hash(getvariable('seed'), 'names') % name_space)::BIGINT) % name_space AS name_code,
    (account_no - 1) // name_space AS name_round
  FROM numbered
),
named AS (
  SELECT account_no, account_id,
    company_first_words()[1 + name_code % len(company_first_words())]
      || ' ' || company_second_words()[1 + (name_code // len(company_first_words())) % len(company_second_words())]
      || CASE WHEN name_code >= two_word_names
              THEN ' ' || company_suffixes()[1 + name_code // two_word_names] ELSE '' END
      || CASE WHEN name_round > 0 THEN ' ' || (name_round + 1)::VARCHAR ELSE '' END AS name
  FROM naming
),
traits AS (
  SELECT *,
    -- ARR at first signing: lognormal (median $12k, sigma 1.8), so ARR is concentrated about 80/20
    greatest(1200, least(3000000, round(12000 * exp(1.8 * rnd_normal(account_no, 'first_arr')), -2))) AS first_arr,
    -- first contract start: up to 5 years before the end date; recent signings more common (growth)
    getvariable('end_date') - 1 - (5 * 365 * pow(rnd(account_no, 'first_start'), 0.85))::INTEGER AS first_start,
    rnd(account_no, 'term_months') AS term_draw,
    -- shelfware: 17% of the accounts bought the product and hardly use it (few people, few modules,
    -- rare visits), month after month
    rnd(account_no, 'shelfware') < 0.17 AS shelfware,
    -- how much the account's people use the product (lognormal around 1; shelfware 1% of that)
    exp(1.0 * rnd_normal(account_no, 'engagement')) * CASE WHEN shelfware THEN 0.01 ELSE 1 END AS engagement,
    -- yearly change of usage for accounts that stay: -20% .. +60%
    -0.2 + 0.8 * rnd(account_no, 'usage_growth') AS usage_growth,
    -- share of each module's features the account uses
    0.3 + 0.7 * rnd(account_no, 'feature_depth') AS feature_depth,
    exp(0.35 * rnd_normal(account_no, 'headcount')) AS headcount_noise,
    rnd(account_no, 'region') AS region_draw
  FROM named
),
sized AS (
  SELECT *,
    CASE WHEN first_arr >= 60000 AND term_draw < 0.15 THEN 36
         WHEN first_arr >= 20000 AND term_draw < 0.30 THEN 24
         ELSE 12 END AS term_months,
    -- chance of leaving at each renewal: small accounts churn more
    CASE WHEN first_arr < 10000 THEN 0.22 WHEN first_arr < 50000 THEN 0.17 ELSE 0.12 END AS churn_risk,
    -- people at the customer who use the product: grows with the account's size
    least(1000, greatest(1, round(0.043 * pow(first_arr, 0.5) * headcount_noise)))::INTEGER AS n_users,
    -- long visits: some accounts come rarely but stay long and use much of the product each time (an
    -- analyst's deep dives every week or two, all over the product, and colleagues who look in about
    -- once a month): a quarter of the teams of one or two, a tenth of the others; the rest make short,
    -- focused visits
    NOT shelfware AND rnd(account_no, 'long_visits') < CASE WHEN n_users <= 2 THEN 0.35 ELSE 0.06 END AS long_visits,
    -- viewers: at 15% of the other accounts of eight people or more, most people only look at what
    -- their colleagues share, about once a month, and the few who build it come about weekly
    NOT shelfware AND NOT long_visits AND n_users >= 8 AND rnd(account_no, 'viewers') < 0.15 AS viewers,
    CASE WHEN region_draw < 0.40 THEN 'North America'
         WHEN region_draw < 0.70 THEN 'EMEA'
         WHEN region_draw < 0.85 THEN 'APAC'
         WHEN region_draw < 0.93 THEN 'LATAM'
         ELSE 'ANZ' END AS region
  FROM traits
),
adoption AS (
  -- modules the account uses; dashboards always, the others by popularity, the account's breadth and
  -- its size: a team of one or two keeps to the core modules (0.4 and 0.6 of the chances), four or
  -- more people spread over the product; accounts of long visits explore it (1.6 times the chance)
  SELECT a.account_no, list(m.module_rank ORDER BY m.module_rank) AS adopted_module_ranks
  FROM sized a CROSS JOIN range(1, len(product_modules()) + 1) m(module_rank)
  WHERE m.module_rank = 1
     OR rnd2(a.account_no, m.module_rank, 'adopts')
        < product_modules()[m.module_rank].adoption * (0.5 + rnd(a.account_no, 'breadth'))
          * CASE WHEN a.long_visits THEN 1.6 ELSE least(1, 0.2 + 0.2 * a.n_users) END
          * CASE WHEN a.shelfware THEN 0.5 ELSE 1 END
  GROUP BY a.account_no
)
SELECT s.account_no, s.account_id, s.name,
  pick(industries(), rnd(s.account_no, 'industry')) AS industry,
  s.region,
  pick(csm_names(), rnd(s.account_no, 'csm_owner')) AS csm_owner,
  s.first_start - between_ints(rnd(s.account_no, 'created_at'), 40, 150) AS created_at,
  -- seats bought: 10%..100% above the people who use the product
  ceil(s.n_users * (1.1 + 0.9 * rnd(s.account_no, 'seats')))::INTEGER AS seats,
  s.first_arr, s.first_start, s.term_months, s.churn_risk, s.shelfware, s.engagement, s.long_visits, s.viewers, s.usage_growth,
  -- long visits go deep: 60-100% of each module's features
  CASE WHEN s.long_visits THEN 0.6 + 0.4 * rnd(s.account_no, 'feature_depth') ELSE s.feature_depth END AS feature_depth,
  s.n_users, ad.adopted_module_ranks,
  -- hours to add to local office time to get UTC
  CASE s.region WHEN 'North America' THEN 5 WHEN 'EMEA' THEN -1 WHEN 'APAC' THEN -8
                WHEN 'LATAM' THEN 3 ELSE -10 END AS utc_shift_hours,
  sum(s.n_users) OVER (ORDER BY s.account_no) - s.n_users AS users_before
FROM sized s JOIN adoption ad USING (account_no);
