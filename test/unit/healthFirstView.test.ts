// The health page's own database file and first view (loaders/site/browserTables.ts,
// src/shared/healthQueries.js), built from hand-made tables: the file holds the page's columns
// and each account's sparkline, in the table's order, and the first view is what the page's
// queries answer with no filter.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, beforeAll, expect, test} from "vitest";
import {HEALTH_DATABASE_TABLES} from "../../loaders/site/browserTables.js";
import {BROWSER_STORAGE_VERSION, derivedAnswers, derivedDatabase} from "../../loaders/site/siteTable.js";
import {healthFirstView, healthFirstViewSql, healthPageColumns, healthSparklineColumns} from "../../src/shared/healthQueries.js";
import {currentCustomers} from "../../src/shared/customers.js";
import {healthTableFirstQuery} from "../../src/components/healthTable.js";
import {sameView} from "../../src/components/tableView.js";

const dir = mkdtempSync(join(tmpdir(), "pulse-health-view-"));
const saved = process.env.PULSE_TABLES_DIR;

// Four accounts. A1 and A2 are current customers with score 20 (A2 has more ARR, so it comes first
// in the table: score ascending, then ARR descending); A3 is current with no score (last); A4 is a
// former customer (no contract in force): left out of every number but "former".
const accounts = [
  {account_id: "A1", name: "Alpha", arr: 100, has_active_contract: true, health_score: 20, health_band: "red", grid_migration: "down", churn_watch: true, contract_end: "2027-01-31"},
  {account_id: "A2", name: "Beta", arr: 300, has_active_contract: true, health_score: 20, health_band: "red", grid_migration: "same", churn_watch: false, contract_end: "2026-12-31"},
  {account_id: "A3", name: "Gamma", arr: 50, has_active_contract: true, health_score: null, health_band: null, grid_migration: null, churn_watch: false, contract_end: "2027-03-31"},
  {account_id: "A4", name: "Delta", arr: 0, has_active_contract: false, health_score: 10, health_band: "red", grid_migration: "down", churn_watch: false, contract_end: "2025-06-30"}
];

/** A value for every other column the page reads, of a type like the real table's. */
function filler(column: string): string {
  if (column === "contract_end") throw new Error("given");
  if (/^(name|csm_owner|region|industry|tier|segment|segment_playbook|health_weakest|health_explanation|grid_cell|grid_cell_prev)$/.test(column)) return `'x'`;
  if (/^(open_ended|churn_watch)$/.test(column)) return "false";
  if (column === "days_to_renewal" || /visits|users/.test(column)) return "1";
  return "0.5::DOUBLE";
}

beforeAll(async () => {
  process.env.PULSE_TABLES_DIR = dir;
  const given = Object.keys(accounts[0]);
  // the health columns: score, band and weakest component are given; two components' value and points, and the
  // explanation's text (which the page's copy leaves out)
  const healthColumns = ["health_score", "health_band", "health_weakest", "health_activity", "health_activity_points", "health_support", "health_support_points", "health_explanation"];
  const select = [...healthPageColumns, ...healthColumns].map((c) => (given.includes(c) ? `t.${c}` : `${filler(c)} AS ${c}`)).join(", ");
  const values = accounts
    .map((a) => `(${Object.values(a).map((v) => (v === null ? "NULL" : typeof v === "string" ? `'${v}'` : String(v))).join(", ")})`)
    .join(", ");
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  await c.run(`COPY (SELECT ${select}, 'extra' AS not_for_the_page FROM (VALUES ${values}) AS t(${given.join(", ")}))
    TO '${join(dir, "accounts.parquet")}' (FORMAT parquet)`);
  // A1 has two weeks of visits; the others none
  await c.run(`COPY (SELECT * FROM (VALUES ('A1', DATE '2026-11-02', 5, 7), ('A1', DATE '2026-11-09', 8, 3))
    AS t(account_id, week_start, visits, days_observed)) TO '${join(dir, "account_weekly.parquet")}' (FORMAT parquet)`);
  instance.closeSync();
});
afterAll(() => {
  if (saved === undefined) delete process.env.PULSE_TABLES_DIR;
  else process.env.PULSE_TABLES_DIR = saved;
  rmSync(dir, {recursive: true, force: true});
});

