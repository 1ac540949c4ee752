-- Grain: one row per visit (session): one person using the product once on one day.
-- For every person and every day their account is a customer within the usage window, the
-- expected number of visits is the product of: their role's base rate, their own activity, the
-- account's engagement, weekday vs weekend, the account's usage trend, the ramp-up after signing
-- and, before a fading account leaves (usage_span.exit_kind, 04_contracts.sql), what remains of its
-- use. The visits that day are that rate rounded up or down at random (so on average exactly the rate).
-- The fade: over the last fade_days (2-4 months) before leaving, `remaining` falls linearly from 1 to
-- 0.1; each person's visit rate is multiplied by it, people other than the admin stop one by one
-- (a person stops once `remaining` is below their own draw), and visits keep to the account's first
-- adopted modules (the share `remaining` of them, at least dashboards). So visits fall to about
-- remaining² (rate × people), active people to about `remaining`, modules used with them.
-- Accounts that leave abruptly, and those that stay, have remaining = 1.

CREATE TABLE usage_session AS
WITH person_span AS (
  SELECT u.user_no, u.account_no, u.person_no, u.role, u.activity,
    a.engagement, a.usage_growth, a.adopted_module_ranks, a.feature_depth, a.utc_shift_hours,
    s.span_start, s.left_on, s.fade_days,
    greatest(s.span_start + u.joins_after_days, getvariable('usage_start')) - getvariable('usage_start') AS first_day_no,
    s.span_end - getvariable('usage_start') AS last_day_no
  FROM user_profile u
  JOIN account_profile a USING (account_no)
  JOIN usage_span s USING (account_no)
),
person_day AS (
  SELECT p.*, d.day_no, getvariable('usage_start') + d.day_no::INTEGER AS day,
    CASE WHEN p.fade_days IS NULL THEN 1.0
         ELSE 0.1 + 0.9 * least(1, (p.left_on - (getvariable('usage_start') + d.day_no::INTEGER)) / p.fade_days::DOUBLE)
    END AS remaining
  FROM person_span p, unnest(range(p.first_day_no, p.last_day_no + 1)) d(day_no)
),
visit_rate AS (
  SELECT *,
    CASE role WHEN 'admin' THEN 0.20 WHEN 'champion' THEN 0.24 WHEN 'executive' THEN 0.05 ELSE 0.075 END
    * activity * engagement
    * CASE WHEN isodow(day) >= 6 THEN 0.15 ELSE 1 END
    -- growth (or decline) of usage over the window
    * greatest(0.2, 1 + usage_growth * day_no / 365.0)
    -- ramp-up over the first 60 days after signing
    * least(1, 0.25 + 0.75 * (day - span_start) / 60.0)
    -- before a fading account leaves: each person visits less, and people other than the admin stop
    * remaining
    * CASE WHEN person_no > 1 AND rnd(user_no, 'stops_before_leaving') > remaining THEN 0 ELSE 1 END
    * getvariable('visit_rate_scale') AS expected_visits
  FROM person_day
),
visit_days AS (
  SELECT * EXCLUDE (expected_visits, adopted_module_ranks),
    least(6, floor(expected_visits + rnd2(user_no, day_no, 'visits')))::INTEGER AS visits,
    -- the modules still in use: all of them, or the first-adopted ones while fading
    adopted_module_ranks[1:greatest(1, ceil(len(adopted_module_ranks) * remaining))::INTEGER] AS adopted_module_ranks
  FROM visit_rate
)
SELECT v.account_no, v.user_no, v.day, v.adopted_module_ranks, v.feature_depth,
  (v.user_no * 1000 + v.day_no) * 10 + n.visit_no AS session_no,
  -- office hours 08:00-18:00 local time (peaking early afternoon), shifted to UTC within the same date
  v.day::TIMESTAMP + to_seconds((
      8 * 3600 + floor(10 * 3600 * (rnd3(v.user_no, v.day_no, n.visit_no, 'start_a')
                                    + rnd3(v.user_no, v.day_no, n.visit_no, 'start_b')) / 2)
      + v.utc_shift_hours * 3600 + 86400)::BIGINT % 86400) AS started_at,
  -- the module the visit is about: the account's first-adopted modules are visited most
  pick(v.adopted_module_ranks, pow(rnd3(v.user_no, v.day_no, n.visit_no, 'primary_module'), 1.4)) AS primary_module_rank,
  -- events in the visit: at least 2, geometric tail (mean about 6), at most 40
  least(40, 2 + floor(-ln(rnd3(v.user_no, v.day_no, n.visit_no, 'events')) * 4.5))::INTEGER AS n_events
FROM visit_days v, unnest(range(v.visits)) n(visit_no)
WHERE v.visits > 0;
