-- Grain: one row per account per snapshot date.
-- Reads: snap_contract_state, snap_segments
-- Purpose: the tier S / A / B / C, assigned among the paying accounts of the date (a contract in force and
--          ARR > 0; others have tier NULL). With n paying accounts:
--            S = the ceil(tiers.topShare × n) largest by ARR (default 15%): arr_rank - 1 < ceil(0.15 × n),
--                where arr_rank = 1 + the number of accounts with a larger ARR
--            C = the bottom tiers.smallPercentile of accounts by ARR (default 40%): the number of accounts with
--                ARR <= this account's ARR is at most floor(0.4 × n)
--            A = the rest, when high frequency (segments: visits_window >= highFrequencyVisits); B = the others
--          Accounts with equal ARR always share a tier; a tie across a boundary goes to the higher tier.
--          S is checked first, so a very small book can have no C.
--          arr_share = the account's share of the date's total ARR.
-- Docs: docs/metrics.md#tiers
WITH paying AS (
  SELECT account_id, snapshot_date, arr,
    count(*) OVER (PARTITION BY snapshot_date) AS paying_accounts,
    rank() OVER (PARTITION BY snapshot_date ORDER BY arr DESC) AS arr_rank,
    count(*) OVER (PARTITION BY snapshot_date ORDER BY arr RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS accounts_at_or_below,
    arr / CAST(sum(CAST(arr AS DECIMAL(18, 2))) OVER (PARTITION BY snapshot_date) AS DOUBLE) AS arr_share
  FROM snap_contract_state
  WHERE has_active_contract AND arr > 0
),
slots AS (
  SELECT *,
    ceil(round({{tier_top_share}} * paying_accounts, 9)) AS top_slots,
    floor(round({{tier_small_percentile}} * paying_accounts, 9)) AS small_slots
  FROM paying
)
SELECT
  segments.account_id,
  segments.snapshot_date,
  CAST(slots.arr_rank AS INTEGER) AS arr_rank,
  COALESCE(slots.arr_share, 0) AS arr_share,
  CASE
    WHEN slots.account_id IS NULL THEN NULL
    WHEN slots.arr_rank - 1 < slots.top_slots THEN 'S'
    WHEN slots.accounts_at_or_below <= slots.small_slots THEN 'C'
    WHEN segments.high_frequency THEN 'A'
    ELSE 'B'
  END AS tier
FROM snap_segments segments
LEFT JOIN slots ON slots.account_id = segments.account_id AND slots.snapshot_date = segments.snapshot_date
