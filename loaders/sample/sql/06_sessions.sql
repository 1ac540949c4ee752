-- Grain: one row per visit (session): one person using the product once on one day.
-- For every person and every day their account is a customer within the usage window, the
-- expected number of visits is the product of: their role's base rate, their own activity, the
-- account's engagement and visit style, weekday vs weekend, the account's usage trend, the ramp-up
-- after signing and, before a fading account leaves (usage_span.exit_kind, 04_contracts.sql), what
-- remains of its use.
-- People have habits: a person's visits are their expected visits added up day by day and rounded
-- (a visit on each day the running total passes a whole number, from a personal phase), so in any
-- period a person visits as often as expected, give or take one — someone at 0.2 a working day comes
-- about once a week, week after week, rather than in random clumps. A month's visits of an account
-- that does not change therefore stay within a visit or two of the month before; what moves them is
-- the account's trend, people joining, the fade, and how many weekend days the month holds.
-- The fade: over the last fade_days (2-4 months) before leaving, `remaining` falls from 1 to 0.1,
-- steeply at first (as the square of the share of the fade still to come: half way through, 0.33);
-- each person's visit rate is multiplied by it, people other than the admin stop one by one
-- (a person stops once `remaining` is below their own draw), and visits keep to the account's first
-- adopted modules (the share `remaining` of them, at least dashboards). So visits fall to about
-- remaining² (rate × people), active people to about `remaining`, modules used with them.
-- Accounts that leave abruptly, and those that stay, have remaining = 1.

-- what remains of an account's use on `day`: 1, or falling to 0.1 over the fade before it leaves
CREATE MACRO remaining_on(day, left_on, fade_days) AS
  CASE WHEN fade_days IS NULL THEN 1.0
       ELSE 0.1 + 0.9 * pow(least(1, (left_on - day) / fade_days::DOUBLE), 2) END;

-- the weeks are numbered from a Monday; the running totals are in millionths of a visit, whole
-- numbers, so adding them up gives the same result in any order (and so the same bytes)
CREATE MACRO week_no_of(day) AS (day - DATE '2000-01-03') // 7;

