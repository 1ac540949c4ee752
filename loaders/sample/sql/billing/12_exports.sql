-- The billing shape's exports, with the column names and value formats a billing system, a
-- product-analytics tool and a help desk give; the pulse.config.ts written beside them maps them
-- onto Pulse's data contract (generateSample.ts, billingConfig.ts). No users export, no leads.
-- Grain: each table below is one export exactly as it is written (text columns, so that the
-- deliberately bad rows of 13_bad_rows.sql can hold values like 'n/a').

-- the product-analytics tool's event names ("Object Action"); the key actions are the config's activity.keyActions
CREATE MACRO tracked_event_name(event) AS CASE event
  WHEN 'page_view' THEN 'Page Viewed'
  WHEN 'feature_use' THEN 'Feature Used'
  WHEN 'create_dashboard' THEN 'Dashboard Created'
  WHEN 'share_dashboard' THEN 'Dashboard Shared'
  WHEN 'publish_report' THEN 'Report Published'
  WHEN 'save_funnel' THEN 'Funnel Saved'
  WHEN 'create_alert' THEN 'Alert Created'
  WHEN 'connect_integration' THEN 'Integration Connected'
  WHEN 'export_data' THEN 'Data Exported'
  END;

CREATE MACRO iso_utc(ts) AS strftime(ts, '%Y-%m-%dT%H:%M:%SZ');

-- one row is a customer company; Created carries a time of day
CREATE TABLE customers AS
SELECT customer_id_of(account_no) AS "Customer ID", name AS "Company Name", industry AS "Industry",
  region AS "Region", csm_owner AS "Account Owner",
  strftime(created_at::TIMESTAMP + to_seconds(between_ints(rnd(account_no, 'created_time'), 7 * 3600, 19 * 3600)),
           '%Y-%m-%d %H:%M:%S') AS "Created"
FROM account_profile;

-- one row is a subscription; Ended At is empty while it runs; ARR as "12,000.00"
CREATE TABLE subscriptions AS
SELECT subscription_id AS "Subscription ID", customer_id AS "Customer ID", plan AS "Plan", status AS "Status",
  billing_interval AS "Billing Interval", iso_utc(started_at) AS "Start Date", iso_utc(ended_at) AS "Ended At",
  format('{:,.2f}', arr) AS "ARR",
  CASE WHEN cancel_at_period_end THEN 'True' ELSE 'False' END AS "Cancel At Period End"
FROM billing_subscription;

-- one row is one subscription's use of one feature (or page views of one module) on one day:
-- the events of 07_usage_events.sql counted and their durations summed, each on the account's main
-- subscription in force that day (the newest one while an upgrade overlaps the old)
CREATE TABLE feature_usage AS
WITH daily AS (
  SELECT account_id, "timestamp"::DATE AS day, module, feature, event,
    count(*) AS event_count, sum(duration_s) AS seconds
  FROM generated_usage_event
  GROUP BY ALL
),
-- the days each main subscription takes the usage of: from its start until the next one of the
-- same life starts (an upgrade), else until it ends
main_subscription AS (
  SELECT a.account_id, s.subscription_id, s.started_on,
    coalesce(lead(s.started_on) OVER (PARTITION BY s.account_no, s.life ORDER BY s.segment_no), s.ended_on) AS usage_until
  FROM billing_subscription s
  JOIN account_profile a USING (account_no)
  WHERE s.kind = 'main'
),
assigned AS (
  SELECT d.*, m.subscription_id
  FROM daily d
  JOIN main_subscription m ON m.account_id = d.account_id AND m.started_on <= d.day
   AND (m.usage_until IS NULL OR d.day < m.usage_until)
)
SELECT subscription_id AS "Subscription ID", strftime(day, '%Y-%m-%d') AS "Date", module AS "Module",
  feature AS "Feature", tracked_event_name(event) AS "Event", event_count::VARCHAR AS "Event Count",
  seconds::VARCHAR AS "Time Spent (s)"
FROM assigned;

-- one row is an exit the customer-success team recorded; Churned At carries a time of day
CREATE TABLE churn_events AS
SELECT customer_id_of(account_no) AS "Customer ID",
  strftime(churned_at::TIMESTAMP + to_seconds(between_ints(rnd2(account_no, churned_at, 'churned_time'), 8 * 3600, 18 * 3600)),
           '%Y-%m-%d %H:%M:%S') AS "Churned At",
  reason AS "Reason", feedback AS "Feedback"
FROM churn_event;

-- one row is a help-desk ticket; Escalated as the desk's mix of True/False, yes/no and 1/0
CREATE TABLE support_tickets AS
SELECT (10000 + substr(ticket_id, 5)::INTEGER)::VARCHAR AS "Ticket ID", customer_id_of(account_no) AS "Customer ID",
  iso_utc(opened_at) AS "Created At", iso_utc(closed_at) AS "Solved At",
  upper(priority[1]) || priority[2:] AS "Priority",
  satisfaction::VARCHAR AS "CSAT",
  CASE WHEN rnd(ticket_id, 'escalated_spelling') < 0.4 THEN CASE WHEN escalated THEN 'True' ELSE 'False' END
       WHEN rnd(ticket_id, 'escalated_spelling') < 0.7 THEN CASE WHEN escalated THEN 'yes' ELSE 'no' END
       ELSE CASE WHEN escalated THEN '1' ELSE '0' END END AS "Escalated"
FROM support_ticket;
