-- Grain: one row per subscription term (contract).
-- An account's history is one or two "lives": life 1 starts at its first signing and renews term
-- after term until a renewal where it leaves (drawn per term from its churn risk); a few accounts
-- that left come back after a gap (life 2, a reactivation). ARR changes at each renewal: flat with
-- a small uplift, an expansion or a contraction. Hidden columns: life, term_no, leaves_at_end.

CREATE TABLE contract_term AS
WITH first_life AS (
  SELECT a.account_no, a.account_id, 1 AS life, t.term_no, a.term_months, a.first_arr AS life_arr,
    (a.first_start + to_months(t.term_no * a.term_months))::DATE AS start_date,
    -- the first renewal is the riskiest
    rnd2(a.account_no, t.term_no, 'leaves') < a.churn_risk * CASE WHEN t.term_no = 0 THEN 1.3 ELSE 1 END AS leaves_at_end
  FROM account_profile a CROSS JOIN range(0, 10) t(term_no)
),
first_life_until_leaving AS (
  SELECT * EXCLUDE (first_leaving_term)
  FROM (
    SELECT *, min(term_no) FILTER (WHERE leaves_at_end) OVER (PARTITION BY account_no) AS first_leaving_term
    FROM first_life
    WHERE start_date <= getvariable('end_date')
  )
  WHERE term_no <= coalesce(first_leaving_term, term_no)
),
left_accounts AS (
  SELECT account_no, account_id, (start_date + to_months(term_months))::DATE AS left_on
  FROM first_life_until_leaving
  WHERE leaves_at_end
),
-- about 15% of accounts that left more than 6 months ago come back 3 to 11 months later
comebacks AS (
  SELECT account_no, account_id,
    left_on + between_ints(rnd(account_no, 'comeback_gap'), 90, 330) AS restart
  FROM left_accounts
  WHERE left_on < getvariable('end_date') - 180 AND rnd(account_no, 'comes_back') < 0.15
),
second_life AS (
  SELECT c.account_no, c.account_id, 2 AS life, t.term_no, 12 AS term_months,
    -- comes back on a smaller or similar contract than the one it left
    a.first_arr * (0.5 + 0.5 * rnd(c.account_no, 'comeback_arr')) AS life_arr,
    (c.restart + to_months(t.term_no * 12))::DATE AS start_date,
    false AS leaves_at_end
  FROM comebacks c JOIN account_profile a USING (account_no) CROSS JOIN range(0, 3) t(term_no)
  WHERE c.restart <= getvariable('end_date') - 30
    AND (c.restart + to_months(t.term_no * 12))::DATE <= getvariable('end_date')
),
terms AS (
  SELECT * FROM first_life_until_leaving
  UNION ALL
  SELECT * FROM second_life
),
priced AS (
  SELECT *,
    (start_date + to_months(term_months) - INTERVAL 1 DAY)::DATE AS end_date,
    rnd3(account_no, life, term_no, 'renewal_change') AS change_draw,
    rnd3(account_no, life, term_no, 'renewal_size') AS size_draw
  FROM terms
),
renewal_factor AS (
  SELECT *,
    CASE WHEN term_no = 0 THEN 1.0
         WHEN change_draw < 0.55 THEN 1.00 + 0.06 * size_draw   -- flat renewal, small price uplift
         WHEN change_draw < 0.80 THEN 1.10 + 0.60 * size_draw   -- expansion
         ELSE 0.60 + 0.35 * size_draw END AS arr_factor          -- contraction
  FROM priced
),
with_arr AS (
  SELECT *,
    greatest(600, round(life_arr * exp(sum(ln(arr_factor)) OVER (
      PARTITION BY account_no, life ORDER BY term_no ROWS UNBOUNDED PRECEDING)), -2)) AS arr
  FROM renewal_factor
),
identified AS (
  SELECT *,
    contract_id_of(account_no, row_number() OVER (PARTITION BY account_no ORDER BY life, term_no)) AS contract_id,
    lead(term_no) OVER (PARTITION BY account_no, life ORDER BY term_no) IS NOT NULL AS renewed
  FROM with_arr
)
SELECT account_no, account_id, life, term_no, leaves_at_end, contract_id, start_date, end_date, arr,
  CASE WHEN arr < 12000 THEN 'Starter' WHEN arr < 60000 THEN 'Growth' ELSE 'Enterprise' END AS plan,
  CASE WHEN start_date <= getvariable('end_date') AND end_date >= getvariable('end_date') THEN 'active'
       WHEN renewed THEN 'renewed'
       -- ended in the last 30 days and not renewed: lapsed, not yet written off
       WHEN end_date >= getvariable('end_date') - 30 THEN 'expired'
       ELSE 'churned' END AS status,
  CASE WHEN term_no = 0 THEN start_date - between_ints(rnd2(account_no, life, 'signed_before_start'), 3, 30)
       ELSE start_date - between_ints(rnd3(account_no, life, term_no, 'signed_before_start'), 0, 60) END AS signed_at,
  lag(contract_id) OVER (PARTITION BY account_no, life ORDER BY term_no) AS renewal_of,
  -- acquisition cost on most new-logo contracts (not on reactivations)
  CASE WHEN life = 1 AND term_no = 0 AND rnd(account_no, 'cac_known') < 0.85
       THEN round(arr * (0.4 + 1.4 * rnd(account_no, 'cac')), -2) END AS cac
FROM identified;

-- Grain: one row per account life: the span in which the account's people use the product.
-- left_on is set when the life ends with the account leaving (in the past, or at the end of the
-- current term for accounts that will not renew), the day after its last term. How the leaving shows beforehand (exit_kind):
--   'fading' (80%): usage declines over the last fade_days (60-120 days, i.e. 2-4 months): fewer
--      visits, fewer active people, fewer modules (06_sessions.sql); 35% of them also have a bad
--      support experience in their last months (support_trouble: more tickets, escalations and low
--      ratings, 09_support_tickets.sql);
--   'abrupt' (20%): no warning in usage or support; the budget was cut, the company was acquired or
--      closed (the churn reason says which, 10_churn_events.sql).
CREATE TABLE usage_span AS
WITH spans AS (
  SELECT account_no, life,
    min(start_date) AS span_start,
    least(max(end_date), getvariable('end_date')) AS span_end,
    -- a comeback's terms stop after three: one whose last term ended before the end date has left too
    CASE WHEN bool_or(leaves_at_end) OR max(end_date) < getvariable('end_date') THEN max(end_date) + 1 END AS left_on
  FROM contract_term
  GROUP BY account_no, life
)
SELECT *,
  CASE WHEN left_on IS NULL THEN NULL
       WHEN rnd2(account_no, life, 'leaves_abruptly') < 0.20 THEN 'abrupt'
       ELSE 'fading' END AS exit_kind,
  CASE WHEN exit_kind = 'fading' THEN between_ints(rnd2(account_no, life, 'fade_days'), 60, 120) END AS fade_days,
  coalesce(exit_kind = 'fading' AND rnd2(account_no, life, 'support_trouble') < 0.35, false) AS support_trouble
FROM spans;
