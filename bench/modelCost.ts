// Where `pulse data`'s CPU time goes (issue #17): the exports staged (usage rolled up) and every metric model
// computed in one process, as loaders/build.ts does, with the process's CPU seconds (all DuckDB threads:
// process.cpuUsage()) and wall seconds per step. CPU seconds are what to compare on a machine shared with other jobs.
//   npx tsx bench/modelCost.ts --data DIR [--as-of 2026-11-15] [--top 15]
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {duckdbMemoryLimit} from "../loaders/build.js";
import {validateConfig} from "../loaders/config/validateConfig.js";
import {PulseDb, sqlString} from "../loaders/db.js";
import {stageExports} from "../loaders/ingest/stageExports.js";
import {computeMetrics} from "../loaders/metrics/computeMetrics.js";

const {values} = parseArgs({options: {data: {type: "string"}, "as-of": {type: "string", default: "2026-11-15"}, top: {type: "string", default: "15"}}});
if (!values.data) throw new Error("usage: modelCost.ts --data DIR [--as-of DATE] [--top N]");
const config = validateConfig({});
const steps: {step: string; cpu_s: number; wall_s: number}[] = [];
let last = {cpu: process.cpuUsage(), wall: performance.now()};
const mark = (step: string) => {
  const cpu = process.cpuUsage(last.cpu);
  const now = performance.now();
  steps.push({step, cpu_s: +((cpu.user + cpu.system) / 1e6).toFixed(2), wall_s: +((now - last.wall) / 1000).toFixed(2)});
  last = {cpu: process.cpuUsage(), wall: now};
};
const spill = mkdtempSync(join(tmpdir(), "pulse-model-cost-"));
const db = await PulseDb.open({memoryLimit: duckdbMemoryLimit()});
try {
  await db.run(`SET temp_directory = ${sqlString(spill)}`);
  mark("open");
  // the rollups kept in a cache folder, as a build keeps them (the metrics then read them from Parquet)
  await stageExports(db, resolve(values.data), config, (m) => {
    if (/^\w+: \d+ read/.test(m)) mark(`staging ${m.split(":")[0]}`);
  }, {rollupCache: join(spill, "rollups")});
  await computeMetrics(db, config, values["as-of"]!, (m) => {
    const hit = /^metrics: (\S+)/.exec(m);
    if (hit) mark(hit[1]);
  });
} finally {
  db.close();
  rmSync(spill, {recursive: true, force: true});
}
const total = (k: "cpu_s" | "wall_s", f: (s: string) => boolean) => +steps.filter((s) => f(s.step)).reduce((n, s) => n + s[k], 0).toFixed(2);
const staging = (s: string) => s.startsWith("staging") || s === "open";
console.log(JSON.stringify({
  data: values.data,
  staging_cpu_s: total("cpu_s", staging),
  usage_cpu_s: total("cpu_s", (s) => s === "staging usage_events"),
  metrics_cpu_s: total("cpu_s", (s) => !staging(s)),
  metrics_wall_s: total("wall_s", (s) => !staging(s)),
  top: [...steps].sort((a, b) => b.cpu_s - a.cpu_s).slice(0, Number(values.top))
}, null, 1));
