-- Grain: one row per account per snapshot date, for accounts that existed on that date (created_at on or before
--        it, or unknown; or a contract or an event by then).
-- Purpose: each account's contract position on the date.
--            arr              = Σ arr of its contracts in force (start_date <= d <= end_date; an open-ended contract,
--                               without end_date, is in force on every day from its start_date)
--            contract_end     = the latest term end of those contracts, or of a renewal of one of them that is
--                               already signed (signed on or before d, starting after d): the next open renewal.
--                               A contract's term end is its end_date; an open-ended contract's is its next renewal
--                               date (fct_billing_renewals); one with neither has no known term end and is left out
--                               (contract_end is NULL when no contract in force has a known term end)
--            days_to_renewal  = contract_end - d (NULL without a contract in force, or when it is unknown)
--            renewal_term_days = the length of the term that ends on contract_end (end_date - start_date + 1, or the
--                               billing period in days): the lifecycle's renewal window needs a term longer than it
--            open_ended       = a contract in force runs until cancelled
--            renewal_signed   = a renewal of a contract in force is signed and starts after d
--            recently_renewed = a contract in force renews an earlier one and started less than
--                               lifecycle.renewedDays days before d
--            renewal_expanded = the ARR of those renewals exceeds the ARR of the contracts they renew by more
--                               than lifecycle.expansionMinChange (a share; default 0.05)
--            customer_since / signed_on = start and signing of the customer spell d falls in
-- Docs: docs/metrics.md#contracts-and-arr
WITH contract_first AS (
  SELECT account_id, min(least(signed_on, start_date)) AS first_contract_on FROM stg_contracts GROUP BY account_id
),
event_first AS (
  SELECT account_id, min(day) AS first_event_on FROM fct_account_daily GROUP BY account_id
),
account_dates AS (
  SELECT a.account_id, s.snapshot_date, s.period_month, s.is_as_of
  FROM accounts a
  CROSS JOIN snapshot_dates s
  LEFT JOIN contract_first cf ON cf.account_id = a.account_id
  LEFT JOIN event_first ef ON ef.account_id = a.account_id
  WHERE a.created_at IS NULL OR a.created_at <= s.snapshot_date
     OR cf.first_contract_on <= s.snapshot_date OR ef.first_event_on <= s.snapshot_date
),
in_force AS (
  SELECT s.snapshot_date, c.*, b.renewal_date AS next_renewal_date
  FROM snapshot_dates s
  JOIN stg_contracts c ON c.start_date <= s.snapshot_date AND c.in_force_until >= s.snapshot_date
  ASOF LEFT JOIN fct_billing_renewals b ON b.contract_id = c.contract_id AND b.renewal_date >= s.snapshot_date
),
terms AS (
  SELECT *,
    COALESCE(end_date, next_renewal_date) AS term_end,
    CASE WHEN end_date IS NOT NULL THEN end_date - start_date + 1
         WHEN next_renewal_date IS NOT NULL
           THEN next_renewal_date - CAST(next_renewal_date - to_months(CAST(billing_period_months AS INTEGER)) AS DATE) END AS term_days
  FROM in_force
),
in_force_totals AS (
  SELECT account_id, snapshot_date,
    sum(arr) AS arr,
    count(*) AS active_contracts,
    min(start_date) AS contract_start,
    max(term_end) AS term_end,
    arg_max(term_days, term_end) AS renewal_term_days,
    bool_or(end_date IS NULL) AS open_ended,
    first(plan ORDER BY arr DESC, contract_id) AS plan
  FROM terms
  GROUP BY account_id, snapshot_date
),
renewal_pairs AS (
  -- (contract, its renewal) pairs that matter on d: the renewal is signed by d and either starts after d while
  -- the contract it renews is in force (renewal signed), or is itself in force and started within renewedDays
  SELECT s.snapshot_date, p.account_id,
    p.contract_id AS expiring_id, p.arr AS expiring_arr,
    r.contract_id AS renewal_id, r.arr AS renewal_arr,
    -- a signed renewal's term end: its end date, or (open-ended) its first renewal date; unknown without either
    COALESCE(r.end_date, CAST(r.start_date + to_months(CAST(r.billing_period_months AS INTEGER)) AS DATE)) AS renewal_end,
    COALESCE(r.end_date - r.start_date + 1,
             CAST(r.start_date + to_months(CAST(r.billing_period_months AS INTEGER)) AS DATE) - r.start_date) AS renewal_term_days,
    r.start_date > s.snapshot_date AS upcoming
  FROM fct_renewal_links l
  JOIN stg_contracts p ON p.contract_id = l.contract_id
  JOIN stg_contracts r ON r.contract_id = l.renewal_id
  JOIN snapshot_dates s ON r.signed_on <= s.snapshot_date
   AND ((r.start_date > s.snapshot_date AND p.start_date <= s.snapshot_date AND p.in_force_until >= s.snapshot_date)
     OR (r.start_date <= s.snapshot_date AND r.in_force_until >= s.snapshot_date
         AND r.start_date > s.snapshot_date - {{renewed_days}}))
),
renewal_side AS (
  SELECT account_id, snapshot_date,
    bool_or(upcoming) AS renewal_signed,
    bool_or(NOT upcoming) AS recently_renewed,
    max(renewal_end) FILTER (WHERE upcoming) AS signed_renewal_end,
    arg_max(renewal_term_days, renewal_end) FILTER (WHERE upcoming) AS signed_renewal_term_days,
    sum(renewal_arr) AS renewal_arr
  FROM (SELECT DISTINCT account_id, snapshot_date, renewal_id, renewal_arr, renewal_end, renewal_term_days, upcoming FROM renewal_pairs)
  GROUP BY account_id, snapshot_date
),
expiring_side AS (
  SELECT account_id, snapshot_date, sum(expiring_arr) AS expiring_arr
  FROM (SELECT DISTINCT account_id, snapshot_date, expiring_id, expiring_arr FROM renewal_pairs)
  GROUP BY account_id, snapshot_date
),
history AS (
  -- contracts started by d (ever a customer) and contracts signed by d that start after it
  SELECT s.snapshot_date, c.account_id,
    bool_or(c.start_date <= s.snapshot_date) AS ever_contracted,
    bool_or(c.start_date > s.snapshot_date) AS has_upcoming_contract,
    max(c.end_date) FILTER (WHERE c.end_date < s.snapshot_date) AS last_contract_end
  FROM snapshot_dates s
  JOIN stg_contracts c ON c.signed_on <= s.snapshot_date OR c.start_date <= s.snapshot_date
  GROUP BY s.snapshot_date, c.account_id
),
spell AS (
  SELECT s.snapshot_date, sp.account_id, sp.spell_number, sp.spell_start, sp.spell_signed_on
  FROM snapshot_dates s
  JOIN fct_customer_spells sp ON sp.spell_start <= s.snapshot_date AND COALESCE(sp.spell_end, DATE '9999-12-31') >= s.snapshot_date
)
SELECT
  ad.account_id,
  ad.snapshot_date,
  ad.period_month,
  ad.is_as_of,
  CAST(COALESCE(t.arr, 0) AS DOUBLE) AS arr,
  t.account_id IS NOT NULL AS has_active_contract,
  COALESCE(t.active_contracts, 0) AS active_contracts,
  t.plan,
  t.contract_start,
  CASE WHEN t.account_id IS NOT NULL THEN greatest(t.term_end, rs.signed_renewal_end) END AS contract_end,
  CASE WHEN t.account_id IS NOT NULL THEN greatest(t.term_end, rs.signed_renewal_end) - ad.snapshot_date END AS days_to_renewal,
  CASE WHEN t.account_id IS NOT NULL AND rs.signed_renewal_end > COALESCE(t.term_end, DATE '0001-01-01') THEN rs.signed_renewal_term_days
       WHEN t.account_id IS NOT NULL THEN t.renewal_term_days END AS renewal_term_days,
  COALESCE(t.open_ended, false) AS open_ended,
  COALESCE(t.account_id IS NOT NULL AND rs.renewal_signed, false) AS renewal_signed,
  COALESCE(t.account_id IS NOT NULL AND rs.recently_renewed, false) AS recently_renewed,
  COALESCE(rs.renewal_arr > es.expiring_arr * (1 + {{expansion_min_change}}), false) AS renewal_expanded,
  COALESCE(h.ever_contracted, false) AS ever_contracted,
  COALESCE(h.has_upcoming_contract, false) AS has_upcoming_contract,
  h.last_contract_end,
  CASE WHEN t.account_id IS NOT NULL THEN sp.spell_start END AS customer_since,
  CASE WHEN t.account_id IS NOT NULL THEN sp.spell_signed_on END AS signed_on,
  CASE WHEN t.account_id IS NOT NULL THEN sp.spell_number END AS spell_number,
  CASE WHEN t.account_id IS NOT NULL THEN ad.snapshot_date - sp.spell_signed_on END AS days_since_signing
FROM account_dates ad
LEFT JOIN in_force_totals t ON t.account_id = ad.account_id AND t.snapshot_date = ad.snapshot_date
LEFT JOIN renewal_side rs ON rs.account_id = ad.account_id AND rs.snapshot_date = ad.snapshot_date
LEFT JOIN expiring_side es ON es.account_id = ad.account_id AND es.snapshot_date = ad.snapshot_date
LEFT JOIN history h ON h.account_id = ad.account_id AND h.snapshot_date = ad.snapshot_date
LEFT JOIN spell sp ON sp.account_id = ad.account_id AND sp.snapshot_date = ad.snapshot_date
