-- Deliberately bad rows of the billing shape (see docs/sample-data.md for the list). Run only when
-- the badRows option is on. Grain: each INSERT adds rows to one export. Bad ids contain an X
-- ('sub_X00001', 'X00001'); 'cus_X99999' and 'sub_X99999' do not exist. Real rows used: the main
-- subscriptions of the first 5 accounts (by account number) that are customers on the end date
-- (pick_no), and the first account that left without a recorded exit.

CREATE TEMP VIEW current_subscription AS
SELECT s.account_no, s.customer_id, s.subscription_id,
  row_number() OVER (ORDER BY s.account_no) AS pick_no
FROM billing_subscription s
WHERE s.kind = 'main' AND s.status <> 'canceled';

-- subscriptions: 1 row
INSERT INTO subscriptions                                   -- ARR 'n/a'
SELECT 'sub_X00001', customer_id, 'Add-on: Extra Seats', 'active', 'Monthly',
  strftime((getvariable('end_date') - 40)::TIMESTAMP + INTERVAL 11 HOUR, '%Y-%m-%dT%H:%M:%SZ'), NULL, 'n/a', 'False'
FROM current_subscription WHERE pick_no = 1;

-- feature usage: 5 rows
INSERT INTO feature_usage                                   -- unknown Subscription ID (3)
SELECT 'sub_X99999', strftime(getvariable('end_date') - i::INTEGER, '%Y-%m-%d'), 'dashboards', NULL, 'Page Viewed', '3', '75'
FROM range(0, 3) t(i);
INSERT INTO feature_usage                                   -- negative Event Count (2)
SELECT subscription_id, strftime(getvariable('end_date'), '%Y-%m-%d'), 'reports', 'reports.run', 'Feature Used', '-4', '240'
FROM current_subscription WHERE pick_no IN (2, 3);

-- churn events: 2 rows
INSERT INTO churn_events VALUES                             -- unknown Customer ID
  ('cus_X99999', strftime((getvariable('end_date') - 45)::TIMESTAMP + INTERVAL 10 HOUR, '%Y-%m-%d %H:%M:%S'), 'Too expensive', NULL);
INSERT INTO churn_events                                    -- Churned At that is not a date ('TBD')
SELECT customer_id_of(a.account_no), 'TBD', 'Missing features', NULL
FROM account_profile a
ORDER BY a.account_no NOT IN (SELECT account_no FROM usage_span WHERE left_on <= getvariable('end_date')),
  a.account_no IN (SELECT account_no FROM churn_event),
  a.account_no
LIMIT 1;

-- support tickets: 5 rows
INSERT INTO support_tickets                                 -- unknown Customer ID
SELECT 'X00001', 'cus_X99999', strftime((getvariable('end_date') - 20)::TIMESTAMP + INTERVAL 10 HOUR, '%Y-%m-%dT%H:%M:%SZ'),
  strftime((getvariable('end_date') - 20)::TIMESTAMP + INTERVAL 750 MINUTE, '%Y-%m-%dT%H:%M:%SZ'), 'Normal', NULL, 'False';
INSERT INTO support_tickets                                 -- duplicate Ticket ID (the first ticket, repeated exactly)
SELECT * FROM support_tickets WHERE "Ticket ID" = '10001';
INSERT INTO support_tickets                                 -- CSAT 7, outside 1-5
SELECT 'X00002', customer_id, strftime((getvariable('end_date') - 15)::TIMESTAMP + INTERVAL 9 HOUR, '%Y-%m-%dT%H:%M:%SZ'),
  strftime((getvariable('end_date') - 15)::TIMESTAMP + INTERVAL 11 HOUR, '%Y-%m-%dT%H:%M:%SZ'), 'Low', '7', 'no'
FROM current_subscription WHERE pick_no = 1;
INSERT INTO support_tickets                                 -- Escalated 'maybe'
SELECT 'X00003', customer_id, strftime((getvariable('end_date') - 12)::TIMESTAMP + INTERVAL 14 HOUR, '%Y-%m-%dT%H:%M:%SZ'),
  strftime((getvariable('end_date') - 11)::TIMESTAMP + INTERVAL 10 HOUR, '%Y-%m-%dT%H:%M:%SZ'), 'High', NULL, 'maybe'
FROM current_subscription WHERE pick_no = 4;
INSERT INTO support_tickets                                 -- Solved At before Created At
SELECT 'X00004', customer_id, strftime((getvariable('end_date') - 10)::TIMESTAMP + INTERVAL 14 HOUR, '%Y-%m-%dT%H:%M:%SZ'),
  strftime((getvariable('end_date') - 12)::TIMESTAMP + INTERVAL 9 HOUR, '%Y-%m-%dT%H:%M:%SZ'), 'Normal', '4', 'False'
FROM current_subscription WHERE pick_no = 5;
