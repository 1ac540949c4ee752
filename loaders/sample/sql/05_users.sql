-- Grain: one row per person at a customer (user).
-- The first person of every account is its admin; bigger accounts have a few more admins, some
-- executives and champions; most people are members. People join over the first months after the
-- account signs (internal rollout), and each has their own activity level (some barely log in).

CREATE TABLE user_profile AS
WITH people AS (
  SELECT a.account_no, a.account_id, a.name AS account_name, a.n_users, a.engagement, a.shelfware, a.long_visits, p.person_no,
    a.users_before + p.person_no AS user_no
  FROM account_profile a, unnest(range(1, a.n_users + 1)) p(person_no)
),
named AS (
  SELECT *,
    -- distinct first/last name pairs within an account (a bijection over all pairs)
    ((person_no - 1) * 7919 + account_no * 31) % (len(person_first_names()) * len(person_last_names())) AS name_code,
    rnd(user_no, 'role') AS role_draw
  FROM people
)
SELECT account_no, account_id, person_no, user_no,
  user_id_of(user_no) AS user_id,
  CASE WHEN person_no = 1 THEN 'admin'
       WHEN role_draw < 0.04 THEN 'admin'
       WHEN role_draw < 0.10 THEN 'executive'
       WHEN role_draw < 0.22 THEN 'champion'
       ELSE 'member' END AS role,
  person_first_names()[1 + name_code % len(person_first_names())] || '.'
    || person_last_names()[1 + name_code // len(person_first_names())] || '@'
    || trim(lower(regexp_replace(account_name, '[^A-Za-z0-9]+', '-', 'g')), '-') || '.example.com' AS email,
  -- days after the account signs before this person starts using the product (admin: day 0)
  CASE WHEN person_no = 1 THEN 0
       ELSE floor(150 * (person_no - 1) / n_users * (0.5 + rnd(user_no, 'joins_after'))) END::INTEGER AS joins_after_days,
  -- personal activity level: lognormal; key people (admins, executives, champions) use the product
  -- as part of their job, so they vary less and none is dormant, unless the product is shelfware;
  -- at accounts of long visits everyone keeps to the team's rhythm (03_accounts.sql).
  -- Members either use it as a habit or never log in (a seat bought but not used): 65% of them at an
  -- account of typical engagement (1), fewer where it is high (25% at 3.3), more where it is low (at
  -- most 90%). The first admin always uses it.
  exp(CASE WHEN long_visits THEN 0.15 WHEN role = 'member' THEN 0.45 ELSE 0.35 END * rnd_normal(user_no, 'activity'))
    * CASE WHEN person_no > 1 AND (role = 'member' OR shelfware) AND NOT long_visits
                AND rnd(user_no, 'dormant') < least(0.9, 0.65 / pow(engagement, 0.8)) THEN 0 ELSE 1 END AS activity
FROM named;
