// The metric models: every SQL file under loaders/metrics/sql/<layer>/, layered like a dbt project:
//   staging/  the staged exports and the usage rollups as the metrics read them (as-of filter); no model reads a
//             usage event: the events are read once, into the rollups (loaders/rollups/, docs/metrics.md#rollups)
//   facts/    per-contract, per-account-per-day/week/module and per-account-per-snapshot-date facts
//   snapshot/ one row per account per snapshot date, one model per metric family, then the site's tables
//   kpis/     rollups: funnel and business KPIs
// A model is one SELECT in <layer>/<name>.sql; the table it makes is named after the file. Its header says
// everything the build needs to know about it (docs/metrics.md#models):
//   -- Grain: …                    what one row is
//   -- Reads: a, b, c              the tables its SQL reads (models, or the staged tables below); `none` for none
//   -- Output: renewals.parquet    (optional) the file it is written to
//   -- Materialized: view          (optional) a view instead of a table
//   -- Purpose: …, -- Docs: docs/metrics.md#…
// The build order follows from the Reads lines: a model runs after every model it reads (models.ts orders them;
// a cycle or a name that is neither a model nor a staged table is an error). Adding a model is adding its file.
// A test checks each Reads line against the FROM / JOIN tables of the model's SQL.
import {readdirSync, readFileSync} from "node:fs";
import {EXPORT_NAMES} from "../contract/exports.js";

export const LAYERS = ["staging", "facts", "snapshot", "kpis"] as const;
export type Layer = (typeof LAYERS)[number];

export interface Model {
  name: string;
  layer: Layer;
  materialized: "table" | "view";
  /** the tables the model reads (its `-- Reads:` line) */
  reads: string[];
  /** the Parquet file it is written to, without .parquet (its `-- Output:` line); null when it is not written */
  output: string | null;
}

/**
 * The tables staged before the models run, which models read by name: the exports (loaders/ingest/stageExports.ts),
 * staged_exports (which exports and columns were given), and the usage rollups (loaders/rollups/stageUsage.ts).
 * The usage events are not among them: no model reads an event.
 */
export const STAGED_TABLES: readonly string[] = [
  ...EXPORT_NAMES.filter((name) => name !== "usage_events"),
  "staged_exports",
  "usage_files",
  "rollup_visits",
  "rollup_features"
];

const SQL_DIR = new URL("./sql/", import.meta.url);

export class ModelError extends Error {}

/** The header fields of a model's SQL: the leading `-- Field: value` lines, a field's indented lines joined on. */
export function headerFields(sql: string): Map<string, string> {
  const fields = new Map<string, string>();
  let current: string | null = null;
  for (const line of sql.split("\n")) {
    if (!line.startsWith("--")) break;
    const field = /^-- ([A-Z][a-z]+): ?(.*)$/.exec(line);
    if (field) {
      current = field[1];
      fields.set(current, field[2].trim());
    } else if (current) {
      fields.set(current, `${fields.get(current)} ${line.slice(2).trim()}`.trim());
    }
  }
  return fields;
}

/** One model from its file's header. */
export function parseModel(layer: Layer, name: string, sql: string): Model {
  const where = `metrics model ${layer}/${name}.sql`;
  const fields = headerFields(sql);
  const reads = fields.get("Reads");
  if (reads === undefined) throw new ModelError(`${where}: its header has no '-- Reads:' line naming the tables it reads`);
  const materialized = (fields.get("Materialized") ?? "table").split(/\s/)[0];
  if (materialized !== "table" && materialized !== "view") {
    throw new ModelError(`${where}: '-- Materialized:' must be table or view, got '${materialized}'`);
  }
  const output = fields.get("Output");
  if (output !== undefined && !/^[a-z][a-z0-9_]*\.parquet$/.test(output)) {
    throw new ModelError(`${where}: '-- Output:' must name one file such as renewals.parquet, got '${output}'`);
  }
  return {
    name,
    layer,
    materialized,
    reads: reads === "none" ? [] : reads.split(/[\s,]+/).filter(Boolean),
    output: output === undefined ? null : output.replace(/\.parquet$/, "")
  };
}

