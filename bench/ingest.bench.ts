// Ingestion benchmark: Pulse's read + validate + write of the exports, against a bare DuckDB
// read-and-write of the same files, alternated in the same run. Reports medians and the ratio.
//   npx tsx bench/ingest.bench.ts [--scale 3] [--runs 3]
import {existsSync, mkdirSync, rmSync, statSync} from "node:fs";
import {cpus, totalmem} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {validateConfig} from "../loaders/config/validateConfig.js";
import {PulseDb, sqlString} from "../loaders/db.js";
import {findExports} from "../loaders/ingest/findExports.js";
import {stageExports} from "../loaders/ingest/stageExports.js";
import {generateSample} from "../loaders/sample/generateSample.js";
import {writeTables} from "../loaders/write/writeTables.js";
import {recordResult} from "./record.js";

const {values} = parseArgs({options: {scale: {type: "string", default: "3"}, runs: {type: "string", default: "3"}}});
const scale = Number(values.scale);
const runs = Number(values.runs);
const dataDir = resolve(`data/bench/scale-${scale}-csv`);
const outDir = resolve(".pulse/bench-out");
const config = validateConfig({});

if (!existsSync(join(dataDir, "usage_events.csv"))) {
  console.log(`generating scale ${scale} sample (events as CSV) in ${dataDir}`);
  await generateSample({outDir: dataDir, scale, eventsFormat: "csv"});
}
const exportsFound = findExports(dataDir, config);
const eventsFile = exportsFound.find((e) => e.name === "usage_events")!.path;

/** Bare DuckDB: read every export and write it to Parquet, nothing else. */
async function bare(): Promise<number> {
  rmSync(outDir, {recursive: true, force: true});
  mkdirSync(outDir, {recursive: true});
  const started = performance.now();
  const db = await PulseDb.open();
  for (const found of exportsFound) {
    // auto-detected types; rows that do not fit them are skipped (the sample has bad rows on purpose)
    const reader = found.format === "csv" ? "read_csv" : found.format === "jsonl" ? "read_json" : "read_parquet";
    const options = found.format === "parquet" ? "" : ", ignore_errors = true";
    await db.run(`COPY (SELECT * FROM ${reader}(${sqlString(found.path)}${options})) TO ${sqlString(join(outDir, `${found.name}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
  }
  db.close();
  return (performance.now() - started) / 1000;
}

/** Pulse: read, validate (rejects, reconciliation) and write the same exports. */
async function pulse(): Promise<number> {
  rmSync(outDir, {recursive: true, force: true});
  mkdirSync(outDir, {recursive: true});
  const started = performance.now();
  const db = await PulseDb.open();
  await stageExports(db, dataDir, config);
  await writeTables(db, outDir, Object.fromEntries(["accounts", "contracts", "users", "usage_events", "leads", "rejects"].map((t) => [t, t])));
  db.close();
  return (performance.now() - started) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bareTimes: number[] = [];
const pulseTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  bareTimes.push(await bare());
  pulseTimes.push(await pulse());
  console.log(`run ${i + 1}: bare ${bareTimes.at(-1)!.toFixed(2)} s, pulse ${pulseTimes.at(-1)!.toFixed(2)} s`);
}
const db = await PulseDb.open();
const events = await db.value<number>(`SELECT count(*) FROM read_csv(${sqlString(eventsFile)})`);
db.close();
const ratio = median(pulseTimes) / median(bareTimes);
const summary = {
  benchmark: "ingest",
  events,
  events_csv_mb: Math.round(statSync(eventsFile).size / 1e6),
  runs,
  bare_s: bareTimes.map((t) => +t.toFixed(2)),
  pulse_s: pulseTimes.map((t) => +t.toFixed(2)),
  median_bare_s: +median(bareTimes).toFixed(2),
  median_pulse_s: +median(pulseTimes).toFixed(2),
  ratio: +ratio.toFixed(2),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB`
};
console.log(JSON.stringify(summary, null, 2));
recordResult(summary);
