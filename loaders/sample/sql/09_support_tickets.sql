-- Grain: one row per support ticket: a request an account's people sent to support, opened while the
-- account was a customer within the usage window (office hours, local time stored as UTC).
-- Tickets a day: 0.012 × √people on weekdays, a fifth of that at weekends, so bigger accounts open
-- more (about 0.6 a month with 5 people, 2.6 with 100). Priority: low 27%, normal 50%, high 17%,
-- urgent 6%. Time to solve is lognormal (σ 0.9) around 4 h (urgent), 16 h (high), 40 h (normal) and
-- 80 h (low), six times that for the 5% that wait on the customer; a ticket that would be solved
-- after the end date is still open (closed_at empty).
-- Escalated: 30% of urgent tickets, 12% of high, 3% of normal, 1% of low. Half of the solved tickets
-- carry a satisfaction rating, 1-5: mostly 4 and 5, lower when escalated or solved after 3 days.
-- Accounts heading for churn with a bad support experience (usage_span.support_trouble, 04_contracts.sql),
-- from fade_days + 30 days before they leave: three times the tickets, more of them high and urgent,
-- solved 2.5× slower, escalated 3× as often (at most 80%), rated 1.6 points lower.

CREATE TABLE support_ticket AS
WITH account_day AS (
  SELECT s.account_no, s.life, a.account_id, a.n_users, a.utc_shift_hours, d.day_no,
    getvariable('usage_start') + d.day_no::INTEGER AS day,
    s.support_trouble AND getvariable('usage_start') + d.day_no::INTEGER >= s.left_on - s.fade_days - 30 AS troubled
  FROM usage_span s
  JOIN account_profile a USING (account_no),
    unnest(range(greatest(s.span_start, getvariable('usage_start')) - getvariable('usage_start'),
                 s.span_end - getvariable('usage_start') + 1)) d(day_no)
),
ticket_days AS (
  SELECT *,
    floor(0.012 * sqrt(n_users)
          * CASE WHEN isodow(day) >= 6 THEN 0.2 ELSE 1 END
          * CASE WHEN troubled THEN 3 ELSE 1 END
          + rnd2(account_no, day_no, 'tickets'))::INTEGER AS n_tickets
  FROM account_day
),
opened AS (
  -- the few days with a ticket first: unnesting on every account-day is slow
  SELECT td.*, n.ticket_seq
  FROM (SELECT * FROM ticket_days WHERE n_tickets > 0) td, unnest(range(td.n_tickets)) n(ticket_seq)
),
prioritised AS (
  SELECT *,
    day::TIMESTAMP + to_seconds((
        8 * 3600 + floor(10 * 3600 * rnd3(account_no, day_no, ticket_seq, 'opened_time'))
        + utc_shift_hours * 3600 + 86400)::BIGINT % 86400) AS opened_at,
    CASE WHEN troubled THEN
           CASE WHEN rnd3(account_no, day_no, ticket_seq, 'priority') < 0.15 THEN 'urgent'
                WHEN rnd3(account_no, day_no, ticket_seq, 'priority') < 0.45 THEN 'high'
                WHEN rnd3(account_no, day_no, ticket_seq, 'priority') < 0.85 THEN 'normal'
                ELSE 'low' END
         ELSE
           CASE WHEN rnd3(account_no, day_no, ticket_seq, 'priority') < 0.06 THEN 'urgent'
                WHEN rnd3(account_no, day_no, ticket_seq, 'priority') < 0.23 THEN 'high'
                WHEN rnd3(account_no, day_no, ticket_seq, 'priority') < 0.73 THEN 'normal'
                ELSE 'low' END
    END AS priority
  FROM opened
),
handled AS (
  SELECT *,
    CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 16 WHEN 'normal' THEN 40 ELSE 80 END
      * CASE WHEN troubled THEN 2.5 ELSE 1 END
      * exp(0.9 * rnd3_normal(account_no, day_no, ticket_seq, 'solve_time'))
      -- waiting on the customer
      * CASE WHEN rnd3(account_no, day_no, ticket_seq, 'waiting') < 0.05 THEN 6 ELSE 1 END AS hours_to_solve,
    rnd3(account_no, day_no, ticket_seq, 'escalated')
      < least(0.8, CASE priority WHEN 'urgent' THEN 0.30 WHEN 'high' THEN 0.12 WHEN 'normal' THEN 0.03 ELSE 0.01 END
                   * CASE WHEN troubled THEN 3 ELSE 1 END) AS escalated
  FROM prioritised
),
closed AS (
  SELECT *,
    CASE WHEN opened_at + to_seconds(round(hours_to_solve * 3600)::BIGINT) < (getvariable('end_date') + 1)::TIMESTAMP
         THEN opened_at + to_seconds(round(hours_to_solve * 3600)::BIGINT) END AS closed_at
  FROM handled
)
SELECT account_no, life, troubled,
  'TCK-' || zero_pad(row_number() OVER (ORDER BY opened_at, account_no, ticket_seq), 7) AS ticket_id,
  account_id, opened_at, closed_at, priority, escalated,
  CASE WHEN closed_at IS NOT NULL AND rnd3(account_no, day_no, ticket_seq, 'rated') < 0.5
       THEN least(5, greatest(1, round(
              4.3 - CASE WHEN escalated THEN 0.9 ELSE 0 END
                  - CASE WHEN hours_to_solve > 72 THEN 0.5 ELSE 0 END
                  - CASE WHEN troubled THEN 1.6 ELSE 0 END
              + 0.9 * rnd3_normal(account_no, day_no, ticket_seq, 'satisfaction'))))::INTEGER
  END AS satisfaction
FROM closed;
