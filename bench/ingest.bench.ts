// Ingestion benchmark: Pulse's read + validate + write of the exports, against a bare DuckDB
// read-and-write of the same files, alternated in the same run. Reports medians and the ratio.
//   npx tsx bench/ingest.bench.ts [--scale 3] [--runs 3] [--format csv|parquet]
// --format is the events export's format: csv (default, the dearer read) or parquet (the sample's own).
import {existsSync, mkdirSync, rmSync, statSync} from "node:fs";
import {cpus, loadavg, totalmem} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {validateConfig} from "../loaders/config/validateConfig.js";
import {PulseDb, sqlString} from "../loaders/db.js";
import {findExports} from "../loaders/ingest/findExports.js";
import {stageExports} from "../loaders/ingest/stageExports.js";
import {generateSample} from "../loaders/sample/generateSample.js";
import {writeTables} from "../loaders/write/writeTables.js";
import {recordResult} from "./record.js";

const {values} = parseArgs({
  options: {scale: {type: "string", default: "3"}, runs: {type: "string", default: "3"}, format: {type: "string", default: "csv"}}
});
const scale = Number(values.scale);
const runs = Number(values.runs);
const format = values.format as "csv" | "parquet";
if (format !== "csv" && format !== "parquet") throw new Error(`--format must be csv or parquet, got ${values.format}`);
const dataDir = resolve(`data/bench/scale-${scale}-${format}`);
const outDir = resolve(".pulse/bench-out");
const config = validateConfig({});

if (!existsSync(join(dataDir, `usage_events.${format}`))) {
  console.log(`generating scale ${scale} sample (events as ${format}) in ${dataDir}`);
  await generateSample({outDir: dataDir, scale, eventsFormat: format});
}
const exportsFound = findExports(dataDir, config);
const eventsFile = exportsFound.find((e) => e.name === "usage_events")!.path;

/** Wall seconds since `started`, and this process's CPU seconds since `cpu` (DuckDB's threads included). */
function elapsed(started: number, cpu: NodeJS.CpuUsage): {wall: number; cpu: number} {
  const used = process.cpuUsage(cpu);
  return {wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6};
}

/** Bare DuckDB: read every export and write it to Parquet, nothing else. */
async function bare(): Promise<{wall: number; cpu: number}> {
  rmSync(outDir, {recursive: true, force: true});
  mkdirSync(outDir, {recursive: true});
  const started = performance.now();
  const cpu = process.cpuUsage();
  const db = await PulseDb.open();
  for (const found of exportsFound) {
    // auto-detected types; rows that do not fit them are skipped (the sample has bad rows on purpose)
    const reader = found.format === "csv" ? "read_csv" : found.format === "jsonl" ? "read_json" : "read_parquet";
    const options = found.format === "parquet" ? "" : ", ignore_errors = true";
    await db.run(`COPY (SELECT * FROM ${reader}(${sqlString(found.path)}${options})) TO ${sqlString(join(outDir, `${found.name}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
  }
  db.close();
  return elapsed(started, cpu);
}

/** Pulse: read, validate (rejects, reconciliation) and write the same exports — the usage events as their rollups
 * (issue #17: the events are read once, into the rollups, which the pass writes as Parquet into the rollup cache). */
async function pulse(): Promise<{wall: number; cpu: number}> {
  rmSync(outDir, {recursive: true, force: true});
  mkdirSync(outDir, {recursive: true});
  const started = performance.now();
  const cpu = process.cpuUsage();
  const db = await PulseDb.open();
  await stageExports(db, dataDir, config, () => {}, {rollupCache: join(outDir, "rollups")});
  await writeTables(db, outDir, Object.fromEntries(["accounts", "contracts", "users", "leads", "rejects"].map((t) => [t, t])));
  db.close();
  return elapsed(started, cpu);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// the machine is shared: the load average says how much else ran (1, 5, 15 min)
const load = () => loadavg().map((l) => +l.toFixed(2));
const loadAtStart = load();
const bareTimes: number[] = [];
const pulseTimes: number[] = [];
const bareCpu: number[] = [];
const pulseCpu: number[] = [];
for (let i = 0; i < runs; i++) {
  const b = await bare();
  const p = await pulse();
  bareTimes.push(b.wall);
  pulseTimes.push(p.wall);
  bareCpu.push(b.cpu);
  pulseCpu.push(p.cpu);
  console.log(`run ${i + 1}: bare ${b.wall.toFixed(2)} s (${b.cpu.toFixed(1)} s CPU), pulse ${p.wall.toFixed(2)} s (${p.cpu.toFixed(1)} s CPU)`);
}
const db = await PulseDb.open();
const events = await db.value<number>(`SELECT count(*) FROM ${format === "csv" ? "read_csv" : "read_parquet"}(${sqlString(eventsFile)})`);
db.close();
const loadAtEnd = load();
const ratio = median(pulseTimes) / median(bareTimes);
const summary = {
  benchmark: "ingest",
  events_format: format,
  events,
  events_file_mb: Math.round(statSync(eventsFile).size / 1e6),
  runs,
  bare_s: bareTimes.map((t) => +t.toFixed(2)),
  pulse_s: pulseTimes.map((t) => +t.toFixed(2)),
  median_bare_s: +median(bareTimes).toFixed(2),
  median_pulse_s: +median(pulseTimes).toFixed(2),
  ratio: +ratio.toFixed(2),
  // each run's Pulse time over the bare time measured just before it
  run_ratios: pulseTimes.map((t, i) => +(t / bareTimes[i]).toFixed(2)),
  // CPU seconds of the process: on a loaded machine these move less than wall times
  bare_cpu_s: bareCpu.map((t) => +t.toFixed(1)),
  pulse_cpu_s: pulseCpu.map((t) => +t.toFixed(1)),
  cpu_ratio: +(median(pulseCpu) / median(bareCpu)).toFixed(2),
  load_at_start: loadAtStart,
  load_at_end: loadAtEnd,
  machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB`
};
console.log(JSON.stringify(summary, null, 2));
recordResult(summary);
