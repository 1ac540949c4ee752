// Where `pulse data`'s CPU time goes, and designs of the metric layer measured against each other (issue #17,
// budget 1). The exports are staged once (usage rolled up into a cache folder, as a build does: the metrics then
// read the rollups from Parquet); then every metric model is computed once per design per round, in one process,
// the designs alternating, with the process's CPU seconds (every DuckDB thread: process.cpuUsage()) and wall seconds
// per model. CPU seconds are what to compare on a machine shared with other jobs. After each computation every
// table model's rows are summed up (count, and per column the sum of the values' hashes), so a design that changes
// a number shows.
// Designs (--designs, comma-separated):
//   current       the models as they are (loaders/metrics/models.ts)
//   state-table   snap_account_state (the 8-way join of the snapshot families that eight models read) a table,
//                 computed once, instead of a view each of them joins again
//   usage-tables  as state-table, and stg_usage_visits / stg_usage_features (the as-of rollups) tables instead of
//                 views over the rollups' Parquet files
//   npx tsx bench/metricDesigns.bench.ts --data DIR [--as-of 2026-11-15] [--rounds 2] [--designs current,state-table]
import {mkdtempSync, rmSync} from "node:fs";
import {cpus, loadavg, tmpdir, totalmem} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {duckdbMemoryLimit} from "../loaders/build.js";
import {validateConfig} from "../loaders/config/validateConfig.js";
import {PulseDb, sqlIdent, sqlString} from "../loaders/db.js";
import {stageExports} from "../loaders/ingest/stageExports.js";
import {computeMetrics} from "../loaders/metrics/computeMetrics.js";
import {metricModels} from "../loaders/metrics/models.js";
import {recordResult} from "./record.js";

const {values} = parseArgs({
  options: {
    data: {type: "string"},
    "as-of": {type: "string", default: "2026-11-15"},
    rounds: {type: "string", default: "2"},
    designs: {type: "string", default: "current,state-table,usage-tables"}
  }
});
if (!values.data) throw new Error("usage: metricDesigns.bench.ts --data DIR [--as-of DATE] [--rounds N] [--designs a,b]");
const DESIGNS: Record<string, Record<string, "table" | "view">> = {
  current: {},
  "state-table": {snap_account_state: "table"},
  "usage-tables": {snap_account_state: "table", stg_usage_visits: "table", stg_usage_features: "table"}
};
const designs = values.designs!.split(",");
for (const d of designs) if (!DESIGNS[d]) throw new Error(`unknown design ${d}: one of ${Object.keys(DESIGNS).join(", ")}`);
// the models in build order, read once: setting a materialization on them changes what computeMetrics builds
const MODELS = metricModels();
const original = Object.fromEntries(MODELS.map((m) => [m.name, m.materialized]));

