// Exports as they come from a CRM: other file names, other column names, other date formats,
// other file formats. With a mapping in the config they give the same tables as the canonical ones.
import {mkdtempSync, readFileSync, writeFileSync, copyFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, describe, expect, test, vi} from "vitest";
import {validateConfig} from "../../loaders/config/validateConfig.js";
import type {PulseConfigInput} from "../../loaders/config/schema.js";
import {PulseDb} from "../../loaders/db.js";
import {stageExports} from "../../loaders/ingest/stageExports.js";
import {PulseInputError} from "../../loaders/errors.js";

// Each test stages exports in a real DuckDB (reading the usage twice more: its rejects, and the accepted events for
// the comparison): several seconds each on a busy machine.
vi.setConfig({testTimeout: 60_000});

const FIXTURE = "test/fixtures/validation";
const TABLES = ["accounts", "contracts", "users", "usage_events", "leads", "rejects"];
const open: PulseDb[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

async function stageTables(dir: string, input: PulseConfigInput = {}) {
  const db = await PulseDb.open();
  open.push(db);
  // events: true also stages the accepted events themselves (as pulse data --events), to compare them
  await stageExports(db, dir, validateConfig({validation: {today: "2026-11-01"}, ...input}), () => {}, {events: true});
  const tables: Record<string, unknown[]> = {};
  for (const table of TABLES) tables[table] = await db.rows(`SELECT * FROM ${table} ORDER BY ALL`);
  return tables;
}

function tempDir() {
  return mkdtempSync(join(tmpdir(), "pulse-test-"));
}

function copyFixture(to: string, except: string[] = []) {
  for (const file of ["accounts.csv", "contracts.csv", "users.jsonl", "usage_events.csv", "leads.csv"]) {
    if (!except.includes(file)) copyFileSync(join(FIXTURE, file), join(to, file));
  }
}

describe("column and file mappings", () => {
  test("a CRM export with its own file name, headers and US dates gives the same tables", async () => {
    const dir = tempDir();
    copyFixture(dir, ["accounts.csv", "contracts.csv"]);
    // accounts as a CRM exports them: other headers, other order, an extra column
    const accounts = readFileSync(join(FIXTURE, "accounts.csv"), "utf8")
      .replace("account_id,name,industry,region,csm_owner,created_at,seats", "Account ID,Company,Industry,Region,Owner,Created,Licensed Seats");
    writeFileSync(join(dir, "crm_companies.csv"), accounts);
    // contracts with dates as MM/DD/YYYY
    const us = (iso: string) => iso.replace(/(\d{4})-(\d{2})-(\d{2})/g, "$2/$3/$1");
    writeFileSync(join(dir, "contracts.csv"), us(readFileSync(join(FIXTURE, "contracts.csv"), "utf8")));

    const mapped = await stageTables(dir, {
      data: {
        files: {accounts: "crm_companies.csv"},
        columns: {accounts: {account_id: "Account ID", name: "Company", csm_owner: "Owner", created_at: "Created", seats: "Licensed Seats"}},
        dateFormats: {contracts: {start_date: "%m/%d/%Y", end_date: "%m/%d/%Y", signed_at: "%m/%d/%Y"}}
      }
    });
    const canonical = await stageTables(FIXTURE);
    for (const table of ["accounts", "contracts", "users", "usage_events", "leads"]) {
      expect(mapped[table], table).toEqual(canonical[table]);
    }
    // the rejects name the same rows and rules (values differ only where dates were written US-style)
    const strip = (rows: unknown[]) => (rows as Record<string, unknown>[]).map(({export: e, row, column, rule}) => ({e, row, column, rule}));
    expect(strip(mapped.rejects)).toEqual(strip(canonical.rejects));
  });

  test("header names match regardless of case and surrounding spaces", async () => {
    const dir = tempDir();
    copyFixture(dir, ["accounts.csv"]);
    const accounts = readFileSync(join(FIXTURE, "accounts.csv"), "utf8").replace("account_id,name", "Account_ID, Name ");
    writeFileSync(join(dir, "accounts.csv"), accounts);
    expect((await stageTables(dir)).accounts).toEqual((await stageTables(FIXTURE)).accounts);
  });
});

describe("file formats", () => {
  test("usage events as Parquet, JSON Lines and gzipped CSV give the same table as CSV", async () => {
    const canonical = await stageTables(FIXTURE);
    const db = await PulseDb.open();
    open.push(db);
    for (const [ending, options] of [["parquet", "FORMAT parquet"], ["jsonl", "FORMAT json"], ["csv.gz", "FORMAT csv, HEADER, COMPRESSION gzip"]]) {
      const dir = tempDir();
      copyFixture(dir, ["usage_events.csv"]);
      await db.run(`COPY (SELECT * FROM read_csv('${FIXTURE}/usage_events.csv', all_varchar = true)) TO '${dir}/usage_events.${ending}' (${options})`);
      const tables = await stageTables(dir);
      expect(tables.usage_events, ending).toEqual(canonical.usage_events);
      expect((tables.rejects as {export: string}[]).filter((r) => r.export === "usage_events").length, ending).toBe(6);
    }
  });
});

describe("errors that stop the build name the file and column", () => {
  test("a missing required export", async () => {
    const dir = tempDir();
    copyFixture(dir, ["contracts.csv"]);
    await expect(stageTables(dir)).rejects.toThrow(/contracts\.csv: contracts export not found: looked for contracts\.csv, contracts\.csv\.gz/);
  });

  test("a missing required column, with the columns the file has", async () => {
    const dir = tempDir();
    copyFixture(dir, ["accounts.csv"]);
    writeFileSync(join(dir, "accounts.csv"), "id,name\nA1,Acme\n");
    const error = await stageTables(dir).catch((e) => e);
    expect(error).toBeInstanceOf(PulseInputError);
    expect(error.message).toBe("accounts.csv: column 'account_id': required column not found; the file has: id, name");
  });

  test("a mapped column that is not in the file says which mapping", async () => {
    const dir = tempDir();
    copyFixture(dir);
    await expect(stageTables(dir, {data: {columns: {accounts: {name: "Company"}}}})).rejects.toThrow(
      "accounts.csv: column 'name': required column not found (mapped from 'Company' in data.columns.accounts)"
    );
  });

  test("the same export twice is ambiguous", async () => {
    const dir = tempDir();
    copyFixture(dir);
    copyFileSync(join(FIXTURE, "accounts.csv"), join(dir, "accounts.csv.gz"));
    await expect(stageTables(dir)).rejects.toThrow(/accounts is there more than once \(accounts\.csv, accounts\.csv\.gz\)/);
  });

  test("a CSV row with more or fewer fields than the header is rejected as malformed_row, whatever the delimiter", async () => {
    // one such row is enough for DuckDB's dialect sniffer to give up and read the header as one column;
    // Pulse must neither stop nor report every required column as missing, and the row numbers of the other
    // rejects must stay those of the file
    const baseline = await stageTables(FIXTURE);
    const good = readFileSync(join(FIXTURE, "usage_events.csv"), "utf8").trimEnd().split("\n");
    const [header, ...rows] = good;
    const shape = (r: Record<string, unknown>) => ({row: Number(r.row), rule: r.rule, column: r.column});
    const baseRejects = (baseline.rejects as Record<string, unknown>[]).filter((r) => r.export === "usage_events").map(shape);
    for (const [delimiter, bad, reason] of [
      [",", `${rows[0]},EXTRA`, "has 10 fields where the header has 9"],
      [";", rows[0].split(",").slice(0, 3).join(","), "has 3 fields where the header has 9"]
    ] as const) {
      const dir = tempDir();
      copyFixture(dir, ["usage_events.csv"]);
      // data rows: 1 and 2 copies of the fixture's first (valid) row, 3 the malformed one, then the fixture's rows
      const lines = [header, rows[0], rows[0], bad, ...rows].map((row) => row.replaceAll(",", delimiter));
      writeFileSync(join(dir, "usage_events.csv"), lines.join("\n") + "\n");
      const tables = await stageTables(dir);
      const rejects = (tables.rejects as Record<string, unknown>[]).filter((r) => r.export === "usage_events");
      expect(rejects.find((r) => r.rule === "malformed_row"), delimiter).toMatchObject({row: 3, column: null, reason, value: bad.replaceAll(",", delimiter)});
      expect(rejects.filter((r) => r.rule !== "malformed_row").map(shape), delimiter).toEqual(baseRejects.map((r) => ({...r, row: r.row + 3})));
      expect(tables.usage_events.length, delimiter).toBe(baseline.usage_events.length + 2);
    }
  });

  test("a CSV row that is not UTF-8 is rejected as malformed_row; the rows after it keep their numbers", async () => {
    const [header, ...rows] = readFileSync(join(FIXTURE, "usage_events.csv"), "utf8").trimEnd().split("\n");
    const dir = tempDir();
    copyFixture(dir, ["usage_events.csv"]);
    const latin1 = Buffer.from(`${rows[0].replace("dashboards.view", "caf\u00e9")}\n`, "latin1"); // é as one byte, 0xE9
    writeFileSync(join(dir, "usage_events.csv"), Buffer.concat([Buffer.from(`${header}\n${rows[0]}\n`), latin1, Buffer.from(rows.join("\n") + "\n")]));
    const baseline = await stageTables(FIXTURE);
    const tables = await stageTables(dir);
    const rejects = (tables.rejects as Record<string, unknown>[]).filter((r) => r.export === "usage_events");
    expect(rejects.find((r) => r.rule === "malformed_row")).toMatchObject({row: 2, reason: expect.stringMatching(/^invalid encoding: .*not utf-8/)});
    const base = (baseline.rejects as Record<string, unknown>[]).filter((r) => r.export === "usage_events");
    expect(rejects.filter((r) => r.rule !== "malformed_row").map((r) => r.row)).toEqual(base.map((r) => Number(r.row) + 2));
  });

  test("a malformed row before a duplicate id: the duplicate's reason names the first row's number in the file", async () => {
    const baseline = await stageTables(FIXTURE);
    const [header, ...rows] = readFileSync(join(FIXTURE, "accounts.csv"), "utf8").trimEnd().split("\n");
    const dir = tempDir();
    copyFixture(dir, ["accounts.csv"]);
    writeFileSync(join(dir, "accounts.csv"), [header, "A-broken,too,many,fields,here,and,more,than,the,header,has,yes", ...rows].join("\n") + "\n");
    const tables = await stageTables(dir);
    const rejects = (tables.rejects as Record<string, unknown>[]).filter((r) => r.export === "accounts");
    const shifted = (baseline.rejects as Record<string, unknown>[])
      .filter((r) => r.export === "accounts")
      .map((r) => ({...r, row: Number(r.row) + 1, reason: String(r.reason).replace(/first in row (\d+)/, (_, n) => `first in row ${Number(n) + 1}`)}));
    expect(rejects.filter((r) => r.rule !== "malformed_row")).toEqual(shifted);
    expect(rejects.filter((r) => r.rule === "malformed_row").map((r) => r.row)).toEqual([1]);
    expect(shifted.some((r) => /first in row/.test(String(r.reason)))).toBe(true); // the fixture has a duplicate
    expect(tables.accounts).toEqual(baseline.accounts);
  });

  test("a header that names a column Pulse reads twice (in any case) stops the build; a repeated column Pulse ignores does not", async () => {
    const dir = tempDir();
    copyFixture(dir, ["accounts.csv"]);
    const accounts = readFileSync(join(FIXTURE, "accounts.csv"), "utf8").split("\n");
    // 'Name' in field 8 repeats 'name' in field 2: which one is the account's name?
    writeFileSync(join(dir, "accounts.csv"), [`${accounts[0]},Name`, ...accounts.slice(1).filter(Boolean).map((l) => `${l},x`)].join("\n"));
    const error = await stageTables(dir).catch((e) => e);
    expect(error).toBeInstanceOf(PulseInputError);
    expect(error.message).toBe(
      "accounts.csv: column 'name': the header names 'name' 2 times (fields 2, 8): Pulse cannot tell which to read; rename or remove all but one"
    );
    // two columns named 'notes' (Pulse reads no 'notes') and one with no name: read, and listed as ignored as the header has them
    writeFileSync(join(dir, "accounts.csv"), [`${accounts[0]},notes,notes,`, ...accounts.slice(1).filter(Boolean).map((l) => `${l},a,b,c`)].join("\n"));
    const db = await PulseDb.open();
    open.push(db);
    const quality = await stageExports(db, dir, validateConfig({validation: {today: "2026-11-01"}}), () => {});
    expect(quality.exports.find((e) => e.export === "accounts")!.ignored_columns).toEqual(["notes", "notes (field 9)", "(no name: field 10)"]);
  });

  test("a header below a title line: the message says on which line it is", async () => {
    const dir = tempDir();
    copyFixture(dir, ["contracts.csv"]);
    const contracts = readFileSync(join(FIXTURE, "contracts.csv"), "utf8");
    writeFileSync(join(dir, "contracts.csv"), `Contracts report\nExported 2026-11-30 by admin,,,\n${contracts}`);
    await expect(stageTables(dir)).rejects.toThrow(
      "contracts.csv: the header is on line 3, not on the first line: remove the 2 lines above it (the first line reads 'Contracts report')"
    );
  });

  test("an unreadable file", async () => {
    const dir = tempDir();
    copyFixture(dir, ["users.jsonl"]);
    writeFileSync(join(dir, "users.jsonl"), '{"user_id": "U1", "account_id": \n');
    // refused before DuckDB reads it (loaders/ingest/checkFile.ts), with the file's path
    await expect(stageTables(dir)).rejects.toThrow(/\/users\.jsonl: is not JSON Lines: line 1 is not JSON \(/);
    // a row of 3 MB (a document pasted into a cell, or a quote left open): one line that says so, not the 3 MB;
    // "A2,Beta,Retail,APAC,Bob,2024-02-01,10" with Beta → 3,000,000 x: 37 − 4 + 3,000,000 characters and its line end
    copyFileSync(join(FIXTURE, "users.jsonl"), join(dir, "users.jsonl"));
    const accounts = readFileSync(join(FIXTURE, "accounts.csv"), "utf8").split("\n");
    accounts[2] = accounts[2].replace("Beta", "x".repeat(3_000_000));
    writeFileSync(join(dir, "accounts.csv"), accounts.join("\n"));
    const huge = await stageTables(dir).catch((e) => e);
    expect(huge.message).toBe(
      "accounts.csv: cannot be read as csv: a row is 3,000,034 bytes long, more than the 2,000,000 a CSV line may have (is a value pasted in whole, or a quote left open?)"
    );
    copyFileSync(join(FIXTURE, "accounts.csv"), join(dir, "accounts.csv"));
    // a broken line further down is DuckDB's to find
    writeFileSync(join(dir, "users.jsonl"), '{"user_id": "U1", "account_id": "A1"}\n{"user_id": "U2", "account_id": \n');
    await expect(stageTables(dir)).rejects.toThrow(/^users\.jsonl: cannot be read as jsonl/);
  });
});
