// The one pass over a usage file (loaders/rollups/rollUpFiles.ts, step 1) and designs of it, measured against each
// other in one process, alternating, in CPU seconds of the process (every DuckDB thread) and wall seconds (issue #17,
// budget 1). Each design's rollup is compared with the current one's (EXCEPT ALL both ways).
//   current     as rollUpFiles reads a batch: the reader adds each row's file name, joined to the batch's numbers;
//               the status is CASE WHEN <any check fails> THEN <mask of the checks> …
//   mask-once   the status from the mask alone (CASE WHEN mask <> 0 THEN mask …): every check evaluated once, where
//               the current status evaluates the failing test and then the mask (the account check, a NOT IN
//               subquery, is planned twice)
//   one-file    a batch of one file read without the file name column and its join (file number 1)
//   both        mask-once and one-file
//   npx tsx bench/usagePass.bench.ts --data DIR [--rounds 2] [--designs current,mask-once,one-file,both]
// DIR is an export folder with usage_events.csv or .parquet, accounts.csv, contracts.csv (users are not needed).
import {linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {cpus, loadavg, tmpdir, totalmem} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {duckdbMemoryLimit} from "../loaders/build.js";
import {validateConfig} from "../loaders/config/validateConfig.js";
import {PulseDb, sqlIdent, sqlString} from "../loaders/db.js";
import {findExports} from "../loaders/ingest/findExports.js";
import {malformedScansOf, readExport} from "../loaders/ingest/readExport.js";
import {stageExports} from "../loaders/ingest/stageExports.js";
import {renderSql} from "../loaders/metrics/params.js";
import {usageChecks} from "../loaders/rollups/rollUpFiles.js";
import {usageRowsSql} from "../loaders/rollups/usageRows.js";
import {recordResult} from "./record.js";

const {values} = parseArgs({options: {data: {type: "string"}, rounds: {type: "string", default: "2"}, designs: {type: "string", default: "current,mask-once,one-file,both"}}});
if (!values.data) throw new Error("usage: usagePass.bench.ts --data DIR [--rounds N] [--designs a,b]");
const TODAY = "2026-11-15";
const config = validateConfig({validation: {today: TODAY}});
const ROLLUP_SQL = readFileSync(new URL("../loaders/rollups/sql/usage_rollup.sql", import.meta.url), "utf8");
const designs = values.designs!.split(",");
const cpuNow = () => {
  const {user, system} = process.cpuUsage();
  return (user + system) / 1e6;
};
const r2 = (x: number) => +x.toFixed(2);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const work = mkdtempSync(join(tmpdir(), "pulse-usage-pass-"));
const db = await PulseDb.open({memoryLimit: duckdbMemoryLimit()});
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
const loadStart = loadavg().map((x) => x.toFixed(2)).join(" / ");
console.log(`machine: ${machine}; load average at start ${loadStart}`);
try {
  await db.run(`SET temp_directory = ${sqlString(join(work, "spill"))}`);
  const dir = resolve(values.data);
  // accounts and contracts staged as a build stages them (the checks read them)
  const refs = join(work, "refs");
  mkdirSync(refs);
  for (const f of ["accounts.csv", "contracts.csv"]) linkSync(join(dir, f), join(refs, f));
  writeFileSync(join(refs, "usage_events.csv"), "timestamp,account_id\n");
  await stageExports(db, refs, config);
  const found = findExports(dir, config).find((f) => f.name === "usage_events")!;
  const times: Record<string, {cpu: number[]; wall: number[]}> = Object.fromEntries(designs.map((d) => [d, {cpu: [], wall: []}]));
  const outs: Record<string, string> = {};
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const design of designs.map((_, k) => designs[(k + round) % designs.length])) {
      const oneFile = design === "one-file" || design === "both";
      const maskOnce = design === "mask-once" || design === "both";
      const out = join(work, `${design}-${round}`);
      const [w0, c0] = [performance.now(), cpuNow()];
      const raw = await readExport(db, found, config, oneFile ? {file: found.path, view: "raw_usage_files"} : {files: [found.path], view: "raw_usage_files"});
      const present = Object.keys(raw.mapped);
      const checks = usageChecks(present, {config, today: TODAY});
      await db.run(`CREATE OR REPLACE TEMP TABLE usage_batch AS SELECT ${sqlString(found.path)} AS file_path, 1 AS file_no, 'usage_events' AS label`);
      if (raw.malformedTable) await db.run(`DROP TABLE IF EXISTS ${sqlIdent(raw.malformedTable)}; DROP TABLE IF EXISTS ${sqlIdent(malformedScansOf("usage_events"))}`);
      let rows = usageRowsSql({view: raw.view, present, checks, mode: present.includes("session_id") ? "sessions" : "gaps", fileNumbers: oneFile ? undefined : "usage_batch"}, config);
      if (maskOnce) {
        const anyFails = checks.map((c) => `(${c.fails})`).join(" OR ");
        const mask = checks.map((c, i) => `(CAST(COALESCE(${c.fails}, false) AS BIGINT) << ${i})`).join(" | ");
        const from = `SELECT *,\n      CASE WHEN ${anyFails} THEN ${mask} WHEN`;
        if (!rows.includes(from)) throw new Error("the status expression is not where the bench expects it");
        rows = rows.replace(from, `SELECT * EXCLUDE (_mask),\n      CASE WHEN _mask <> 0 THEN _mask WHEN`).replace(`    FROM typed\n  ),`, `    FROM (SELECT *, ${mask} AS _mask FROM typed)\n  ),`);
      }
      const sql = renderSql(ROLLUP_SQL, {usage_rows: rows}, "usage_rollup");
      await db.run(`COPY (${sql}) TO ${sqlString(out)} (FORMAT parquet, PARTITION_BY (file_no, grain), COMPRESSION zstd, COMPRESSION_LEVEL 1)`);
      times[design].cpu.push(cpuNow() - c0);
      times[design].wall.push((performance.now() - w0) / 1000);
      console.log(`round ${round + 1}: ${design}: ${times[design].cpu.at(-1)!.toFixed(1)} CPU s, ${times[design].wall.at(-1)!.toFixed(1)} s`);
      outs[design] = out;
    }
  }
  // the same rollup rows as the current design's (every column but none ignored)
  const same: Record<string, boolean> = {};
  for (const d of designs) {
    const of = (design: string) => `read_parquet(${sqlString(join(outs[design], "**", "*.parquet"))}, hive_partitioning = true)`;
    const diff = await db.value<number>(`SELECT (SELECT count(*) FROM (SELECT * FROM ${of(d)} EXCEPT ALL SELECT * FROM ${of(designs[0])}))
      + (SELECT count(*) FROM (SELECT * FROM ${of(designs[0])} EXCEPT ALL SELECT * FROM ${of(d)}))`);
    same[d] = diff === 0;
  }
  const summary = {
    benchmark: "usage-pass-designs",
    label: values.data,
    machine,
    load_start: loadStart,
    load_end: loadavg().map((x) => x.toFixed(2)).join(" / "),
    cpu_s: Object.fromEntries(designs.map((d) => [d, times[d].cpu.map(r2)])),
    wall_s: Object.fromEntries(designs.map((d) => [d, times[d].wall.map(r2)])),
    median_cpu_s: Object.fromEntries(designs.map((d) => [d, r2(median(times[d].cpu))])),
    same_rollup_as_first: same
  };
  console.log(JSON.stringify(summary, null, 1));
  recordResult(summary);
} finally {
  db.close();
  rmSync(work, {recursive: true, force: true});
}
