-- Grain: one row per account per snapshot date, for accounts that existed on that date (created_at on or before
--        it, or unknown; or a contract or an event by then).
-- Reads: accounts, fct_account_daily, fct_billing_renewals, fct_customer_spells, fct_renewal_links, snapshot_dates, stg_contracts
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
  SELECT account.account_id, snapshot_dates.snapshot_date, snapshot_dates.period_month, snapshot_dates.is_as_of
  FROM accounts account
  CROSS JOIN snapshot_dates
  LEFT JOIN contract_first ON contract_first.account_id = account.account_id
  LEFT JOIN event_first ON event_first.account_id = account.account_id
  WHERE account.created_at IS NULL OR account.created_at <= snapshot_dates.snapshot_date
     OR contract_first.first_contract_on <= snapshot_dates.snapshot_date OR event_first.first_event_on <= snapshot_dates.snapshot_date
),
in_force AS (
  SELECT snapshot_dates.snapshot_date, contract.*, billing_renewal.renewal_date AS next_renewal_date
  FROM snapshot_dates
  JOIN stg_contracts contract ON contract.start_date <= snapshot_dates.snapshot_date AND contract.in_force_until >= snapshot_dates.snapshot_date
  ASOF LEFT JOIN fct_billing_renewals billing_renewal ON billing_renewal.contract_id = contract.contract_id AND billing_renewal.renewal_date >= snapshot_dates.snapshot_date
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
  SELECT snapshot_dates.snapshot_date, expiring.account_id,
    expiring.contract_id AS expiring_id, expiring.arr AS expiring_arr,
    renewal.contract_id AS renewal_id, renewal.arr AS renewal_arr,
    -- a signed renewal's term end: its end date, or (open-ended) its first renewal date; unknown without either
    COALESCE(renewal.end_date, CAST(renewal.start_date + to_months(CAST(renewal.billing_period_months AS INTEGER)) AS DATE)) AS renewal_end,
    COALESCE(renewal.end_date - renewal.start_date + 1,
             CAST(renewal.start_date + to_months(CAST(renewal.billing_period_months AS INTEGER)) AS DATE) - renewal.start_date) AS renewal_term_days,
    renewal.start_date > snapshot_dates.snapshot_date AS upcoming
  FROM fct_renewal_links link
  JOIN stg_contracts expiring ON expiring.contract_id = link.contract_id
  JOIN stg_contracts renewal ON renewal.contract_id = link.renewal_id
  JOIN snapshot_dates ON renewal.signed_on <= snapshot_dates.snapshot_date
   AND ((renewal.start_date > snapshot_dates.snapshot_date AND expiring.start_date <= snapshot_dates.snapshot_date AND expiring.in_force_until >= snapshot_dates.snapshot_date)
     OR (renewal.start_date <= snapshot_dates.snapshot_date AND renewal.in_force_until >= snapshot_dates.snapshot_date
         AND renewal.start_date > snapshot_dates.snapshot_date - {{renewed_days}}))
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
  SELECT snapshot_dates.snapshot_date, contract.account_id,
    bool_or(contract.start_date <= snapshot_dates.snapshot_date) AS ever_contracted,
    bool_or(contract.start_date > snapshot_dates.snapshot_date) AS has_upcoming_contract,
    max(contract.end_date) FILTER (WHERE contract.end_date < snapshot_dates.snapshot_date) AS last_contract_end
  FROM snapshot_dates
  JOIN stg_contracts contract ON contract.signed_on <= snapshot_dates.snapshot_date OR contract.start_date <= snapshot_dates.snapshot_date
  GROUP BY snapshot_dates.snapshot_date, contract.account_id
),
spell AS (
  SELECT snapshot_dates.snapshot_date, customer_spell.account_id, customer_spell.spell_number, customer_spell.spell_start, customer_spell.spell_signed_on
  FROM snapshot_dates
  JOIN fct_customer_spells customer_spell ON customer_spell.spell_start <= snapshot_dates.snapshot_date AND COALESCE(customer_spell.spell_end, DATE '9999-12-31') >= snapshot_dates.snapshot_date
)
SELECT
  account_dates.account_id,
  account_dates.snapshot_date,
  account_dates.period_month,
  account_dates.is_as_of,
  CAST(COALESCE(in_force_totals.arr, 0) AS DOUBLE) AS arr,
  in_force_totals.account_id IS NOT NULL AS has_active_contract,
  COALESCE(in_force_totals.active_contracts, 0) AS active_contracts,
  in_force_totals.plan,
  in_force_totals.contract_start,
  CASE WHEN in_force_totals.account_id IS NOT NULL THEN greatest(in_force_totals.term_end, renewal_side.signed_renewal_end) END AS contract_end,
  CASE WHEN in_force_totals.account_id IS NOT NULL THEN greatest(in_force_totals.term_end, renewal_side.signed_renewal_end) - account_dates.snapshot_date END AS days_to_renewal,
  CASE WHEN in_force_totals.account_id IS NOT NULL AND renewal_side.signed_renewal_end > COALESCE(in_force_totals.term_end, DATE '0001-01-01') THEN renewal_side.signed_renewal_term_days
       WHEN in_force_totals.account_id IS NOT NULL THEN in_force_totals.renewal_term_days END AS renewal_term_days,
  COALESCE(in_force_totals.open_ended, false) AS open_ended,
  COALESCE(in_force_totals.account_id IS NOT NULL AND renewal_side.renewal_signed, false) AS renewal_signed,
  COALESCE(in_force_totals.account_id IS NOT NULL AND renewal_side.recently_renewed, false) AS recently_renewed,
  COALESCE(renewal_side.renewal_arr > expiring_side.expiring_arr * (1 + {{expansion_min_change}}), false) AS renewal_expanded,
  COALESCE(history.ever_contracted, false) AS ever_contracted,
  COALESCE(history.has_upcoming_contract, false) AS has_upcoming_contract,
  history.last_contract_end,
  CASE WHEN in_force_totals.account_id IS NOT NULL THEN spell.spell_start END AS customer_since,
  CASE WHEN in_force_totals.account_id IS NOT NULL THEN spell.spell_signed_on END AS signed_on,
  CASE WHEN in_force_totals.account_id IS NOT NULL THEN spell.spell_number END AS spell_number,
  CASE WHEN in_force_totals.account_id IS NOT NULL THEN account_dates.snapshot_date - spell.spell_signed_on END AS days_since_signing
FROM account_dates
LEFT JOIN in_force_totals ON in_force_totals.account_id = account_dates.account_id AND in_force_totals.snapshot_date = account_dates.snapshot_date
LEFT JOIN renewal_side ON renewal_side.account_id = account_dates.account_id AND renewal_side.snapshot_date = account_dates.snapshot_date
LEFT JOIN expiring_side ON expiring_side.account_id = account_dates.account_id AND expiring_side.snapshot_date = account_dates.snapshot_date
LEFT JOIN history ON history.account_id = account_dates.account_id AND history.snapshot_date = account_dates.snapshot_date
LEFT JOIN spell ON spell.account_id = account_dates.account_id AND spell.snapshot_date = account_dates.snapshot_date
