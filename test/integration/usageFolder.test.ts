// A usage export given as a folder of files (one per day), and the rollups kept between builds: a rebuild reads only
// new or changed files and gives the same tables as a cold build; a file that is gone or changed never counts from
// its old rollup; a kept rollup is recomputed when the accounts its rows name, or "today", change its verdicts.
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, test, vi} from "vitest";
import type {PulseConfigInput} from "../../loaders/config/schema.js";
import {validateConfig} from "../../loaders/config/validateConfig.js";
import {PulseDb} from "../../loaders/db.js";
import {stageExports, type QualityReport} from "../../loaders/ingest/stageExports.js";
import {computeMetrics} from "../../loaders/metrics/computeMetrics.js";
import {writeTables} from "../../loaders/write/writeTables.js";

vi.setConfig({testTimeout: 120_000});

const AS_OF = "2026-06-30";
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, {recursive: true, force: true})));
const temp = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `pulse-${name}-`));
  made.push(dir);
  return dir;
};

const HEADER = "account_id,user_id,timestamp,event,module,feature,session_id,duration_s,page_views";

/** One day's file: each of A's two users and B's one user has a visit of `n` events from 10:00 (session ids). */
function dayRows(day: string, n = 2): string[] {
  return ["A:a1", "A:a2", "B:b1"].flatMap((who) => {
    const [acc, user] = who.split(":");
    return Array.from({length: n}, (_, i) => `${acc},${user},${day}T10:0${i}:00Z,${i === 1 ? "save_funnel" : "page_view"},m${i + 1},f${i + 1},${acc}-${user}-${day},60,1`);
  });
}

function writeCommon(dir: string) {
  writeFileSync(join(dir, "accounts.csv"), "account_id,name,seats\nA,Alpha,5\nB,Beta,3\n");
  writeFileSync(join(dir, "contracts.csv"), "contract_id,account_id,start_date,end_date,arr\nCA,A,2026-01-01,2026-12-31,1200\nCB,B,2026-01-01,2026-12-31,600\n");
  writeFileSync(join(dir, "users.csv"), "user_id,account_id,role\na1,A,admin\na2,A,member\nb1,B,champion\n");
}

function writeDay(dir: string, day: string, rows = dayRows(day)) {
  mkdirSync(join(dir, "usage_events"), {recursive: true});
  writeFileSync(join(dir, "usage_events", `${day}.csv`), [HEADER, ...rows].join("\n") + "\n");
}

/** Stages and computes, writing every table into `out`; returns the progress lines and the quality report. */
async function build(dataDir: string, out: string, cache: string, input: PulseConfigInput = {}): Promise<{lines: string[]; quality: QualityReport}> {
  const lines: string[] = [];
  const db = await PulseDb.open({threads: 1});
  try {
    const config = validateConfig({validation: {today: "2026-07-01"}, ...input});
    const quality = await stageExports(db, dataDir, config, (m) => lines.push(m), {rollupCache: cache});
    const tables = await computeMetrics(db, config, AS_OF);
    mkdirSync(out, {recursive: true});
    await writeTables(db, out, {...tables, rejects: "rejects"});
    return {lines, quality};
  } finally {
    db.close();
  }
}

/** Every Parquet table of `out`, as bytes. */
const tablesOf = (out: string) => Object.fromEntries(readdirSync(out).sort().map((f) => [f, readFileSync(join(out, f))]));

