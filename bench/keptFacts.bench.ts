// Issue #17, budget 2, a second design measured: how cheap could a rebuild after one new day be if the
// event-history facts were kept between builds as well as the rollups? Today every build computes every metric
// model from the rollups (bench/build.bench.ts --only incremental measures that design). A design that keeps the
// per-day and per-week facts (fct_account_daily, fct_user_daily, fct_account_weekly, fct_module_weekly,
// fct_visits) and recomputes only the days and weeks a new file touches would, at best, pay nothing for them.
// This bench measures that best case in one process: the models computed in full once (CPU seconds of the
// process, every DuckDB thread: process.cpuUsage()), then again with the kept facts read from a copy instead of
// computed, and a third time keeping also the per-snapshot-date activity (fct_account_window, fct_feature_window,
// key_users), as if only the new as-of date's row of each were computed. Copying a kept table costs what reading
// it from a cache would, about; recomputing the touched week is not counted (a lower bound on the design's cost).
//   npx tsx bench/keptFacts.bench.ts --data DIR [--as-of 2026-11-15] [--rounds 2]
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {duckdbMemoryLimit} from "../loaders/build.js";
import {validateConfig} from "../loaders/config/validateConfig.js";
import {PulseDb, sqlIdent, sqlString} from "../loaders/db.js";
import {stageExports} from "../loaders/ingest/stageExports.js";
import {renderedModels} from "../loaders/metrics/computeMetrics.js";
import {recordResult} from "./record.js";

const {values} = parseArgs({
  options: {data: {type: "string"}, "as-of": {type: "string", default: "2026-11-15"}, rounds: {type: "string", default: "2"}}
});
if (!values.data) throw new Error("usage: keptFacts.bench.ts --data DIR [--as-of DATE] [--rounds N]");
const asOf = values["as-of"]!;
const HISTORY_FACTS = ["fct_account_daily", "fct_user_daily", "fct_account_weekly", "fct_module_weekly", "fct_visits"];
const WINDOW_FACTS = ["fct_account_window", "fct_feature_window", "key_users"];

const config = validateConfig({});
const models = renderedModels(config, asOf);
for (const name of [...HISTORY_FACTS, ...WINDOW_FACTS]) {
  const model = models.find((m) => m.model.name === name);
  if (!model || model.model.materialized !== "table") throw new Error(`${name} is not a table model any more: update the bench`);
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/** Every model in build order, those in `kept` copied from keep_<name>; CPU seconds in all and per model. */
async function computeAll(db: PulseDb, kept: Set<string>): Promise<{cpu_s: number; kept_cpu_s: number; top: [string, number][]}> {
  for (const {model} of [...models].reverse()) await db.run(`DROP ${model.materialized === "view" ? "VIEW" : "TABLE"} IF EXISTS ${sqlIdent(model.name)}`);
  const start = process.cpuUsage();
  const per: [string, number][] = [];
  let keptCpu = 0;
  for (const {model, sql} of models) {
    const t = process.cpuUsage();
    const select = kept.has(model.name) ? `SELECT * FROM ${sqlIdent(`keep_${model.name}`)}` : sql;
    await db.run(`CREATE ${model.materialized === "view" ? "VIEW" : "TABLE"} ${sqlIdent(model.name)} AS\n${select}\n`);
    const spent = cpuSeconds(t);
    per.push([model.name, +spent.toFixed(2)]);
    if (kept.has(model.name)) keptCpu += spent;
  }
  return {cpu_s: +cpuSeconds(start).toFixed(2), kept_cpu_s: +keptCpu.toFixed(2), top: per.sort((a, b) => b[1] - a[1]).slice(0, 8)};
}

/** Same rows in both tables (count and a hash of every row). */
async function sameTable(db: PulseDb, a: string, b: string): Promise<boolean> {
  const sig = (t: string) => `SELECT count(*) AS n, sum(hash(COLUMNS(*))) AS h FROM ${sqlIdent(t)}`;
  const [x] = await db.rows<Record<string, unknown>>(sig(a));
  const [y] = await db.rows<Record<string, unknown>>(sig(b));
  return JSON.stringify(x, (_, v) => (typeof v === "bigint" ? String(v) : v)) === JSON.stringify(y, (_, v) => (typeof v === "bigint" ? String(v) : v));
}

const spill = mkdtempSync(join(tmpdir(), "pulse-kept-facts-"));
const db = await PulseDb.open({memoryLimit: duckdbMemoryLimit()});
const rounds: Record<string, unknown>[] = [];
try {
  await db.run(`SET temp_directory = ${sqlString(spill)}`);
  const stagingStart = process.cpuUsage();
  await stageExports(db, resolve(values.data), config, () => {}, {rollupCache: join(spill, "rollups")});
  const staging_cpu_s = +cpuSeconds(stagingStart).toFixed(2);
  // one full computation to keep the facts from (as a previous build would have)
  await computeAll(db, new Set());
  for (const name of [...HISTORY_FACTS, ...WINDOW_FACTS]) await db.run(`CREATE OR REPLACE TABLE ${sqlIdent(`keep_${name}`)} AS SELECT * FROM ${sqlIdent(name)}`);
  const outputs = models.filter((m) => m.model.output && m.model.materialized === "table").map((m) => m.model.name);
  for (const name of outputs) await db.run(`CREATE OR REPLACE TABLE ${sqlIdent(`full_${name}`)} AS SELECT * FROM ${sqlIdent(name)}`);
  for (let round = 0; round < Number(values.rounds); round++) {
    // alternate the order of the three designs from one round to the next
    const designs: [string, Set<string>][] = [
      ["every model computed (today)", new Set()],
      ["history facts kept", new Set(HISTORY_FACTS)],
      ["history and window facts kept", new Set([...HISTORY_FACTS, ...WINDOW_FACTS])]
    ];
    if (round % 2) designs.reverse();
    for (const [design, kept] of designs) {
      const result = await computeAll(db, kept);
      let same = true;
      for (const name of outputs) same &&= await sameTable(db, name, `full_${name}`);
      rounds.push({round: round + 1, design, ...result, outputs_unchanged: same});
      console.log(`round ${round + 1} · ${design}: metrics ${result.cpu_s} CPU s (copying the kept tables ${result.kept_cpu_s}); outputs the same: ${same}; top ${JSON.stringify(result.top)}`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const byDesign = Object.fromEntries(
    [...new Set(rounds.map((r) => r.design as string))].map((d) => [d, median(rounds.filter((r) => r.design === d).map((r) => r.cpu_s as number))])
  );
  const summary = {benchmark: "kept-facts", data: values.data, as_of: asOf, staging_cpu_s, metrics_cpu_s_median: byDesign, rounds};
  console.log(JSON.stringify({...summary, rounds: undefined}, null, 1));
  recordResult(summary);
} finally {
  db.close();
  rmSync(spill, {recursive: true, force: true});
}
