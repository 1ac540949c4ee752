// A billing system's export and a product-analytics tool's daily usage, as they come (Stripe / Chargebee style:
// other file and column names, open-ended subscriptions, timestamps where dates are meant, quoted amounts with
// thousands separators, True/False booleans, usage keyed by subscription with counts, no user list), read with a
// mapping in the config alone. Every row the contract calls valid is accepted, and the numbers are those the
// rules in docs/metrics.md give.
import {mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {gzipSync} from "node:zlib";
import {afterAll, beforeAll, expect, test} from "vitest";
import {validateConfig} from "../../loaders/config/validateConfig.js";
import {PulseDb} from "../../loaders/db.js";
import {stageExports, type QualityReport} from "../../loaders/ingest/stageExports.js";
import {computeMetrics} from "../../loaders/metrics/computeMetrics.js";

const AS_OF = "2026-06-30";
const dir = mkdtempSync(join(tmpdir(), "pulse-billing-"));
let db: PulseDb;
let quality: QualityReport;

const write = (file: string, lines: string[]) => writeFileSync(join(dir, file), lines.join("\n") + "\n");

beforeAll(async () => {
  write("customers.csv", [
    "Customer ID,Company Name,Industry,Account Owner,Created,Delinquent",
    "cus_1,Acme Ltd,Software,Ann,2025-01-03 09:13:22,False",
    "cus_2,Beta GmbH,Retail,Bob,2025-02-10T16:00:00Z,True",
    "cus_3,Gamma Inc,Retail,Bob,2025-05-01 08:00:00,false"
  ]);
  write("subscriptions.csv", [
    "Subscription ID,Customer ID,Plan,Status,Billing Interval,Start Date,Ended At,ARR,Cancel At Period End",
    // cus_1: monthly, running, $1,200 a year; cus_2: annual, running; cus_3: monthly, cancelled on 2026-04-14
    `sub_1,cus_1,Pro,active,Monthly,2025-01-03T09:14:00Z,,"1,200.00",False`,
    `sub_2,cus_2,Enterprise,active,annual,2025-02-10 16:05:00,,"$24,000.00",True`,
    `sub_3,cus_3,Starter,canceled,month,2025-05-01 08:01:00,2026-04-14 23:59:59,"600.00",False`
  ]);
  // daily usage by subscription, one row per day and feature, with a count and a duration; no user id
  const usage = [
    "Subscription ID,Date,Module,Feature,Event,Event Count,Time Spent (s)",
    "sub_1,2026-06-10,reports,report.view,view_report,12,600",
    "sub_1,2026-06-10,reports,report.publish,publish_report,2,120",
    "sub_1,2026-06-11,dashboards,dash.view,view_dashboard,5,300",
    "sub_2,2026-06-20,reports,report.view,view_report,40,2400",
    "sub_9,2026-06-20,reports,report.view,view_report,3,10" // not a subscription
  ];
  writeFileSync(join(dir, "feature_usage.csv.gz"), gzipSync(usage.join("\n") + "\n"));
  write("churn_events.csv", ["Customer ID,Churned At,Reason,Feedback", `cus_3,2026-04-20 10:00:00,Too expensive,"Price went up, usage did not"`]);
  write("support_tickets.csv", [
    "Ticket ID,Customer ID,Created At,Solved At,Priority,CSAT,Escalated",
    "t_1,cus_1,2026-06-01 09:00:00,2026-06-02 10:00:00,High,4,False",
    "t_2,cus_2,2026-06-15 09:00:00,,Urgent,,yes"
  ]);
  const config = validateConfig({
    validation: {today: "2026-07-01"},
    activity: {keyActions: ["publish_report"]},
    data: {
      files: {accounts: "customers.csv", contracts: "subscriptions.csv", usage_events: "feature_usage.csv.gz", churn_events: "churn_events.csv", support_tickets: "support_tickets.csv"},
      columns: {
        accounts: {account_id: "Customer ID", name: "Company Name", csm_owner: "Account Owner", created_at: "Created"},
        contracts: {contract_id: "Subscription ID", account_id: "Customer ID", start_date: "Start Date", end_date: "Ended At",
          billing_period: "Billing Interval", arr: "ARR", plan: "Plan", status: "Status"},
        usage_events: {contract_id: "Subscription ID", timestamp: "Date", module: "Module", feature: "Feature", event: "Event",
          count: "Event Count", duration_s: "Time Spent (s)"},
        churn_events: {account_id: "Customer ID", churned_at: "Churned At", reason: "Reason", feedback: "Feedback"},
        support_tickets: {ticket_id: "Ticket ID", account_id: "Customer ID", opened_at: "Created At", closed_at: "Solved At",
          priority: "Priority", satisfaction: "CSAT", escalated: "Escalated"}
      }
    }
  });
  db = await PulseDb.open({threads: 1});
  quality = await stageExports(db, dir, config);
  await computeMetrics(db, config, AS_OF);
}, 120_000);
afterAll(() => db?.close());

test("every valid row is accepted; the unknown subscription is the one reject; no users export is needed", () => {
  const counts = Object.fromEntries(quality.exports.map((e) => [e.export, [e.rows_read, e.rows_accepted, e.rows_rejected]]));
  expect(counts).toEqual({
    accounts: [3, 3, 0], contracts: [3, 3, 0], usage_events: [5, 4, 1], churn_events: [1, 1, 0], support_tickets: [2, 2, 0]
  });
  expect(quality.absent).toEqual(["users", "leads"]);
});

test("subscriptions: dates from timestamps, amounts from quoted text, open-ended when Ended At is empty", async () => {
  expect(await db.rows(`SELECT contract_id, start_date, end_date, billing_period, arr FROM contracts ORDER BY contract_id`)).toEqual([
    {contract_id: "sub_1", start_date: "2025-01-03", end_date: null, billing_period: 1, arr: 1200},
    {contract_id: "sub_2", start_date: "2025-02-10", end_date: null, billing_period: 12, arr: 24000},
    {contract_id: "sub_3", start_date: "2025-05-01", end_date: "2026-04-14", billing_period: 1, arr: 600}
  ]);
});

test("the numbers follow docs/metrics.md", async () => {
  // ARR on 2026-06-30: sub_1 1,200 + sub_2 24,000 (sub_3 ended 2026-04-14) = 25,200 over 2 paying accounts
  // renewal rate, 2025-07-01 … 2026-06-30: sub_1 (monthly renewals all year) and sub_2 (2026-02-10) carried on,
  //   sub_3 ended in the period without a renewal: (1,200 + 24,000) / 25,800
  // cohort 2025-06-30: cus_1 1,200, cus_2 24,000, cus_3 600; now 1,200, 24,000, 0 → GRR = NRR = 25,200 / 25,800
  const [kpis] = await db.rows<Record<string, number>>(`SELECT * FROM kpis WHERE is_as_of`);
  expect(kpis).toMatchObject({arr: 25200, paying_accounts: 2, arr_due: 25800, arr_renewed: 25200, cohort_accounts: 3, churned_accounts: 1});
  expect(kpis.renewal_rate).toBeCloseTo(25200 / 25800, 12);
  expect(kpis.grr).toBeCloseTo(25200 / 25800, 12);
  expect(kpis.nrr).toBeCloseTo(25200 / 25800, 12);
  // sub_1: 12 + 2 + 5 = 19 actions on 2 days (2 visits: one per subscription and day), 2 key actions, 1,020 s = 17 minutes
  const [acme] = await db.rows(`SELECT * FROM account_snapshot WHERE account_id = 'cus_1'`);
  expect(acme).toMatchObject({
    events_30d: 19, visits_30d: 2, key_actions_30d: 2, duration_30d_minutes: 17, features_30d: 3, modules_30d: 2,
    active_users_30d: null, key_users_active_30d: null, open_ended: true, contract_end: "2026-07-03", days_to_renewal: 3,
    support_open_tickets: 0, support_rated_window: 1, support_satisfaction_window: 4
  });
  const [beta] = await db.rows(`SELECT support_open_tickets, support_escalations_window, contract_end FROM account_snapshot WHERE account_id = 'cus_2'`);
  expect(beta).toEqual({support_open_tickets: 1, support_escalations_window: 1, contract_end: "2027-02-10"});
  const churns = await db.rows(`SELECT account_id, status, churn_date, reason, arr_lost FROM fct_churns`);
  expect(churns).toEqual([{account_id: "cus_3", status: "churned", churn_date: "2026-04-14", reason: "Too expensive", arr_lost: 600}]);
});