describe("a usage export as a folder of daily files", () => {
  test("reads every file as one export: the same tables as the same rows in one file", async () => {
    const days = ["2026-06-10", "2026-06-11", "2026-06-12"];
    const folder = temp("folder");
    writeCommon(folder);
    for (const day of days) writeDay(folder, day);
    const single = temp("single");
    writeCommon(single);
    writeFileSync(join(single, "usage_events.csv"), [HEADER, ...days.flatMap((d) => dayRows(d))].join("\n") + "\n");
    const [a, b] = [temp("out"), temp("out")];
    const built = await build(folder, a, temp("cache"));
    await build(single, b, temp("cache"));
    // 3 files × 6 rows; the report names the folder and counts its files
    expect(built.quality.exports.find((e) => e.export === "usage_events")).toMatchObject({file: "usage_events/", files: 3, rows_read: 18, rows_accepted: 18});
    expect(tablesOf(a)).toEqual(tablesOf(b));
  });

  test("one file changed, one added, one removed: the rebuild reads only those and equals a cold build", async () => {
    const folder = temp("incremental");
    writeCommon(folder);
    for (const day of ["2026-06-10", "2026-06-11", "2026-06-12", "2026-06-13"]) writeDay(folder, day);
    const cache = temp("cache");
    const first = await build(folder, temp("out"), cache);
    // the four files have the same header: read together, in one pass
    expect(first.lines.filter((l) => l.startsWith("reading usage_events/"))).toEqual(["reading usage_events/2026-06-10.csv and 3 more (1–4 of 4)"]);

    writeDay(folder, "2026-06-11", dayRows("2026-06-11", 3)); // changed: 3 events per visit instead of 2
    utimesSync(join(folder, "usage_events", "2026-06-11.csv"), new Date(), new Date(Date.now() + 5000));
    rmSync(join(folder, "usage_events", "2026-06-12.csv")); // removed
    writeDay(folder, "2026-06-14"); // added
    const incremental = temp("out");
    const again = await build(folder, incremental, cache);
    // only the changed and the new file are read; the two others come from their kept rollups
    expect(again.lines.filter((l) => l.startsWith("reading usage_events/"))).toEqual([
      "reading usage_events/2026-06-11.csv (2 of 4)",
      "reading usage_events/2026-06-14.csv (4 of 4)"
    ]);
    expect(again.lines).toContain("usage_events: 2 of 4 files unchanged, rollups reused");
    const cold = temp("out");
    await build(folder, cold, temp("cache"));
    expect(tablesOf(incremental)).toEqual(tablesOf(cold));
    // and the removed day is nowhere: 4 files × 3 visits, 06-11's with 3 events each
    const db = await PulseDb.open();
    try {
      expect(await db.rows(`SELECT day, sum(events) AS events FROM '${join(incremental, "usage_daily.parquet")}' GROUP BY day ORDER BY day`)).toEqual([
        {day: "2026-06-10", events: 6},
        {day: "2026-06-11", events: 9},
        {day: "2026-06-13", events: 6},
        {day: "2026-06-14", events: 6}
      ]);
    } finally {
      db.close();
    }
  });

  test("a rejected row in the third file is named by that file and its row", async () => {
    const folder = temp("rejects");
    writeCommon(folder);
    writeDay(folder, "2026-06-10");
    writeDay(folder, "2026-06-11");
    const third = dayRows("2026-06-12");
    third[3] = third[3].replace(",60,1", ",-5,1"); // row 4 of the third file: a negative duration
    writeDay(folder, "2026-06-12", third);
    const out = temp("out");
    const {quality} = await build(folder, out, temp("cache"));
    const db = await PulseDb.open();
    try {
      expect(await db.rows(`SELECT file, "row", "column", rule FROM '${join(out, "rejects.parquet")}'`)).toEqual([
        {file: "usage_events/2026-06-12.csv", row: 4, column: "duration_s", rule: "below_minimum"}
      ]);
    } finally {
      db.close();
    }
    expect(quality.exports.find((e) => e.export === "usage_events")).toMatchObject({rows_read: 18, rows_accepted: 17, rows_rejected: 1});
  });

  test("in a file DuckDB reads in parallel, the rejects' row numbers are still the file's rows", async () => {
    // 400,000 rows (~30 MB): read by several threads. An unknown account is found by a lookup (a join), whose output
    // is not in the file's order; the second pass once numbered other rows than the rejected ones (1M-row bench file)
    const folder = temp("parallel");
    writeCommon(folder);
    const rows = Array.from({length: 400_000}, (_, i) => {
      const day = `2026-06-${String(1 + (i % 28)).padStart(2, "0")}`;
      return `A,a${1 + (i % 2)},${day}T10:00:00Z,page_view,m1,f1,s${i},60,1`;
    });
    const unknown = [1_000, 150_000, 399_000]; // 1-based data rows
    const negative = [250_000];
    for (const n of unknown) rows[n - 1] = rows[n - 1].replace(/^A,/, "Z,");
    for (const n of negative) rows[n - 1] = rows[n - 1].replace(",60,1", ",-5,1");
    mkdirSync(join(folder, "usage_events"), {recursive: true});
    writeFileSync(join(folder, "usage_events", "2026-06.csv"), [HEADER, ...rows].join("\n") + "\n");
    const db = await PulseDb.open({threads: 4});
    try {
      const quality = await stageExports(db, folder, validateConfig({validation: {today: "2026-07-01"}}), () => {}, {rollupCache: temp("cache")});
      expect(await db.rows(`SELECT "row", "column", rule FROM rejects WHERE export = 'usage_events' ORDER BY "row"`)).toEqual([
        {row: 1_000, column: "account_id", rule: "unknown_account"},
        {row: 150_000, column: "account_id", rule: "unknown_account"},
        {row: 250_000, column: "duration_s", rule: "below_minimum"},
        {row: 399_000, column: "account_id", rule: "unknown_account"}
      ]);
      expect(quality.exports.find((e) => e.export === "usage_events")).toMatchObject({rows_read: 400_000, rows_accepted: 399_996, rows_rejected: 4});
    } finally {
      db.close();
    }
  });

  test("files of two formats in one folder stop the build, naming them", async () => {
    const folder = temp("mixed");
    writeCommon(folder);
    writeDay(folder, "2026-06-10");
    writeFileSync(join(folder, "usage_events", "2026-06-11.jsonl"), "{}\n");
    await expect(build(folder, temp("out"), temp("cache"))).rejects.toThrow(/usage_events holds files of more than one format \(2026-06-10\.csv, 2026-06-11\.jsonl\)/);
  });
});