/**
 * The models in build order: each after every model it reads. Among the models ready at a step, the earlier layer
 * goes first, then the name, so the order is the same on every run. A name read that is neither a model nor a
 * staged table, two models of one name or of one output, or models that read each other in a cycle: ModelError.
 */
export function buildOrder(models: Model[]): Model[] {
  const byName = new Map<string, Model>();
  const outputs = new Map<string, Model>();
  for (const model of models) {
    const other = byName.get(model.name);
    if (other) throw new ModelError(`two metrics models are named ${model.name}: ${other.layer}/ and ${model.layer}/`);
    if (STAGED_TABLES.includes(model.name)) throw new ModelError(`metrics model ${model.layer}/${model.name}.sql has the name of a staged table`);
    byName.set(model.name, model);
    if (model.output !== null) {
      const taken = outputs.get(model.output);
      if (taken) throw new ModelError(`metrics models ${taken.name} and ${model.name} are both written to ${model.output}.parquet`);
      outputs.set(model.output, model);
    }
  }
  for (const model of models) {
    for (const name of model.reads) {
      if (!byName.has(name) && !STAGED_TABLES.includes(name)) {
        throw new ModelError(
          `metrics model ${model.layer}/${model.name}.sql reads '${name}', which is neither a model in loaders/metrics/sql/ ` +
            `nor a staged table (${STAGED_TABLES.join(", ")})`
        );
      }
    }
  }
  const rank = (m: Model) => LAYERS.indexOf(m.layer);
  const before = (a: Model, b: Model) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const ordered: Model[] = [];
  const done = new Set<string>();
  const waiting = [...models];
  while (waiting.length > 0) {
    const ready = waiting.filter((m) => m.reads.every((name) => done.has(name) || !byName.has(name))).sort(before);
    if (ready.length === 0) throw new ModelError(`metrics models read each other in a cycle: ${cycle(waiting, byName, done)}`);
    const next = ready[0];
    ordered.push(next);
    done.add(next.name);
    waiting.splice(waiting.indexOf(next), 1);
  }
  return ordered;
}

/** One cycle among models none of which can run, as "a → b → a". */
function cycle(waiting: Model[], byName: Map<string, Model>, done: Set<string>): string {
  const path: string[] = [];
  let current = waiting[0];
  while (!path.includes(current.name)) {
    path.push(current.name);
    current = byName.get(current.reads.find((name) => byName.has(name) && !done.has(name))!)!;
  }
  return [...path.slice(path.indexOf(current.name)), current.name].join(" → ");
}

/** Every model file under loaders/metrics/sql/, in build order. */
export function readModels(dir: URL = SQL_DIR): Model[] {
  const models: Model[] = [];
  for (const layer of LAYERS) {
    for (const file of readdirSync(new URL(`${layer}/`, dir)).filter((f) => f.endsWith(".sql")).sort()) {
      const name = file.replace(/\.sql$/, "");
      models.push(parseModel(layer, name, readFileSync(new URL(`${layer}/${file}`, dir), "utf8")));
    }
  }
  return buildOrder(models);
}

let models: Model[] | null = null;

/** The models of loaders/metrics/sql/ in build order, read once. */
export function metricModels(): Model[] {
  models ??= readModels();
  return models;
}

/** Output file name (without .parquet) → the model written to it, from the models' `-- Output:` lines. */
export function metricOutputs(models: Model[] = metricModels()): Record<string, string> {
  return Object.fromEntries(models.filter((m) => m.output !== null).map((m) => [m.output!, m.name]));
}

export function modelSql(model: Model, dir: URL = SQL_DIR): string {
  return readFileSync(new URL(`${model.layer}/${model.name}.sql`, dir), "utf8");
}
