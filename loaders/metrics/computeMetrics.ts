// Customer-success metrics over the staged tables, as of one date.
// Returns the tables to write: output name (accounts, kpis, …) → table in the build database.
//
// All the arithmetic is SQL, in loaders/metrics/sql/ (see models.ts for the layers and the order, which follows
// from each model's `-- Reads:` header). This module only renders the models with the config's parameters and
// runs them, in two passes:
//   1. plan: every model is created as an empty table (SELECT … LIMIT 0, which DuckDB answers without reading
//      data). That binds all the SQL — and the churn-watch rules against the account columns — so a wrong rule
//      is reported before any heavy work.
//   2. build: the models are computed in order, each once.
import type {PulseConfig} from "../config/schema.js";
import type {PulseDb} from "../db.js";
import {sqlIdent, sqlString} from "../db.js";
import {checkChurnRules, churnRuleParams, findFailingRule} from "./churnRules.js";
import {metricModels, metricOutputs, modelSql, type Model} from "./models.js";
import {metricParams, renderSql} from "./params.js";
import {healthComponentParams} from "./healthComponents.js";
import {backtestParams} from "./backtestParams.js";

const CHURN_MODEL = "snap_churn_watch";

/** Drops whatever an earlier run left under the models' names (tables or views). */
async function dropModels(db: PulseDb, names: string[]): Promise<void> {
  const existing = await db.rows<{table_name: string; table_type: string}>(
    `SELECT table_name, table_type FROM information_schema.tables
     WHERE table_schema = 'main' AND table_name IN (${names.map(sqlString).join(", ")})`
  );
  for (const {table_name, table_type} of existing) {
    await db.run(`DROP ${table_type === "VIEW" ? "VIEW" : "TABLE"} ${sqlIdent(table_name)}`);
  }
}

async function create(db: PulseDb, model: Model, statement: string): Promise<void> {
  try {
    await db.run(statement);
  } catch (error) {
    throw new Error(`metrics model ${model.layer}/${model.name}.sql failed: ${(error as Error).message}`);
  }
}

/** Every metric model in build order, with its SQL rendered with the config's parameters as of `asOf`. */
export function renderedModels(config: PulseConfig, asOf: string): {model: Model; sql: string}[] {
  const base = metricParams(config, asOf);
  const params = {...base, ...churnRuleParams(config.churnWatch.rules), ...healthComponentParams(config, base), ...backtestParams(config)};
  return metricModels().map((model) => ({model, sql: renderSql(modelSql(model), params, model.name)}));
}

export async function computeMetrics(
  db: PulseDb,
  config: PulseConfig,
  asOf: string,
  progress: (m: string) => void = () => {}
): Promise<Record<string, string>> {
  const rules = config.churnWatch.rules;
  const models = renderedModels(config, asOf);
  await dropModels(db, models.map(({model}) => model.name));

  // 1. plan: every model as an empty table of the right columns (LIMIT 0 reads no data); the churn-watch
  //    rules are checked against the account columns as soon as those exist (snap_churn_watch reads them)
  for (const {model, sql} of models) {
    if (model.name === CHURN_MODEL) await checkChurnRules(db, rules);
    await create(db, model, `CREATE TABLE ${sqlIdent(model.name)} AS SELECT * FROM (\n${sql}\n) LIMIT 0`);
  }

  // 2. build, in order
  for (const {model, sql} of models) {
    const started = Date.now();
    await db.run(`DROP TABLE ${sqlIdent(model.name)}`);
    try {
      await create(db, model, `CREATE ${model.materialized === "view" ? "VIEW" : "TABLE"} ${sqlIdent(model.name)} AS\n${sql}\n`);
    } catch (error) {
      if (model.name === CHURN_MODEL) {
        const ruleError = await findFailingRule(db, rules);
        if (ruleError) throw ruleError;
      }
      throw error;
    }
    if (model.materialized === "table") progress(`metrics: ${model.layer}/${model.name} (${Date.now() - started} ms)`);
  }
  return metricOutputs();
}
