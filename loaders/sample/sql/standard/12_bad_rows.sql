-- Deliberately bad rows of the standard shape, so the data-quality report has something to find.
-- Run only when the badRows option is on. Grain: each INSERT adds rows to one export (see
-- docs/sample-data.md for the list). Bad ids contain an X ('ACC-X00001', 'CTR-X00001', ...) so they
-- sort after the real ones and are easy to spot; 'ACC-X99999' is an account that does not exist.
-- Real accounts used: ACC-000003 and ACC-000005 (duplicated), ACC-000007..17 (bad contracts),
-- ACC-000011..13 (users with role superuser), the first 10 accounts that are customers on the end
-- date (bad events, bad tickets), the first account that left without a recorded exit (bad churn
-- event). The generator requires at least 50 accounts, so all of them exist.

-- accounts: 6 rows
INSERT INTO accounts                                      -- duplicate account_id (2)
SELECT account_id, name || ' (duplicate)', industry, region, csm_owner, created_at, seats
FROM accounts WHERE account_id IN ('ACC-000003', 'ACC-000005');
INSERT INTO accounts VALUES
  ('ACC-X00001', NULL, 'Retail', 'EMEA', 'Marcus Webb', '2025-03-01', 10),           -- missing name (null)
  ('ACC-X00002', '', 'Software', 'APAC', 'Hiro Tanaka', '2025-04-01', 12),           -- missing name (empty)
  ('ACC-X00003', 'Badger Dates', 'Media', 'EMEA', 'Elena Rossi', '2026-13-45', 8),   -- unparseable created_at
  ('ACC-X00004', 'Minus Seats', 'Education', 'LATAM', 'Camila Duarte', '2025-05-01', -5); -- negative seats

-- contracts: 12 rows
INSERT INTO contracts VALUES
  ('CTR-X00001', 'ACC-000007', '2026-03-01', '2025-02-28', '12000', 'Growth', 'active', '2026-02-15', NULL, NULL),   -- end before start
  ('CTR-X00002', 'ACC-000008', '2026-06-01', '2026-05-01', '8000', 'Starter', 'active', '2026-05-20', NULL, NULL),   -- end before start
  ('CTR-X00003', 'ACC-000009', '2026-01-01', '2026-12-31', '-5000', 'Starter', 'active', '2025-12-15', NULL, NULL),  -- negative ARR
  ('CTR-X00004', 'ACC-000010', '2026-02-01', '2027-01-31', '-100', 'Starter', 'active', '2026-01-20', NULL, NULL),   -- negative ARR
  ('CTR-X00005', 'ACC-000011', '2026-01-01', '2026-12-31', 'n/a', 'Growth', 'active', '2025-12-10', NULL, NULL),     -- non-numeric ARR
  ('CTR-X00006', 'ACC-000012', '2026-04-01', '2027-03-31', 'n/a', 'Growth', 'active', '2026-03-10', NULL, NULL),     -- non-numeric ARR
  ('CTR-X00007', 'ACC-000013', '2026-13-45', '2027-06-30', '15000', 'Growth', 'active', '2026-06-01', NULL, NULL),   -- unparseable start_date
  ('CTR-X00008', 'ACC-000014', '2026-03-01', '2026-02-30', '9000', 'Starter', 'active', '2026-02-01', NULL, NULL),   -- unparseable end_date
  ('CTR-X00009', 'ACC-000015', '2026-01-01', '2099-12-31', '20000', 'Growth', 'active', '2025-12-01', NULL, NULL),   -- far-future end_date
  ('CTR-X00010', 'ACC-000016', '2026-05-01', '2099-04-30', '30000', 'Enterprise', 'active', '2026-04-01', NULL, NULL), -- far-future end_date
  ('CTR-X00011', 'ACC-X99999', '2026-01-01', '2026-12-31', '10000', 'Growth', 'active', '2025-12-01', NULL, NULL);   -- unknown account_id
INSERT INTO contracts                                     -- duplicate contract_id (1)
SELECT * FROM contracts WHERE contract_id = (SELECT min(contract_id) FROM contracts WHERE account_id = 'ACC-000017');

-- users: 8 rows
INSERT INTO users VALUES
  ('USR-X00001', 'ACC-X99999', 'member', 'ghost.one@unknown.example.com'),   -- unknown account_id
  ('USR-X00002', 'ACC-X99999', 'admin', 'ghost.two@unknown.example.com'),    -- unknown account_id
  ('USR-X00003', 'ACC-X99999', 'champion', 'ghost.three@unknown.example.com'); -- unknown account_id
INSERT INTO users                                         -- role 'superuser' (3)
SELECT 'USR-X0000' || (3 + row_number() OVER (ORDER BY account_id)), account_id, 'superuser',
  'root' || row_number() OVER (ORDER BY account_id) || '@superuser.example.com'
FROM accounts WHERE account_id IN ('ACC-000011', 'ACC-000012', 'ACC-000013');
INSERT INTO users                                         -- duplicate user_id (2)
SELECT user_id, account_id, role, 'duplicate.' || email
FROM users WHERE user_id IN ('USR-0000001', 'USR-0000002');

