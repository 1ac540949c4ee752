// Each validation rule on a fixture with bad rows (test/fixtures/validation), with the rows we
// expect rejected and why written out by hand. "today" is pinned to 2026-11-01 so "future" is fixed.
import {afterEach, describe, expect, test, vi} from "vitest";
import {validateConfig} from "../../loaders/config/validateConfig.js";
import type {PulseConfigInput} from "../../loaders/config/schema.js";
import {PulseDb} from "../../loaders/db.js";
import {stageExports} from "../../loaders/ingest/stageExports.js";

// Each test stages exports in a real DuckDB (reading the usage twice more: its rejects, and the accepted events for
// the comparison): several seconds each on a busy machine.
vi.setConfig({testTimeout: 60_000});

const FIXTURE = "test/fixtures/validation";
const open: PulseDb[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

async function stage(dir = FIXTURE, input: PulseConfigInput = {}) {
  const db = await PulseDb.open();
  open.push(db);
  // events: true also stages the accepted events themselves (as pulse data --events)
  const quality = await stageExports(db, dir, validateConfig({validation: {today: "2026-11-01"}, ...input}), () => {}, {events: true});
  return {db, quality};
}

async function rejected(db: PulseDb, exportName: string) {
  return db.rows<{row: number; column: string; rule: string}>(
    `SELECT "row", "column", rule FROM rejects WHERE export = '${exportName}' ORDER BY "row", "column", rule`
  );
}

describe("accounts", () => {
  test("duplicate ids, missing names, bad dates, negative and fractional seats are rejected", async () => {
    const {db} = await stage();
    expect(await rejected(db, "accounts")).toEqual([
      {row: 3, column: "account_id", rule: "duplicate_id"}, // A1 again; the first A1 (row 1) stays
      {row: 4, column: "name", rule: "missing_value"},
      {row: 5, column: "created_at", rule: "not_a_date"}, // 2024-13-45
      {row: 5, column: "seats", rule: "below_minimum"}, // -3
      {row: 6, column: "seats", rule: "not_a_whole_number"} // 2.5
    ]);
    // A6 has a quoted comma in its name and empty optional columns: accepted as it is
    expect(await db.rows(`SELECT account_id, name, region, seats FROM accounts ORDER BY account_id`)).toEqual([
      {account_id: "A1", name: "Acme", region: "EMEA", seats: 20},
      {account_id: "A2", name: "Beta", region: "APAC", seats: 10},
      {account_id: "A6", name: "Foxtrot, Inc.", region: null, seats: null}
    ]);
  });

  test("the reason names the first row of a duplicate id", async () => {
    const {db} = await stage();
    const [row] = await db.rows<{reason: string; file: string}>(`SELECT reason, file FROM rejects WHERE rule = 'duplicate_id' AND export = 'accounts'`);
    expect(row).toEqual({reason: "duplicate account_id A1 (first in row 1)", file: "accounts.csv"});
  });
});

describe("contracts", () => {
  test("end before start, negative / non-numeric / missing ARR, unknown account, far future, too early, duplicate id", async () => {
    const {db} = await stage();
    expect(await rejected(db, "contracts")).toEqual([
      {row: 3, column: "end_date", rule: "end_before_start"}, // 2025-06-01 → 2025-05-31
      {row: 4, column: "arr", rule: "below_minimum"}, // -100
      {row: 5, column: "arr", rule: "not_a_number"}, // n/a
      {row: 6, column: "account_id", rule: "unknown_account"}, // A9 is not an account
      {row: 7, column: "end_date", rule: "far_future"}, // 2099 > 2026-11-01 + 10 years
      {row: 8, column: "start_date", rule: "too_early"}, // 1980 < 1990-01-01
      {row: 9, column: "contract_id", rule: "duplicate_id"}, // C1 again
      {row: 10, column: "arr", rule: "missing_value"}
    ]);
  });

  test("a currency sign and thousands separators are read as a number", async () => {
    const {db} = await stage();
    expect(await db.rows(`SELECT contract_id, arr FROM contracts ORDER BY contract_id`)).toEqual([
      {contract_id: "C1", arr: 12000},
      {contract_id: "C2", arr: 15000} // "$15,000.00"
    ]);
  });
});

describe("users", () => {
  test("unknown roles and users of rejected accounts are rejected; roles are case-insensitive, missing = member", async () => {
    const {db} = await stage();
    expect(await rejected(db, "users")).toEqual([
      {row: 3, column: "role", rule: "unknown_role"}, // superuser
      {row: 4, column: "account_id", rule: "unknown_account"} // A3 was rejected (no name)
    ]);
    expect(await db.rows(`SELECT user_id, role FROM users ORDER BY user_id`)).toEqual([
      {user_id: "U1", role: "admin"},
      {user_id: "U2", role: "champion"}, // "Champion"
      {user_id: "U5", role: "member"} // null
    ]);
  });

  test("e-mail addresses are not kept unless the config says so", async () => {
    const {db} = await stage();
    const columns = (await db.rows<{column_name: string}>(`SELECT column_name FROM (DESCRIBE users)`)).map((r) => r.column_name);
    expect(columns).not.toContain("email");
    const withContacts = await stage(FIXTURE, {privacy: {includeContactFields: true}});
    expect(await withContacts.db.value(`SELECT email FROM users WHERE user_id = 'U1'`)).toBe("a@example.com");
  });
});

describe("usage events", () => {
  test("missing / unparseable / future timestamps, unknown accounts, negative durations, fractional page views", async () => {
    const {db} = await stage();
    expect(await rejected(db, "usage_events")).toEqual([
      {row: 4, column: "timestamp", rule: "missing_value"},
      {row: 5, column: "account_id", rule: "unknown_account"}, // A9
      {row: 6, column: "timestamp", rule: "in_the_future"}, // 2099
      {row: 7, column: "duration_s", rule: "below_minimum"}, // -5
      {row: 8, column: "timestamp", rule: "not_a_timestamp"}, // "yesterday"
      {row: 9, column: "page_views", rule: "not_a_whole_number"} // 1.5
    ]);
  });

  test("timestamps without a zone are UTC; with a zone they are converted to UTC", async () => {
    const {db} = await stage();
    const times = await db.rows<{t: string}>(`SELECT strftime("timestamp", '%Y-%m-%d %H:%M:%S') AS t FROM usage_events`);
    // rows 1-3: 10:00Z, 10:05 (no zone = UTC), 12:00+02:00 = 10:00Z
    expect(times.map((r) => r.t)).toEqual(["2026-03-01 10:00:00", "2026-03-01 10:05:00", "2026-03-01 10:00:00"]);
  });
});

describe("leads", () => {
  test("unknown accounts, future dates and duplicate lead ids are rejected; no account is fine", async () => {
    const {db} = await stage();
    expect(await rejected(db, "leads")).toEqual([
      {row: 3, column: "account_id", rule: "unknown_account"}, // A404
      {row: 4, column: "visited_at", rule: "in_the_future"}, // 2027-06-01 after 2026-11-01
      {row: 5, column: "lead_id", rule: "duplicate_id"}
    ]);
  });

  test("an absent leads export is an empty table, not an error", async () => {
    const {db, quality} = await stage("test/fixtures/no-leads");
    expect(quality.absent).toEqual(["leads", "churn_events", "support_tickets"]);
    expect(await db.value(`SELECT count(*) FROM leads`)).toBe(0);
  });
});

describe("reconciliation", () => {
  test("for every export, rows read = rows accepted + rows rejected", async () => {
    const {quality} = await stage();
    const counts = Object.fromEntries(quality.exports.map((e) => [e.export, [e.rows_read, e.rows_accepted, e.rows_rejected]]));
    expect(counts).toEqual({
      accounts: [7, 3, 4],
      contracts: [10, 2, 8],
      users: [5, 3, 2],
      usage_events: [9, 3, 6],
      leads: [5, 2, 3]
    });
    expect(quality.totals).toEqual({rows_read: 36, rows_accepted: 13, rows_rejected: 23});
  });

  test("the report counts rows per rule and column", async () => {
    const {quality} = await stage();
    const accounts = quality.exports.find((e) => e.export === "accounts")!;
    expect(accounts.reasons).toContainEqual({rule: "duplicate_id", column: "account_id", rows: 1});
    expect(accounts.reasons.reduce((n, r) => n + r.rows, 0)).toBe(5); // row 5 breaks two rules
  });
});
