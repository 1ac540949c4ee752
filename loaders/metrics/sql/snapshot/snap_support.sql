-- Grain: one row per account per snapshot date (as snap_contract_state).
-- Reads: snap_contract_state, stg_measures, support_tickets
-- Purpose: the account's support requests as of the date d, over the support window (support.windowDays, default
--          90 days: d - windowDays < day <= d); tickets opened after d are not known yet:
--            support_open_tickets        tickets opened on or before d and not closed by then (no closed_at, or
--                                        closed after d)
--            support_tickets_window      tickets opened in the window
--            support_escalations_window  of those, the escalated ones (escalated true; empty is not escalated)
--            support_satisfaction_window the average satisfaction of the tickets rated in the window (a rated
--                                        ticket counts on the day it was closed, or opened when it has no
--                                        closed_at); NULL when none was rated
--            support_rated_window        how many tickets were rated in the window
--          All NULL (not measured) when there is no support tickets export; zeros for an account without tickets.
-- Docs: docs/metrics.md#support
WITH tickets AS (
  SELECT account_id,
    CAST(opened_at AS DATE) AS opened_on,
    CAST(closed_at AS DATE) AS closed_on,
    satisfaction,
    COALESCE(escalated, false) AS escalated
  FROM support_tickets
),
per_date AS (
  SELECT contract.account_id, contract.snapshot_date,
    count(*) FILTER (WHERE tickets.closed_on IS NULL OR tickets.closed_on > contract.snapshot_date) AS open_tickets,
    count(*) FILTER (WHERE tickets.opened_on > contract.snapshot_date - {{support_window_days}}) AS tickets_window,
    count(*) FILTER (WHERE tickets.opened_on > contract.snapshot_date - {{support_window_days}} AND tickets.escalated) AS escalations_window,
    avg(tickets.satisfaction) FILTER (WHERE COALESCE(tickets.closed_on, tickets.opened_on) > contract.snapshot_date - {{support_window_days}}
                                  AND COALESCE(tickets.closed_on, tickets.opened_on) <= contract.snapshot_date) AS satisfaction_window,
    count(tickets.satisfaction) FILTER (WHERE COALESCE(tickets.closed_on, tickets.opened_on) > contract.snapshot_date - {{support_window_days}}
                                    AND COALESCE(tickets.closed_on, tickets.opened_on) <= contract.snapshot_date) AS rated_window
  FROM snap_contract_state contract
  JOIN tickets ON tickets.account_id = contract.account_id AND tickets.opened_on <= contract.snapshot_date
  GROUP BY contract.account_id, contract.snapshot_date
)
SELECT
  contract.account_id,
  contract.snapshot_date,
  CASE WHEN stg_measures.support_measured THEN COALESCE(per_date.open_tickets, 0) END AS support_open_tickets,
  CASE WHEN stg_measures.support_measured THEN COALESCE(per_date.tickets_window, 0) END AS support_tickets_window,
  CASE WHEN stg_measures.support_measured THEN COALESCE(per_date.escalations_window, 0) END AS support_escalations_window,
  CASE WHEN stg_measures.support_measured THEN per_date.satisfaction_window END AS support_satisfaction_window,
  CASE WHEN stg_measures.support_measured THEN COALESCE(per_date.rated_window, 0) END AS support_rated_window
FROM snap_contract_state contract
CROSS JOIN stg_measures
LEFT JOIN per_date ON per_date.account_id = contract.account_id AND per_date.snapshot_date = contract.snapshot_date