describe("a kept rollup is checked again", () => {
  test("an account that is no longer there: its rows are rejected, not counted from the old rollup", async () => {
    const folder = temp("accounts");
    writeCommon(folder);
    writeDay(folder, "2026-06-10");
    writeDay(folder, "2026-06-11");
    const cache = temp("cache");
    await build(folder, temp("out"), cache);
    // B leaves the CRM export (with its contract and user)
    writeFileSync(join(folder, "accounts.csv"), "account_id,name,seats\nA,Alpha,5\n");
    writeFileSync(join(folder, "contracts.csv"), "contract_id,account_id,start_date,end_date,arr\nCA,A,2026-01-01,2026-12-31,1200\n");
    writeFileSync(join(folder, "users.csv"), "user_id,account_id,role\na1,A,admin\na2,A,member\n");
    const {lines, quality} = await build(folder, temp("out"), cache);
    // both files are read again: their rows name B
    expect(lines.filter((l) => l.startsWith("reading usage_events/"))).toEqual(["reading usage_events/2026-06-10.csv and 1 more (1–2 of 2)"]);
    // B's 2 rows a day are unknown_account now
    expect(quality.exports.find((e) => e.export === "usage_events")).toMatchObject({rows_read: 12, rows_accepted: 8, rows_rejected: 4});
  });

  test("a new account elsewhere does not invalidate a file that does not name it", async () => {
    const folder = temp("new-account");
    writeCommon(folder);
    writeDay(folder, "2026-06-10");
    const cache = temp("cache");
    await build(folder, temp("out"), cache);
    writeFileSync(join(folder, "accounts.csv"), "account_id,name,seats\nA,Alpha,5\nB,Beta,3\nC,Gamma,9\n");
    const {lines} = await build(folder, temp("out"), cache);
    expect(lines.filter((l) => l.startsWith("reading usage_events/"))).toHaveLength(0);
    expect(lines).toContain("usage_events: 1 of 1 file unchanged, rollups reused");
  });

  test("a row that was in the future is read again once today moves past it", async () => {
    const folder = temp("future");
    writeCommon(folder);
    writeDay(folder, "2026-06-10");
    writeDay(folder, "2026-07-05"); // after today (2026-07-01) + 1 day of tolerance: rejected as in the future
    const cache = temp("cache");
    const before = await build(folder, temp("out"), cache, {validation: {today: "2026-07-01"}});
    expect(before.quality.exports.find((e) => e.export === "usage_events")).toMatchObject({rows_accepted: 6, rows_rejected: 6});
    const later = await build(folder, temp("out"), cache, {validation: {today: "2026-07-10"}});
    // only the file with the once-future rows is read again; the other's rows are far from either limit
    expect(later.lines.filter((l) => l.startsWith("reading usage_events/"))).toEqual(["reading usage_events/2026-07-05.csv (2 of 2)"]);
    expect(later.quality.exports.find((e) => e.export === "usage_events")).toMatchObject({rows_accepted: 12, rows_rejected: 0});
  });
});