-- usage events: 18 rows, by the admin (first person) of an account that is a customer on the end
-- date (pick_no = its rank among those accounts), so each row has just the one problem;
-- session_no and seq are negative only to give the rows a fixed place in the file's order
CREATE TEMP VIEW current_account_admin AS
SELECT a.account_no, a.account_id, u.user_id, row_number() OVER (ORDER BY a.account_no) AS pick_no
FROM account_profile a
JOIN user_profile u ON u.account_no = a.account_no AND u.person_no = 1
WHERE a.account_no IN (SELECT account_no FROM contract_term WHERE status = 'active');

INSERT INTO injected_usage_event                           -- missing timestamp (5)
SELECT account_id, user_id, NULL, 'page_view', 'dashboards', NULL,
  'S-BAD-T' || pick_no, 30, 1, -100 - pick_no, 0
FROM current_account_admin WHERE pick_no BETWEEN 1 AND 5;
INSERT INTO injected_usage_event                           -- unknown account_id (5)
SELECT 'ACC-X99999', 'USR-X00001', getvariable('end_date')::TIMESTAMP + to_hours(12 + i::INTEGER),
  'page_view', 'dashboards', NULL, 'S-BAD-A' || i, 30, 1, -200 - i, 0
FROM range(1, 6) t(i);
INSERT INTO injected_usage_event                           -- far-future timestamp, year 2099 (3)
SELECT account_id, user_id, TIMESTAMP '2099-01-01 09:00:00' + to_days(pick_no::INTEGER),
  'feature_use', 'reports', 'reports.run', 'S-BAD-F' || pick_no, 60, 0, -300 - pick_no, 0
FROM current_account_admin WHERE pick_no BETWEEN 1 AND 3;
INSERT INTO injected_usage_event                           -- negative duration_s (5)
SELECT account_id, user_id, getvariable('end_date')::TIMESTAMP + INTERVAL 13 HOUR,
  'feature_use', 'funnels', 'funnels.explore', 'S-BAD-D' || pick_no, -30, 0, -400 - pick_no, 0
FROM current_account_admin WHERE pick_no BETWEEN 6 AND 10;

-- leads: 5 rows
INSERT INTO leads VALUES
  ('LEAD-X00001', 'ACC-X99999', '2026-01-05', '2026-01-06', '2026-01-10', '2026-02-01', '2026-03-01'),  -- unknown account_id
  ('LEAD-X00002', 'ACC-X99999', '2026-02-05', '2026-02-07', '2026-02-12', '2026-03-01', '2026-04-01'),  -- unknown account_id
  ('LEAD-X00003', NULL, '2026-03-05', '2026-13-45', NULL, NULL, NULL);                                  -- unparseable registered_at
INSERT INTO leads                                         -- duplicate lead_id (2)
SELECT * FROM leads WHERE lead_id IN ('LEAD-000001', 'LEAD-000002');

-- churn events: 2 rows
INSERT INTO churn_events VALUES                             -- unknown account_id
  ('ACC-X99999', (getvariable('end_date') - 45)::VARCHAR, 'Too expensive', NULL);
INSERT INTO churn_events                                    -- churned_at that is not a date ('TBD')
SELECT a.account_id, 'TBD', 'Missing features', NULL
FROM account_profile a
-- the first account that left without a recorded exit (any account, should none qualify)
ORDER BY a.account_no NOT IN (SELECT account_no FROM usage_span WHERE left_on <= getvariable('end_date')),
  a.account_no IN (SELECT account_no FROM churn_event),
  a.account_no
LIMIT 1;

-- support tickets: 5 rows, on accounts that are customers on the end date (pick_no as above)
INSERT INTO support_tickets                                 -- unknown account_id
SELECT 'TCK-X00001', 'ACC-X99999', (getvariable('end_date') - 20)::VARCHAR || ' 10:00:00',
  (getvariable('end_date') - 20)::VARCHAR || ' 12:30:00', 'normal', NULL, 'false';
INSERT INTO support_tickets                                 -- duplicate ticket_id (the first ticket, repeated exactly)
SELECT * FROM support_tickets WHERE ticket_id = 'TCK-0000001';
INSERT INTO support_tickets                                 -- satisfaction 7, outside 1-5
SELECT 'TCK-X00002', account_id, (getvariable('end_date') - 15)::VARCHAR || ' 09:15:00',
  (getvariable('end_date') - 15)::VARCHAR || ' 11:00:00', 'low', 7, 'false'
FROM current_account_admin WHERE pick_no = 1;
INSERT INTO support_tickets                                 -- escalated 'maybe'
SELECT 'TCK-X00003', account_id, (getvariable('end_date') - 12)::VARCHAR || ' 14:00:00',
  (getvariable('end_date') - 11)::VARCHAR || ' 10:00:00', 'high', NULL, 'maybe'
FROM current_account_admin WHERE pick_no = 2;
INSERT INTO support_tickets                                 -- closed_at before opened_at
SELECT 'TCK-X00004', account_id, (getvariable('end_date') - 10)::VARCHAR || ' 14:00:00',
  (getvariable('end_date') - 12)::VARCHAR || ' 09:00:00', 'normal', 4, 'false'
FROM current_account_admin WHERE pick_no = 3;