CREATE TABLE usage_session AS
WITH person_span AS (
  SELECT u.user_no, u.account_no, u.person_no, u.role, u.activity,
    a.engagement, a.long_visits, a.viewers, a.usage_growth, a.adopted_module_ranks, a.feature_depth, a.utc_shift_hours,
    s.span_start, s.left_on, s.fade_days,
    greatest(s.span_start + u.joins_after_days, getvariable('usage_start')) AS first_day,
    s.span_end AS last_day,
    -- the part of the visit rate that does not change from day to day: the role's rate, the person's
    -- activity and the account's engagement (before the overall scale)
    CASE u.role WHEN 'admin' THEN 0.20 WHEN 'champion' THEN 0.24 WHEN 'executive' THEN 0.05 ELSE 0.15 END
    * u.activity
    -- the account's engagement: at a little-engaged account fewer members use the product at all
    -- (05_users.sql), and those who do come less often. Accounts of long visits keep to their rhythm:
    -- their key people come about every two weeks, members about every three
    * CASE WHEN a.long_visits THEN CASE WHEN u.role = 'member' THEN 0.3 ELSE 0.25 END
    -- accounts of viewers (03_accounts.sql): members look in about once a month, key people about weekly
           WHEN a.viewers THEN CASE WHEN u.role = 'member' THEN 0.1 ELSE 0.15 * sqrt(a.engagement) END
           ELSE sqrt(a.engagement) END AS habit_rate,
    -- a member whose habit would bring them less than about once in two weeks (at --activity 1) does not
    -- use the product at all: members come regularly or not at all, so an account's active people do
    -- not change from one month to the next because someone's monthly visit fell just outside it
    CASE WHEN u.role = 'member' AND NOT a.viewers AND habit_rate < 0.04 THEN 0 ELSE habit_rate END
    * getvariable('visit_rate_scale') AS base_rate,
    rnd(u.user_no, 'stops_before_leaving') AS stops_at
  FROM user_profile u
  JOIN account_profile a USING (account_no)
  JOIN usage_span s USING (account_no)
),
person_week AS (
  SELECT p.*, w.week_no,
    DATE '2000-01-03' + 7 * w.week_no::INTEGER AS monday,
    -- expected visits on each day of the week (Monday first), in millionths
    list_transform(range(7), lambda i: CASE
      WHEN monday + i::INTEGER NOT BETWEEN p.first_day AND p.last_day THEN 0
      ELSE round(1e6 * least(6,
        p.base_rate
        -- weekends: 30% of a working day
        * CASE WHEN i >= 5 THEN 0.3 ELSE 1 END
        -- growth (or decline) of usage over the window
        * greatest(0.2, 1 + p.usage_growth * (monday + i::INTEGER - getvariable('usage_start')) / 365.0)
        -- ramp-up over the first 60 days after signing
        * least(1, 0.25 + 0.75 * (monday + i::INTEGER - p.span_start) / 60.0)
        -- before a fading account leaves: each person visits less, and people other than the admin stop
        * remaining_on(monday + i::INTEGER, p.left_on, p.fade_days)
        * CASE WHEN p.person_no > 1 AND p.stops_at > remaining_on(monday + i::INTEGER, p.left_on, p.fade_days) THEN 0 ELSE 1 END))
      END::BIGINT) AS day_rates
  FROM person_span p, unnest(range(week_no_of(p.first_day), week_no_of(p.last_day) + 1)) w(week_no)
  WHERE p.base_rate > 0
),
person_week_total AS (
  SELECT *,
    sum(list_sum(day_rates)) OVER (PARTITION BY user_no ORDER BY week_no) - list_sum(day_rates) AS before_week,
    -- the personal phase of the habit
    floor(1e6 * rnd(user_no, 'visit_phase'))::BIGINT AS phase
  FROM person_week
),
visit_days AS (
  SELECT w.* EXCLUDE (day_rates, adopted_module_ranks), d.i,
    w.monday + d.i::INTEGER AS day,
    w.monday + d.i::INTEGER - getvariable('usage_start') AS day_no,
    -- the person's visits so far, before this day (their number), and the visits this day
    (w.before_week + coalesce(list_sum(w.day_rates[1:d.i]), 0) + w.phase) // 1000000 AS visits_before,
    ((w.before_week + list_sum(w.day_rates[1:d.i + 1]) + w.phase) // 1000000 - visits_before)::INTEGER AS visits,
    -- the modules still in use: all of them, or the first-adopted ones while fading
    w.adopted_module_ranks[1:greatest(1, ceil(len(w.adopted_module_ranks)
      * remaining_on(w.monday + d.i::INTEGER, w.left_on, w.fade_days)))::INTEGER] AS adopted_module_ranks
  FROM person_week_total w, unnest(range(7)) d(i)
  WHERE w.day_rates[d.i + 1] > 0
)
SELECT v.account_no, v.user_no, v.day, v.adopted_module_ranks, v.feature_depth, v.long_visits,
  (v.user_no * 1000 + v.day_no) * 10 + n.visit_no AS session_no,
  -- office hours 08:00-18:00 local time (peaking early afternoon), shifted to UTC within the same date
  v.day::TIMESTAMP + to_seconds((
      8 * 3600 + floor(10 * 3600 * (rnd3(v.user_no, v.day_no, n.visit_no, 'start_a')
                                    + rnd3(v.user_no, v.day_no, n.visit_no, 'start_b')) / 2)
      + v.utc_shift_hours * 3600 + 86400)::BIGINT % 86400) AS started_at,
  -- the module the visit is about: the account's first-adopted modules are visited most; a person's
  -- visits go round them in turn (the golden-ratio step over their visit number), so each is
  -- visited about as often as its share, month after month
  pick(v.adopted_module_ranks,
       pow((rnd(v.user_no, 'module_phase') + (v.visits_before + n.visit_no) * 0.6180339887498949) % 1, 1.4)) AS primary_module_rank,
  -- events in the visit: short visits at least 2, plus a geometric tail (mean about 2.6 in all), at
  -- most 40; long visits at least 8 (mean about 12.5, at most 80)
  least(CASE WHEN v.long_visits THEN 80 ELSE 40 END,
        CASE WHEN v.long_visits THEN 8 ELSE 2 END
        + floor(-ln(rnd3(v.user_no, v.day_no, n.visit_no, 'events')) * CASE WHEN v.long_visits THEN 5 ELSE 1 END))::INTEGER AS n_events
FROM visit_days v, unnest(range(v.visits)) n(visit_no)
WHERE v.visits > 0;