const cpuNow = () => {
  const {user, system} = process.cpuUsage();
  return (user + system) / 1e6;
};
const r2 = (x: number) => +x.toFixed(2);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const config = validateConfig({});
const spill = mkdtempSync(join(tmpdir(), "pulse-metric-designs-"));
const db = await PulseDb.open({memoryLimit: duckdbMemoryLimit()});
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
const loadStart = loadavg().map((x) => x.toFixed(2)).join(" / ");
console.log(`machine: ${machine}; load average at start ${loadStart}`);
try {
  await db.run(`SET temp_directory = ${sqlString(spill)}`);
  let [wall, cpu] = [performance.now(), cpuNow()];
  const staging: Record<string, {cpu_s: number; wall_s: number}> = {};
  await stageExports(
    db,
    resolve(values.data),
    config,
    (m) => {
      const hit = /^(\w+): \d+ read/.exec(m);
      if (!hit) return;
      staging[hit[1]] = {cpu_s: r2(cpuNow() - cpu), wall_s: r2((performance.now() - wall) / 1000)};
      [wall, cpu] = [performance.now(), cpuNow()];
    },
    {rollupCache: join(spill, "rollups")}
  );
  console.log(`staged: ${JSON.stringify(staging)}`);

  const perModel: Record<string, Record<string, number[]>> = Object.fromEntries(designs.map((d) => [d, {}]));
  const totals: Record<string, {cpu: number[]; wall: number[]}> = Object.fromEntries(designs.map((d) => [d, {cpu: [], wall: []}]));
  const sums: Record<string, string> = {};
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const design of designs.map((_, k) => designs[(k + round) % designs.length])) {
      for (const m of MODELS) m.materialized = DESIGNS[design][m.name] ?? original[m.name];
      // views and tables of the last design go (a model that was a table and is now a view, say)
      const kinds = new Map(
        (await db.rows<{name: string; kind: string}>(`SELECT table_name AS name, 'TABLE' AS kind FROM duckdb_tables() WHERE NOT temporary
          UNION ALL SELECT view_name, 'VIEW' FROM duckdb_views() WHERE NOT internal AND NOT temporary`)).map((r) => [r.name, r.kind])
      );
      for (const m of [...MODELS].reverse()) if (kinds.has(m.name)) await db.run(`DROP ${kinds.get(m.name)} ${sqlIdent(m.name)}`);
      const [w0, c0] = [performance.now(), cpuNow()];
      [wall, cpu] = [w0, c0];
      await computeMetrics(db, config, values["as-of"]!, (m) => {
        const hit = /^metrics: \w+\/(\w+)/.exec(m);
        if (!hit) return;
        (perModel[design][hit[1]] ??= []).push(cpuNow() - cpu);
        [wall, cpu] = [performance.now(), cpuNow()];
      });
      totals[design].cpu.push(cpuNow() - c0);
      totals[design].wall.push((performance.now() - w0) / 1000);
      console.log(`round ${round + 1}: ${design}: metrics ${totals[design].cpu.at(-1)!.toFixed(1)} CPU s, ${totals[design].wall.at(-1)!.toFixed(1)} s`);
      // what every table model holds (the models that are tables in every design)
      const parts: string[] = [];
      for (const m of MODELS.filter((m) => original[m.name] === "table")) {
        const [row] = await db.rows<Record<string, unknown>>(`SELECT count(*) AS n, sum(hash(COLUMNS(*))) FROM ${sqlIdent(m.name)}`);
        parts.push(`${m.name}:${Object.values(row).map(String).join(",")}`);
      }
      const summed = parts.join("\n");
      if (sums[design] !== undefined && sums[design] !== summed) console.log(`${design}: round ${round + 1} gave other rows than round 1`);
      sums[design] = summed;
    }
  }
  const same = designs.map((d) => ({design: d, same_as_current: sums[d] === sums[designs[0]]}));
  for (const d of designs.slice(1)) {
    if (sums[d] === sums[designs[0]]) continue;
    const a = sums[designs[0]].split("\n");
    const b = sums[d].split("\n");
    console.log(`${d} differs from ${designs[0]} in: ${a.filter((line, i) => line !== b[i]).map((line) => line.split(":")[0]).join(", ")}`);
  }
  const top = Object.entries(perModel[designs[0]])
    .map(([model, xs]) => [model, median(xs)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([model]) => ({model, ...Object.fromEntries(designs.map((d) => [d, r2(median(perModel[d][model] ?? [0]))]))}));
  const summary = {
    benchmark: "metric-designs",
    label: values.data,
    machine,
    load_start: loadStart,
    load_end: loadavg().map((x) => x.toFixed(2)).join(" / "),
    staging,
    metrics_cpu_s: Object.fromEntries(designs.map((d) => [d, totals[d].cpu.map(r2)])),
    metrics_wall_s: Object.fromEntries(designs.map((d) => [d, totals[d].wall.map(r2)])),
    same_tables: same,
    top_models_cpu_s: top
  };
  console.log(JSON.stringify(summary, null, 1));
  recordResult(summary);
} finally {
  db.close();
  rmSync(spill, {recursive: true, force: true});
}
