// The account page's bucket files (src/shared/accountPages.js, loaders/site/accountPages.ts),
// built from hand-made tables: the browser and the build put an id in the same bucket, each
// account's entry holds its rows in the page's order with dates as dates, and every bucket has a file.
import {mkdtempSync, readFileSync, readdirSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {gunzipSync} from "node:zlib";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {accountBucketSql, accountPageBucket, writeAccountPages} from "../../loaders/site/accountPages.js";
import {ACCOUNT_PAGE_BUCKETS, accountBucket, accountPageEntry, accountPagePath} from "../../src/shared/accountPages.js";

const tables = mkdtempSync(join(tmpdir(), "pulse-account-pages-"));
const saved = process.env.PULSE_TABLES_DIR;

async function sql<T>(query: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(":memory:");
  try {
    const connection = await instance.connect();
    return (await connection.runAndReadAll(query)).getRowObjectsJson() as T[];
  } finally {
    instance.closeSync();
  }
}

// Two accounts with rows; "Z-EMPTY" has none in any table but accounts.
const fixtures: Record<string, string> = {
  accounts: `SELECT * FROM (VALUES ('A-1', 'Alpha <b>', DATE '2027-01-31', 72.5, ['health_red']), ('B-2', 'Beta', NULL, NULL, []::VARCHAR[]), ('Z-EMPTY', 'Empty', NULL, 10.0, []::VARCHAR[]))
    AS t(account_id, name, contract_end, health_score, churn_reasons)`,
  account_weekly: `SELECT * FROM (VALUES ('A-1', DATE '2026-11-09', 7, 8, 3, 1), ('A-1', DATE '2026-11-02', 7, 5, 2, 0), ('B-2', DATE '2026-11-02', 3, 1, 1, 0))
    AS t(account_id, week_start, days_observed, visits, active_users, key_actions)`,
  health_history: `SELECT * FROM (VALUES ('A-1', DATE '2026-10-31', 60.0, 'yellow', 'high-low', 'A'), ('A-1', DATE '2026-09-30', 80.0, 'green', 'high-high', 'A'))
    AS t(account_id, snapshot_date, health_score, health_band, grid_cell, tier)`,
  health_components: `SELECT * FROM (VALUES
      ('A-1', 2, 'breadth', 'Breadth of adoption', true, 10.0, 20.0, 10.0, false, '2 of 4 modules'),
      ('A-1', 1, 'activity', 'Activity', true, 2.5, 25.0, 2.5, true, '2 visits'),
      ('A-1', 3, 'support', 'Support', false, NULL, NULL, NULL, false, 'not measured: there is no support tickets export'))
    AS t(account_id, position, component, label, measured_for_account, points, max_points, shown_points, weakest, measured)`,
  module_usage: `SELECT * FROM (VALUES ('A-1', 'reports', DATE '2026-11-02', 2, 1, 0), ('A-1', 'alerts', DATE '2026-11-09', 1, 1, 1))
    AS t(account_id, module, week_start, visits, active_users, key_actions)`,
  key_users: `SELECT * FROM (VALUES
      ('A-1', 'U-old', 'admin', DATE '2026-09-01', 75, false, 0, 0, 0, 0.0, 0),
      ('A-1', 'U-new', 'champion', DATE '2026-11-14', 1, true, 4, 18, 1, 13.5, 4),
      ('A-1', 'U-never', 'executive', NULL, NULL, false, 0, 0, 0, 0.0, 0))
    AS t(account_id, user_id, role, last_active_date, days_since_active, active_recent, visits_window, events_window, key_actions_window, duration_window_minutes, active_days_window)`,
  renewals: `SELECT * FROM (VALUES
      ('A-1', 'C-1', 'Pro', 'ended', true, DATE '2024-12-01', DATE '2025-01-01', DATE '2025-12-31', NULL, 100.0, 'expanded', 120.0, []::VARCHAR[], ['C-2']),
      ('A-1', 'C-2', 'Pro', 'active', false, DATE '2025-12-01', DATE '2026-01-01', NULL, 1, 120.0, 'open', NULL, ['C-1'], []::VARCHAR[]))
    AS t(account_id, contract_id, plan, status, is_new_logo, signed_on, start_date, end_date, billing_period_months, arr, renewal_outcome, renewal_arr, renews, renewed_by)`,
  // B-2 left in 2025 and came back; A-1 gave notice
  churns: `SELECT * FROM (VALUES
      ('B-2', 'churned', 'contracts', DATE '2025-03-31', NULL, NULL, NULL, 0, 500.0),
      ('B-2', 'churned', 'contracts and churn event', DATE '2025-09-30', DATE '2025-09-20', 'Too expensive', 'Budget cut', 1, 800.0),
      ('A-1', 'notice', 'churn event', DATE '2026-11-01', DATE '2026-11-01', 'Moving to a rival', NULL, 1, 120.0))
    AS t(account_id, status, source, churn_date, churn_event_date, reason, feedback, churn_events, arr_lost)`,
  // A-1 has 22 tickets opened before the as-of date (2026-11-15) and one after it; T-21 closed after it
  support_tickets: `SELECT 'A-1' AS account_id, 'T-' || lpad(i::VARCHAR, 2, '0') AS ticket_id,
      CASE WHEN i = 23 THEN TIMESTAMP '2026-11-24 09:00:00' ELSE TIMESTAMP '2026-10-01 09:00:00' + INTERVAL (i) DAY END AS opened_at,
      CASE WHEN i = 21 THEN TIMESTAMP '2026-11-20 10:00:00' WHEN i % 2 = 0 THEN TIMESTAMP '2026-10-01 12:00:00' + INTERVAL (i) DAY END AS closed_at,
      CASE WHEN i % 3 = 0 THEN 'high' END AS priority,
      CASE WHEN i IN (20, 21) THEN 2.0 END AS satisfaction,
      i = 20 AS escalated
    FROM range(1, 24) t(i)`,
  metric_settings: `SELECT DATE '2026-11-15' AS as_of`
};

function bucketJson(dir: string, id: string) {
  const file = join(dir, accountPagePath(accountBucket(id)).split("/").pop()!);
  return JSON.parse(gunzipSync(readFileSync(file)).toString("utf8"));
}

let first: string;
let second: string;
beforeAll(async () => {
  process.env.PULSE_TABLES_DIR = tables;
  for (const [name, select] of Object.entries(fixtures)) await sql(`COPY (${select}) TO '${join(tables, `${name}.parquet`)}' (FORMAT parquet)`);
  first = mkdtempSync(join(tmpdir(), "pulse-account-pages-out-"));
  second = mkdtempSync(join(tmpdir(), "pulse-account-pages-out-"));
  await writeAccountPages(first);
  await writeAccountPages(second);
});
afterAll(() => {
  if (saved === undefined) delete process.env.PULSE_TABLES_DIR;
  else process.env.PULSE_TABLES_DIR = saved;
  for (const dir of [tables, first, second]) rmSync(dir, {recursive: true, force: true});
});

describe("the bucket of an account id", () => {
  const ids = ["ACC-000001", "ACC-050000", "a", "O'Brien & Co", "Café", "Cafe\u0301", "顧客-42", "😀-1", " spaced id ", "x".repeat(300)];

  test("is the same in the browser (JavaScript) and in the build (SQL)", async () => {
    const values = ids.map((id) => `('${id.replaceAll("'", "''")}')`).join(", ");
    const rows = await sql<{id: string; bucket: string}>(`SELECT id, ${accountBucketSql("id")} AS bucket FROM (VALUES ${values}) AS t(id)`);
    expect(rows.map((r) => [r.id, Number(r.bucket)])).toEqual(ids.map((id) => [id, accountBucket(id)]));
    for (const id of ids) expect(accountBucket(id)).toBeGreaterThanOrEqual(0), expect(accountBucket(id)).toBeLessThan(ACCOUNT_PAGE_BUCKETS);
  });

  test("spreads sequential ids over every bucket (no bucket empty, none more than 3× the mean, for 2,000 ids)", () => {
    const counts = new Array(ACCOUNT_PAGE_BUCKETS).fill(0);
    for (let i = 1; i <= 2000; i++) counts[accountBucket(`ACC-${String(i).padStart(6, "0")}`)]++;
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThanOrEqual(3 * (2000 / ACCOUNT_PAGE_BUCKETS));
  });

  test("names one file per bucket", () => {
    expect(accountPagePath(7)).toBe("data/account-pages/007.json.gz");
    expect(accountPagePath(255)).toBe("data/account-pages/255.json.gz");
  });
});

describe("the bucket files", () => {
  test("every bucket has a file, also the empty ones, and the same tables give the same bytes", () => {
    const files = readdirSync(first).sort();
    expect(files).toHaveLength(ACCOUNT_PAGE_BUCKETS);
    expect(files).toEqual(readdirSync(second).sort());
    for (const file of files) expect(readFileSync(join(second, file)).equals(readFileSync(join(first, file))), file).toBe(true);
    const used = new Set(["A-1", "B-2", "Z-EMPTY"].map(accountBucket));
    const unused = [...Array(ACCOUNT_PAGE_BUCKETS).keys()].find((b) => !used.has(b))!;
    const empty = JSON.parse(gunzipSync(readFileSync(join(first, accountPagePath(unused).split("/").pop()!))).toString("utf8"));
    expect(empty.accounts).toEqual({});
  });

  test("an account's entry: its row, and its rows of each table in the page's order, dates as dates", () => {
    const entry = accountPageEntry(bucketJson(first, "A-1"), "A-1")!;
    expect(entry.account).toMatchObject({account_id: "A-1", name: "Alpha <b>", health_score: 72.5, churn_reasons: ["health_red"]});
    expect(entry.account.contract_end).toEqual(new Date("2027-01-31T00:00:00Z"));
    // weeks oldest first, without the account id
    expect(entry.weekly).toEqual([
      {week_start: new Date("2026-11-02T00:00:00Z"), days_observed: 7, visits: 5, active_users: 2, key_actions: 0},
      {week_start: new Date("2026-11-09T00:00:00Z"), days_observed: 7, visits: 8, active_users: 3, key_actions: 1}
    ]);
    expect(entry.history.map((h) => [h.snapshot_date.toISOString().slice(0, 10), h.health_band])).toEqual([
      ["2026-09-30", "green"],
      ["2026-10-31", "yellow"]
    ]);
    // by module, then week
    expect(entry.modules.map((m) => m.module)).toEqual(["alerts", "reports"]);
    // the health score's components in their order, not measured ones included
    expect(entry.health.map((c) => [c.component, c.shown_points])).toEqual([["activity", 2.5], ["breadth", 10], ["support", null]]);
    // active in the last 14 days first, then the latest activity, never-active last
    expect(entry.keyUsers.map((u) => u.user_id)).toEqual(["U-new", "U-old", "U-never"]);
    expect(entry.keyUsers[2].last_active_date).toBeNull();
    // newest contract first, lists kept; an open-ended one with its billing period
    expect(entry.contracts.map((c) => [c.contract_id, c.renews, c.end_date, c.billing_period_months])).toEqual([
      ["C-2", ["C-1"], null, 1],
      ["C-1", [], new Date("2025-12-31T00:00:00Z"), null]
    ]);
    expect(entry.churns).toEqual([
      {status: "notice", source: "churn event", churn_date: new Date("2026-11-01T00:00:00Z"), churn_event_date: new Date("2026-11-01T00:00:00Z"),
        reason: "Moving to a rival", feedback: null, churn_events: 1, arr_lost: 120}
    ]);
    // the 20 most recent of the 22 tickets opened by 2026-11-15 (T-23, opened 11-24, is not known yet): T-22 … T-03
    expect(entry.tickets.map((t) => t.ticket_id)).toEqual(Array.from({length: 20}, (_, i) => `T-${String(22 - i).padStart(2, "0")}`));
    expect(entry.tickets[0].tickets_in_all).toBe(22);
    // T-21 closed on 11-20, after the as-of date: open then, and its rating not given yet; T-20 closed and rated, escalated
    const t21 = entry.tickets.find((t) => t.ticket_id === "T-21")!;
    expect([t21.closed_at, t21.satisfaction]).toEqual([null, null]);
    const t20 = entry.tickets.find((t) => t.ticket_id === "T-20")!;
    expect([t20.opened_at, t20.closed_at, t20.satisfaction, t20.escalated]).toEqual([
      new Date("2026-10-21T09:00:00Z"), new Date("2026-10-21T12:00:00Z"), 2, true
    ]);
  });

  test("the churn history of an account that left twice: newest first", () => {
    const entry = accountPageEntry(bucketJson(first, "B-2"), "B-2")!;
    expect(entry.churns.map((c) => [c.churn_date.toISOString().slice(0, 10), c.reason])).toEqual([
      ["2025-09-30", "Too expensive"],
      ["2025-03-31", null]
    ]);
    expect(entry.tickets).toEqual([]);
  });

  test("one bucket alone (what the dev preview's loader serves) is the same file", async () => {
    const bucket = accountBucket("A-1");
    expect((await accountPageBucket(bucket)).equals(readFileSync(join(first, accountPagePath(bucket).split("/").pop()!)))).toBe(true);
  });

  test("an account with no rows in a table gets empty lists; an id that is not there gets null", () => {
    const empty = accountPageEntry(bucketJson(first, "Z-EMPTY"), "Z-EMPTY")!;
    expect(empty.account.name).toBe("Empty");
    expect([empty.weekly, empty.history, empty.health, empty.modules, empty.keyUsers, empty.contracts, empty.churns, empty.tickets]).toEqual([[], [], [], [], [], [], [], []]);
    expect(accountPageEntry(bucketJson(first, "NO-SUCH"), "NO-SUCH")).toBeNull();
    // an id that is a property of every object is not an account either
    expect(accountPageEntry(bucketJson(first, "constructor"), "constructor")).toBeNull();
  });
});
