// Values that pass a lenient parse but cannot be computed with — NaN, infinities, numbers beyond what the metrics
// hold exactly, DuckDB's own extras (hex, digit separators) — are rejected with a rule and a reason in words, so a
// metric model is never the first place a bad value is found (issue #15). Whole numbers may come in any plain form.
import {mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, expect, test} from "vitest";
import {validateConfig} from "../../loaders/config/validateConfig.js";
import {PulseDb} from "../../loaders/db.js";
import {stageExports, type QualityReport} from "../../loaders/ingest/stageExports.js";
import {computeMetrics} from "../../loaders/metrics/computeMetrics.js";

const dir = mkdtempSync(join(tmpdir(), "pulse-hostile-"));
let db: PulseDb;
let quality: QualityReport;
const write = (file: string, lines: string[]) => writeFileSync(join(dir, file), lines.join("\n") + "\n");

beforeAll(async () => {
  write("accounts.csv", [
    "account_id,name,seats",
    "A1,Acme,1e3", // 1000 seats, in exponent form
    "A2,Beta,\"1,200\"", // thousands separator
    "A3,Gamma,12.0",
    "A4,Delta,0x10", // hexadecimal: not a number an export means
    "A5,Echo,1_000",
    "A6,Fox,NaN",
    "A7,Golf,2000000000" // more seats than Pulse accepts (10^9)
  ]);
  write("contracts.csv", [
    "contract_id,account_id,start_date,end_date,arr,cac",
    "C1,A1,2026-01-01,2026-12-31,1200,100",
    "C2,A1,2026-01-01,2026-12-31,NaN,",
    "C3,A1,2026-01-01,2026-12-31,Infinity,",
    "C4,A1,2026-01-01,2026-12-31,-inf,",
    "C5,A1,2026-01-01,2026-12-31,1e308,",
    "C6,A1,2026-01-01,2026-12-31,1e400,",
    "C7,A1,2026-01-01,2026-12-31,$1.5e3,",
    "C8,A1,2026-01-01,9999-12-31,100,",
    "C9,A1,0001-01-01,2026-12-31,100,"
  ]);
  write("usage_events.csv", [
    "account_id,user_id,timestamp,duration_s,page_views,count",
    "A1,u,2026-06-01T10:00:00Z,60,1,1",
    "A1,u,2026-06-01T10:01:00Z,1e400,1,1",
    "A1,u,2026-06-01T10:02:00Z,1e13,1,1",
    "A1,u,2026-06-01T10:03:00Z,nan,1,1",
    "A1,u,2026-06-01T10:04:00Z,5,1e10,1",
    "A1,u,2026-06-01T10:05:00Z,5,1,2.5",
    "A1,u,2026-06-01T10:06:00Z,5,1,1.5e1",
    "A1,u,294247-01-10T04:00:54Z,5,1,1"
  ]);
  db = await PulseDb.open({threads: 1});
  const config = validateConfig({validation: {today: "2026-07-01"}});
  quality = await stageExports(db, dir, config, () => {}, {events: true}); // events: the accepted events themselves too, to check their counts
  await computeMetrics(db, config, "2026-06-30"); // the accepted rows compute: nothing left to crash a model
}, 120_000);
afterAll(() => db?.close());

const rejects = (exportName: string) =>
  db.rows<{row: number; column: string; rule: string; reason: string}>(
    `SELECT "row", "column", rule, reason FROM rejects WHERE export = '${exportName}' ORDER BY "row", rule`
  );

test("seats: exponent, thousands and '.0' forms are whole numbers; hex, digit separators, NaN and 2e9 are not", async () => {
  expect(await db.rows(`SELECT account_id, seats FROM accounts ORDER BY account_id`)).toEqual([
    {account_id: "A1", seats: 1000}, {account_id: "A2", seats: 1200}, {account_id: "A3", seats: 12}
  ]);
  expect(await rejects("accounts")).toEqual([
    {row: 4, column: "seats", rule: "not_a_whole_number", reason: "not a whole number: 0x10"},
    {row: 5, column: "seats", rule: "not_a_whole_number", reason: "not a whole number: 1_000"},
    {row: 6, column: "seats", rule: "not_finite", reason: "not a finite number: NaN"},
    {row: 7, column: "seats", rule: "above_maximum", reason: "too large: 2000000000 (at most 1,000,000,000)"}
  ]);
});

test("ARR: NaN, infinities, 1e308 and 1e400 are rejected in words; dates at the limits of the types too", async () => {
  expect(await rejects("contracts")).toEqual([
    {row: 2, column: "arr", rule: "not_finite", reason: "not a finite number: NaN"},
    {row: 3, column: "arr", rule: "not_finite", reason: "not a finite number: Infinity"},
    {row: 4, column: "arr", rule: "not_finite", reason: "not a finite number: -inf"},
    {row: 5, column: "arr", rule: "above_maximum", reason: "too large: 1e+308 (at most 1,000,000,000,000,000)"},
    {row: 6, column: "arr", rule: "not_finite", reason: "not a finite number: 1e400"},
    {row: 8, column: "end_date", rule: "far_future", reason: "more than 10 years after 2026-07-01"},
    {row: 9, column: "start_date", rule: "too_early", reason: "date before 1990-01-01"}
  ]);
  // $1.5e3: a currency sign and an exponent
  expect(await db.rows(`SELECT contract_id, arr FROM contracts ORDER BY contract_id`)).toEqual([
    {contract_id: "C1", arr: 1200}, {contract_id: "C7", arr: 1500}
  ]);
});

test("usage: durations and counts that do not fit are rejected; rows read = accepted + rejected everywhere", async () => {
  expect(await rejects("usage_events")).toEqual([
    {row: 2, column: "duration_s", rule: "not_finite", reason: "not a finite number: 1e400"},
    {row: 3, column: "duration_s", rule: "above_maximum", reason: "too large: 10000000000000 (at most 1,000,000,000,000)"},
    {row: 4, column: "duration_s", rule: "not_finite", reason: "not a finite number: nan"},
    {row: 5, column: "page_views", rule: "above_maximum", reason: "too large: 10000000000 (at most 1,000,000,000)"},
    {row: 6, column: "count", rule: "not_a_whole_number", reason: "not a whole number: 2.5"},
    {row: 8, column: "timestamp", rule: "in_the_future", reason: "in the future (after 2026-07-01)"} // year 294247
  ]);
  expect(await db.rows(`SELECT "count" FROM usage_events ORDER BY "timestamp"`)).toEqual([{count: 1}, {count: 15}]);
  for (const e of quality.exports) expect(e.rows_read, e.export).toBe(e.rows_accepted + e.rows_rejected);
});
