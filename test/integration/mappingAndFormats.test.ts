// Exports as they come from a CRM: other file names, other column names, other date formats,
// other file formats. With a mapping in the config they give the same tables as the canonical ones.
import {mkdtempSync, readFileSync, writeFileSync, copyFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, describe, expect, test} from "vitest";
import {validateConfig} from "../../loaders/config/validateConfig.js";
import type {PulseConfigInput} from "../../loaders/config/schema.js";
import {PulseDb} from "../../loaders/db.js";
import {stageExports} from "../../loaders/ingest/stageExports.js";
import {PulseInputError} from "../../loaders/errors.js";

const FIXTURE = "test/fixtures/validation";
const TABLES = ["accounts", "contracts", "users", "usage_events", "leads", "rejects"];
const open: PulseDb[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

async function stageTables(dir: string, input: PulseConfigInput = {}) {
  const db = await PulseDb.open();
  open.push(db);
  await stageExports(db, dir, validateConfig({validation: {today: "2026-11-01"}, ...input}));
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

  test("a CSV row with more or fewer fields than the header stops the build naming its line, whatever the delimiter", async () => {
    // one such row is enough for DuckDB's dialect sniffer to give up and read the header as one column;
    // Pulse must not then report every required column as missing
    const good = readFileSync(join(FIXTURE, "usage_events.csv"), "utf8").trimEnd().split("\n");
    const [header, first] = good;
    for (const [delimiter, bad, found] of [
      [",", `${first},EXTRA`, 10],
      [";", first.split(",").slice(0, 3).join(","), 3]
    ] as const) {
      const dir = tempDir();
      copyFixture(dir, ["usage_events.csv"]);
      // the malformed row is data row 3, so line 4 of the file (the header is line 1)
      const rows = [header, first, first, bad, ...good.slice(1)].map((row) => row.replaceAll(",", delimiter));
      writeFileSync(join(dir, "usage_events.csv"), rows.join("\n") + "\n");
      const error = await stageTables(dir).catch((e: Error) => e);
      expect(error).toBeInstanceOf(PulseInputError);
      expect((error as Error).message).toMatch(/^usage_events\.csv: cannot be read as csv: .*CSV Error on Line: 4\b/);
      expect((error as Error).message).toMatch(new RegExp(`Expected Number of Columns: 9 Found: ${found}`));
    }
  });

  test("an unreadable file", async () => {
    const dir = tempDir();
    copyFixture(dir, ["users.jsonl"]);
    writeFileSync(join(dir, "users.jsonl"), '{"user_id": "U1", "account_id": \n');
    await expect(stageTables(dir)).rejects.toThrow(/^users\.jsonl: cannot be read as jsonl/);
  });
});