test("health.duckdb: the page's columns of accounts with each sparkline, current customers first in the table's order, in a file the browser's DuckDB reads", async () => {
  const file = join(dir, "health.duckdb");
  writeFileSync(file, await derivedDatabase(HEALTH_DATABASE_TABLES));
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  await c.run(`ATTACH '${file}' AS health (READ_ONLY)`);
  const columns = (await c.runAndReadAll(`SELECT column_name FROM (DESCRIBE health.accounts)`)).getRowObjects().map((r) => r.column_name);
  // not_for_the_page and the explanation's text left out; the health columns after the others
  expect(columns).toEqual([
    ...healthPageColumns,
    "health_score", "health_band", "health_weakest", "health_activity", "health_activity_points", "health_support", "health_support_points",
    ...healthSparklineColumns
  ]);
  expect((await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = 'health'`)).getRowObjects()).toEqual([{table_name: "accounts"}]);
  // stored order: score ascending, more ARR first among equal scores, no score last; the former customer A4 after them
  const rows = (await c.runAndReadAll(`SELECT account_id, spark_visits FROM health.accounts`)).getRowObjectsJson();
  expect(rows).toEqual([
    {account_id: "A2", spark_visits: null},
    {account_id: "A1", spark_visits: [5, 8]},
    {account_id: "A3", spark_visits: null},
    {account_id: "A4", spark_visits: null}
  ]);
  instance.closeSync();
});

test("the storage version is the browser engine's: re-check it when DuckDB-Wasm is upgraded", () => {
  // DuckDB-Wasm 1.32 is DuckDB 1.4.3, which reads database files up to storage v1.4.0
  const {version} = JSON.parse(readFileSync(join(import.meta.dirname, "../../node_modules/@duckdb/duckdb-wasm/package.json"), "utf8"));
  expect({duckdbWasm: version, storage: BROWSER_STORAGE_VERSION}).toEqual({duckdbWasm: "1.32.0", storage: "v1.4.0"});
});

test("first view: the page's queries with no filter, over the same tables", async () => {
  const {where, queries} = healthFirstViewSql();
  expect(where).toBe("has_active_contract AND (TRUE)"); // what currentCustomers(whereClause(no filter)) gives on the page
  const view = healthFirstView(where, await derivedAnswers(HEALTH_DATABASE_TABLES, queries));
  // lowest score first, more ARR first among equal scores, no score last; former customers left out
  expect(view.table.rows.map((r) => r.account_id)).toEqual(["A2", "A1", "A3"]);
  expect(view.table.rows[1]).toMatchObject({spark_visits: [5, 8], spark_first_week: "2026-11-02", spark_partial: true, contract_end: "2027-01-31"});
  expect(view.table.rows[0].spark_visits).toBeNull();
  expect(view.table.rows[0]).not.toHaveProperty("table_found"); // the count is taken off the rows
  expect(view.table).toMatchObject({found: 3, total: 3});
  // totals of the three current customers: ARR 100 + 300 + 50; median of the scores 20 and 20; A1 moved down and is watched
  expect(view.totals).toMatchObject({accounts: 3, arr: 450, median_score: 20, moved_down: 1, moved_down_arr: 100, watched: 1, watched_arr: 100, red_accounts: 2, red_arr: 400});
  expect(view.movedDown.rows.map((r) => r.account_id)).toEqual(["A1"]);
  expect(view.movedDown).toMatchObject({found: 1, total: 1});
  expect(view.scoreBins).toEqual([{bin: 20, health_band: "red", accounts: 2}]);
  expect(view.former).toBe(1);
});

test("the first view's table is what the page's table asks first (and what a filter change sends as it happens)", () => {
  // the same SQL, so the table's first answer from DuckDB is the first view's rows, and is not drawn again
  expect(healthTableFirstQuery(currentCustomers())).toBe(healthFirstViewSql().queries.table);
  expect(healthTableFirstQuery(currentCustomers("tier IN ('S')"))).toContain("LIMIT 25");
});

test("a table's answer that repeats the rows on screen is recognised as the same view", () => {
  const view = {rows: [{id: "a", end: new Date("2027-01-31"), visits: [1, 2]}], found: 3, total: 5};
  expect(sameView(view, {rows: [{id: "a", end: new Date("2027-01-31"), visits: [1, 2]}], found: 3, total: 5})).toBe(true);
  expect(sameView(view, {rows: [{id: "a", end: new Date("2027-02-01"), visits: [1, 2]}], found: 3, total: 5})).toBe(false);
  expect(sameView(view, {rows: [{id: "a", end: new Date("2027-01-31"), visits: [1, 2]}], found: 4, total: 5})).toBe(false);
  expect(sameView(view, null)).toBe(false);
});
