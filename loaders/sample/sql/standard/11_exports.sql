-- The standard shape (pulse sample, the default): the exports under the data contract's names and
-- canonical columns (loaders/contract/exports.ts, docs/data-contract.md), in the contract's order.
-- Grain: each table or view below is one export exactly as it is written. Dates are text
-- (YYYY-MM-DD; timestamps YYYY-MM-DD hh:mm:ss) in the CSV exports so that the deliberately bad rows
-- (12_bad_rows.sql) can hold values like '2026-13-45' or 'n/a'.

-- one row is a customer company
CREATE TABLE accounts AS
SELECT account_id, name, industry, region, csm_owner, created_at::VARCHAR AS created_at, seats
FROM account_profile;

-- one row is a subscription term
CREATE TABLE contracts AS
SELECT contract_id, account_id, start_date::VARCHAR AS start_date, end_date::VARCHAR AS end_date,
  arr::BIGINT::VARCHAR AS arr, plan, status, signed_at::VARCHAR AS signed_at, renewal_of, cac::BIGINT AS cac
FROM contract_term;

-- one row is a person at a customer
CREATE TABLE users AS
SELECT user_id, account_id, role, email
FROM user_profile;

-- one row is a prospect in the pre-sale funnel
CREATE TABLE leads AS
SELECT lead_id, account_id, visited_at::VARCHAR AS visited_at, registered_at::VARCHAR AS registered_at,
  trial_at::VARCHAR AS trial_at, opportunity_at::VARCHAR AS opportunity_at, signed_at::VARCHAR AS signed_at
FROM lead_funnel;

-- one row is an exit the customer-success team recorded
CREATE TABLE churn_events AS
SELECT account_id, churned_at::VARCHAR AS churned_at, reason, feedback
FROM churn_event;

-- one row is a support ticket; escalated is written true/false
CREATE TABLE support_tickets AS
SELECT ticket_id, account_id, opened_at::VARCHAR AS opened_at, closed_at::VARCHAR AS closed_at, priority,
  satisfaction, escalated::VARCHAR AS escalated
FROM support_ticket;

-- one row is one action in the product; session_no and seq only order the file and are not written
CREATE TABLE injected_usage_event AS
SELECT * FROM generated_usage_event LIMIT 0;

CREATE VIEW usage_events AS
SELECT * FROM generated_usage_event
UNION ALL
SELECT * FROM injected_usage_event;
