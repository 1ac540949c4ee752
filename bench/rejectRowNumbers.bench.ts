// Rejects' row numbers (issue #17, item 2): what a file row number costs in the one pass over the events, and what
// the narrow second pass (loaders/rollups/rejectedRows.ts) costs for a file with a few rejects.
//
// Inputs: a 10M-event CSV and the same events as Parquet (default: bench/otherExport.ts's other-10m sets), each
// copied once with a few rows made to break a rule (two unknown accounts, one timestamp that is not a time), so every
// variant reads the same rows and finds the same rejects. In one process, with Pulse's memory limit, alternating:
//   - none       the current one pass (usageRows.ts + usage_rollup.sql → partitioned Parquet), no row number;
//   - CSV row_number() OVER ()   a row number on every row in the pass (the reader gives none for CSV);
//   - CSV table + rowid          the rows read into a table in file order first (the design before #17), the
//                                pass over that table with rowid + 1;
//   - Parquet file_row_number    the reader's own row number, on every row of the pass.
// A row number is carried to a third grouping set of the rollup that keeps the rejected rows' numbers (and one group
// per status for the rest), so the variants check that the rejects' numbers are the rows that were broken.
//   - second pass: rejectedRows() for the copy with rejects, given the mask the pass found (what rollUpFiles does).
//   - DuckDB's store_rejects (CSV): a read with the columns typed (timestamp TIMESTAMP, duration_s DOUBLE, …) keeps
//     the lines that do not cast, with their line numbers, in reject_errors: measured as a scan against the
//     all-VARCHAR scan Pulse makes; it numbers only cast errors, none of the rules on values (unknown account,
//     out of range, in the future…).
//
//   npx tsx bench/rejectRowNumbers.bench.ts [--runs 3] [--csv DIR] [--parquet DIR] [--formats csv,parquet] [--variants none,…]
import {copyFileSync, createReadStream, createWriteStream, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {cpus, loadavg, totalmem} from "node:os";
import {join, resolve} from "node:path";
import {createInterface} from "node:readline";
import {parseArgs} from "node:util";
import {duckdbMemoryLimit} from "../loaders/build.js";
import {validateConfig} from "../loaders/config/validateConfig.js";
import {PulseDb, sqlIdent, sqlString} from "../loaders/db.js";
import {findExports, type FoundExport} from "../loaders/ingest/findExports.js";
import {malformedScansOf, readExport, type RawExport} from "../loaders/ingest/readExport.js";
import {stageExports} from "../loaders/ingest/stageExports.js";
import {renderSql} from "../loaders/metrics/params.js";
import {rejectedRows} from "../loaders/rollups/rejectedRows.js";
import {usageChecks} from "../loaders/rollups/rollUpFiles.js";
import {usageRowsSql} from "../loaders/rollups/usageRows.js";
import {REJECTS_COLUMNS} from "../loaders/validate/validateExport.js";
import {recordResult} from "./record.js";

const {values} = parseArgs({
  options: {
    runs: {type: "string", default: "3"},
    csv: {type: "string", default: "data/bench/other-10m-csv"},
    parquet: {type: "string", default: "data/bench/other-10m-parquet"},
    formats: {type: "string", default: "csv,parquet"},
    /** the one-pass variants to run (labels as below); the second pass and the scans always run */
    variants: {type: "string", default: "none,row_number() OVER (),table + rowid,file_row_number"}
  }
});
const WORK = resolve(".pulse/bench-rejects");
const OUT = join(WORK, `out-${process.pid}`);
const TODAY = "2026-11-15";
const config = validateConfig({validation: {today: TODAY}});
// 1-based data rows (after the header) made to break a rule in the copies
const UNKNOWN_ACCOUNT_ROWS = [1_000, 5_000_000];
const BAD_TIMESTAMP_ROWS = [9_000_000];
const BROKEN_ROWS = [...UNKNOWN_ACCOUNT_ROWS, ...BAD_TIMESTAMP_ROWS].sort((a, b) => a - b);

const ROLLUP_SQL = readFileSync(new URL("../loaders/rollups/sql/usage_rollup.sql", import.meta.url), "utf8");

/** Replaces `from` in `text`, which must occur exactly once (the bench edits generated SQL). */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(from)} in the SQL`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The copy of a CSV with the broken rows (streamed line by line, the rest byte for byte). */
async function brokenCsv(from: string, to: string): Promise<void> {
  const out = createWriteStream(to);
  let n = -1;
  let accountAt = -1;
  let timestampAt = -1;
  for await (const line of createInterface({input: createReadStream(from), crlfDelay: Infinity})) {
    if (n === -1) {
      const header = line.split(",");
      accountAt = header.indexOf("account_id");
      timestampAt = header.indexOf("timestamp");
    } else if (BROKEN_ROWS.includes(n + 1)) {
      const fields = line.split(",");
      if (UNKNOWN_ACCOUNT_ROWS.includes(n + 1)) fields[accountAt] = "cust_nobody";
      else fields[timestampAt] = "not a time";
      if (!out.write(fields.join(",") + "\n")) await new Promise<void>((r) => out.once("drain", () => r()));
      n++;
      continue;
    }
    if (!out.write(line + "\n")) await new Promise<void>((r) => out.once("drain", () => r()));
    n++;
  }
  await new Promise<void>((r) => out.end(() => r()));
}

async function prepare(db: PulseDb, dir: string, format: "csv" | "parquet"): Promise<string> {
  const target = join(WORK, `${format}-with-rejects`);
  const events = join(target, `usage_events.${format}`);
  if (!existsSync(events)) {
    mkdirSync(target, {recursive: true});
    const source = join(dir, `usage_events.${format}`);
    if (format === "csv") await brokenCsv(source, `${events}.partial`);
    else {
      const n = "file_row_number + 1";
      await db.run(`COPY (SELECT * EXCLUDE (file_row_number) REPLACE (
          CASE WHEN ${n} IN (${UNKNOWN_ACCOUNT_ROWS}) THEN 'cust_nobody' ELSE account_id END AS account_id,
          CASE WHEN ${n} IN (${BAD_TIMESTAMP_ROWS}) THEN 'not a time' ELSE "timestamp" END AS "timestamp")
        FROM read_parquet(${sqlString(source)}, file_row_number = true) ORDER BY file_row_number)
        TO ${sqlString(`${events}.partial`)} (FORMAT parquet, COMPRESSION zstd)`);
    }
    copyFileSync(`${events}.partial`, events);
    rmSync(`${events}.partial`);
  }
  for (const f of ["accounts.csv", "contracts.csv", "users.csv"]) if (!existsSync(join(target, f))) linkSync(join(dir, f), join(target, f));
  return target;
}

interface Pass {
  label: string;
  /** the view the pass reads (its setup timed only with `timedSetup`) */
  view: (raw: RawExport) => Promise<string>;
  timedSetup: boolean;
  rowNumber: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r2 = (x: number) => +x.toFixed(2);

/** Wall seconds, and CPU seconds of the process (every DuckDB thread): on a shared machine, compare CPU seconds. */
const cpuNow = () => {
  const {user, system} = process.cpuUsage();
  return (user + system) / 1e6;
};
async function time<T>(f: () => Promise<T>): Promise<{s: number; cpu: number; value: T}> {
  const [t, c] = [performance.now(), cpuNow()];
  const value = await f();
  return {s: (performance.now() - t) / 1000, cpu: cpuNow() - c, value};
}

async function main() {
  rmSync(OUT, {recursive: true, force: true});
  mkdirSync(OUT, {recursive: true});
  const db = await PulseDb.open({memoryLimit: duckdbMemoryLimit()});
  // a spill folder of its own: two runs in one folder shared DuckDB's default .tmp/ and one read the other's file
  await db.run(`SET temp_directory = ${sqlString(`${OUT}.spill`)}`);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
  const loadStart = loadavg().map((x) => x.toFixed(2)).join(" / ");
  console.log(`machine: ${machine}; load average at start ${loadStart}`);
  try {
    for (const format of (["csv", "parquet"] as const).filter((f) => values.formats!.split(",").includes(f))) {
      const dir = await prepare(db, resolve(format === "csv" ? values.csv! : values.parquet!), format);
      // the references the checks need: accounts, contracts (and users) staged as a build stages them
      const refs = join(WORK, `refs-${format}`);
      rmSync(refs, {recursive: true, force: true});
      mkdirSync(refs, {recursive: true});
      for (const f of ["accounts.csv", "contracts.csv", "users.csv"]) linkSync(join(dir, f), join(refs, f));
      writeFileSync(join(refs, "usage_events.csv"), "timestamp,account_id\n"); // required, here without a row
      await stageExports(db, refs, config);
      const found: FoundExport = findExports(dir, config).find((f) => f.name === "usage_events")!;
      const raw = await readExport(db, found, config);
      const present = Object.keys(raw.mapped);
      const checks = usageChecks(present, {config, today: TODAY});
      const mode = present.includes("session_id") ? "sessions" : "gaps";
      const passes: Pass[] = [
        {label: "none", view: async () => raw.view, timedSetup: false, rowNumber: false},
        ...(format === "csv"
          ? [
              {
                label: "row_number() OVER ()",
                view: async () => {
                  await db.run(`CREATE OR REPLACE TEMP VIEW numbered AS SELECT *, row_number() OVER () AS _row FROM ${raw.view}`);
                  return "numbered";
                },
                timedSetup: false,
                rowNumber: true
              },
              {
                label: "table + rowid",
                view: async () => {
                  await db.run(`CREATE OR REPLACE TEMP TABLE numbered_table AS SELECT * FROM ${raw.view}`);
                  await db.run(`CREATE OR REPLACE TEMP VIEW numbered AS SELECT *, rowid + 1 AS _row FROM numbered_table`);
                  return "numbered";
                },
                timedSetup: true,
                rowNumber: true
              }
            ]
          : [
              {
                label: "file_row_number",
                view: async () => {
                  await db.run(`CREATE OR REPLACE TEMP VIEW numbered AS SELECT ${Object.values(raw.projections).join(", ")}, file_row_number + 1 AS _row
                    FROM read_parquet(${sqlString(raw.path)}, file_row_number = true)`);
                  return "numbered";
                },
                timedSetup: false,
                rowNumber: true
              }
            ])
      ];
      const chosen = values.variants!.split(",");
      passes.splice(0, passes.length, ...passes.filter((p) => chosen.includes(p.label)));
      const times: Record<string, number[]> = Object.fromEntries(passes.map((p) => [p.label, []]));
      times["second pass"] = [];
      if (format === "csv") times["scan, all VARCHAR"] = [];
      if (format === "csv") times["scan, typed + store_rejects"] = [];
      const cpuTimes: Record<string, number[]> = Object.fromEntries(Object.keys(times).map((k) => [k, []]));
      let mask = 0n;
      let rowsRead = 0;
      for (let run = 0; run < Number(values.runs); run++) {
        // rotate the order so no variant always runs first
        const order = passes.map((_, k) => passes[(k + run) % passes.length]);
        for (const pass of order) {
          const out = join(OUT, pass.label.replace(/\W+/g, "-"));
          rmSync(out, {recursive: true, force: true});
          // as rollUpFiles does: the reader's table of malformed lines starts empty
          if (raw.malformedTable) await db.run(`DROP TABLE IF EXISTS ${sqlIdent(raw.malformedTable)}; DROP TABLE IF EXISTS ${sqlIdent(malformedScansOf("usage_events"))}`);
          const [started, startedCpu] = [performance.now(), cpuNow()];
          const view = await pass.view(raw);
          const [setup, setupCpu] = [(performance.now() - started) / 1000, cpuNow() - startedCpu];
          let rows = usageRowsSql({view, present, checks, mode}, config);
          let rollup = ROLLUP_SQL;
          if (pass.rowNumber) {
            rows = replaceOnce(rows, `\n    FROM "${view}"\n`, `, _row\n    FROM "${view}"\n`);
            rows = replaceOnce(rows, ` AS events, t.status\n`, ` AS events, t.status, t._row\n`);
            rows = replaceOnce(rows, ` AS duration_s\n  FROM `, ` AS duration_s,\n    CASE WHEN status > 0 THEN _row END AS reject_row\n  FROM `);
            rollup = replaceOnce(rollup, `CASE WHEN GROUPING(visit_key) = 0 THEN 'visits' ELSE 'features' END AS grain`,
              `CASE WHEN GROUPING(visit_key) = 0 THEN 'visits' WHEN GROUPING(feature) = 0 THEN 'features' ELSE 'rejects' END AS grain, reject_row`);
            rollup = replaceOnce(rollup, `(file_no, status, account_id, day, module, feature)\n)`, `(file_no, status, account_id, day, module, feature),\n  (file_no, status, reject_row)\n)`);
          }
          const sql = renderSql(rollup, {usage_rows: rows}, "usage_rollup");
          await db.run(`COPY (${sql}) TO ${sqlString(out)} (FORMAT parquet, PARTITION_BY (file_no, grain), COMPRESSION zstd, COMPRESSION_LEVEL 1)`);
          // the table + rowid variant's read into the table is part of its pass
          const s = (performance.now() - started) / 1000 - (pass.timedSetup ? 0 : setup);
          const cpu = cpuNow() - startedCpu - (pass.timedSetup ? 0 : setupCpu);
          times[pass.label].push(s);
          cpuTimes[pass.label].push(cpu);
          const features = `read_parquet(${sqlString(join(out, "file_no=1", "grain=features", "*.parquet"))})`;
          const [c] = await db.rows<{read: number; rejected: number; mask: string}>(`SELECT sum("rows") AS read,
            sum("rows") FILTER (WHERE status > 0) AS rejected, CAST(bit_or(status) FILTER (WHERE status > 0) AS VARCHAR) AS mask FROM ${features}`);
          if (c.rejected !== BROKEN_ROWS.length) throw new Error(`${pass.label}: ${c.rejected} rows rejected, expected ${BROKEN_ROWS.length}`);
          mask = BigInt(c.mask);
          rowsRead = c.read;
          if (pass.rowNumber) {
            const numbers = (
              await db.rows<{n: number}>(`SELECT reject_row AS n FROM read_parquet(${sqlString(join(out, "file_no=1", "grain=rejects", "*.parquet"))})
                WHERE reject_row IS NOT NULL ORDER BY 1`)
            ).map((r) => r.n);
            if (numbers.join() !== BROKEN_ROWS.join()) throw new Error(`${pass.label}: rejected rows ${numbers} found, expected ${BROKEN_ROWS}`);
          }
          await db.run(`DROP TABLE IF EXISTS numbered_table; DROP VIEW IF EXISTS numbered`);
          console.log(`${format} run ${run + 1}: pass with ${pass.label}: ${s.toFixed(1)} s (cpu ${cpu.toFixed(1)} s)`);
        }
        // the second pass over the file (only its rejected rows kept, only the broken rules' columns read)
        await db.run(`CREATE OR REPLACE TEMP TABLE bench_rejects (${REJECTS_COLUMNS})`);
        const second = await time(() => rejectedRows(db, raw, checks, mask, 0, {target: "bench_rejects", label: "usage_events", config, rowsRead}));
        const numbers = (await db.rows<{n: number}>(`SELECT DISTINCT "row" AS n FROM bench_rejects ORDER BY 1`)).map((r) => r.n);
        if (numbers.join() !== BROKEN_ROWS.join()) throw new Error(`second pass: rejected rows ${numbers} found, expected ${BROKEN_ROWS}`);
        times["second pass"].push(second.s);
        cpuTimes["second pass"].push(second.cpu);
        console.log(`${format} run ${run + 1}: second pass ${second.s.toFixed(1)} s (cpu ${second.cpu.toFixed(1)} s)`);
        if (format === "csv") {
          const path = sqlString(raw.path);
          const varchar = await time(() => db.value(`SELECT count(*) FROM (SELECT * FROM read_csv(${path}, header = true, all_varchar = true, store_rejects = true))`));
          const typed = await time(async () => {
            const n = await db.value<number>(`SELECT count(*) FROM (SELECT * FROM read_csv(${path}, header = true, store_rejects = true,
              types = {'timestamp': 'TIMESTAMP', 'duration_s': 'DOUBLE', 'page_views': 'BIGINT'}))`);
            const lines = (await db.rows<{line: number}>(`SELECT line FROM reject_errors ORDER BY line`)).map((r) => r.line - 1);
            console.log(`csv run ${run + 1}: store_rejects numbered rows ${lines.join(", ")} (cast errors only) of ${BROKEN_ROWS.join(", ")}`);
            return n;
          });
          times["scan, all VARCHAR"].push(varchar.s);
          times["scan, typed + store_rejects"].push(typed.s);
          cpuTimes["scan, all VARCHAR"].push(varchar.cpu);
          cpuTimes["scan, typed + store_rejects"].push(typed.cpu);
          console.log(`csv run ${run + 1}: scan all VARCHAR ${varchar.s.toFixed(1)} s (cpu ${varchar.cpu.toFixed(1)}), typed + store_rejects ${typed.s.toFixed(1)} s (cpu ${typed.cpu.toFixed(1)})`);
        }
      }
      const summary = {
        benchmark: "reject-row-numbers",
        label: format,
        file_mb: Math.round(statSync(raw.path).size / 1e6),
        rows: rowsRead,
        broken_rows: BROKEN_ROWS,
        runs: Number(values.runs),
        machine,
        load_start: loadStart,
        load_end: loadavg().map((x) => x.toFixed(2)).join(" / "),
        seconds: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.map(r2)])),
        median_s: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, r2(median(v))])),
        cpu_seconds: Object.fromEntries(Object.entries(cpuTimes).map(([k, v]) => [k, v.map(r2)])),
        median_cpu_s: Object.fromEntries(Object.entries(cpuTimes).map(([k, v]) => [k, r2(median(v))]))
      };
      console.log(JSON.stringify(summary, null, 1));
      recordResult(summary);
      await db.run(`DROP VIEW IF EXISTS ${raw.view}`);
    }
  } finally {
    db.close();
    rmSync(OUT, {recursive: true, force: true});
    rmSync(`${OUT}.spill`, {recursive: true, force: true});
  }
}

await main();
