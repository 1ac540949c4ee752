// Each model carries its lineage in its header: `-- Reads:` names the tables its SQL reads, and the build order
// follows from those lines (loaders/metrics/models.ts). These tests hold the headers to the SQL, both ways, and
// check the order and its errors on small made-up models.
import {describe, expect, test} from "vitest";
import {validateConfig} from "../../../loaders/config/validateConfig.js";
import {backtestParams} from "../../../loaders/metrics/backtestParams.js";
import {churnRuleParams} from "../../../loaders/metrics/churnRules.js";
import {healthComponentParams} from "../../../loaders/metrics/healthComponents.js";
import {buildOrder, headerFields, metricModels, metricOutputs, modelSql, parseModel, STAGED_TABLES, type Model} from "../../../loaders/metrics/models.js";
import {metricParams, renderSql} from "../../../loaders/metrics/params.js";
import {tablesRead} from "./sqlReads.js";

const config = validateConfig({});
const base = metricParams(config, "2026-06-30");
const params = {...base, ...churnRuleParams(config.churnWatch.rules), ...healthComponentParams(config, base), ...backtestParams(config)};

describe("reading a model's SQL", () => {
  test("FROM and JOIN names, comma lists and subqueries; not CTEs, table functions or IS DISTINCT FROM", () => {
    const sql = `-- a comment FROM ignored_in_comment
      WITH recent AS (SELECT * FROM fct_a WHERE note <> 'FROM in_a_string'),
           paired(x, y) AS (SELECT 1, 2 FROM stg_b, span_c s, generate_series(1, 3) AS t(k))
      SELECT * FROM recent r
      JOIN (SELECT * FROM snap_d) d USING (account_id)
      LEFT JOIN paired p ON p.x IS NOT DISTINCT FROM r.x
      CROSS JOIN LATERAL unnest(r.list) AS u(v)
      WINDOW before AS (PARTITION BY account_id)`;
    expect(tablesRead(sql)).toEqual(["fct_a", "snap_d", "span_c", "stg_b"]);
  });
});

describe("every model's header", () => {
  const models = metricModels();

  test.each(models.map((m) => [`${m.layer}/${m.name}`, m] as const))("%s: Reads names exactly the tables its SQL reads", (_, model) => {
    // rendered with the default settings: a parameter may bring a FROM (health_components reads the accounts' columns)
    const sql = renderSql(modelSql(model), params, model.name);
    expect([...model.reads].sort()).toEqual(tablesRead(sql));
  });

  test("each output file comes from one model, and the site's files are all there", () => {
    // the files docs/metrics.md#the-tables lists as written from the models
    expect(Object.keys(metricOutputs()).sort()).toEqual([
      "account_weekly", "accounts", "backtest_accounts", "churn_backtest", "churn_backtest_whatif", "churn_lead_times",
      "churns", "feature_usage", "funnel", "health_components", "health_history", "key_users", "kpis", "metric_settings",
      "module_usage", "renewals", "usage_daily"
    ]);
    expect(metricOutputs()).toMatchObject({accounts: "account_snapshot", usage_daily: "fct_user_daily", renewals: "fct_contract_terms"});
  });

  test("the build order runs every model after the models it reads", () => {
    const position = new Map(models.map((m, i) => [m.name, i]));
    for (const model of models) {
      for (const name of model.reads) {
        if (position.has(name)) expect(position.get(name)!, `${model.name} reads ${name}`).toBeLessThan(position.get(model.name)!);
      }
    }
    expect(models.filter((m) => m.materialized === "view").map((m) => m.name).sort()).toEqual(["snap_account_state", "stg_usage_features", "stg_usage_visits"]);
  });
});

describe("the build order from the headers", () => {
  const model = (name: string, reads: string[], layer: Model["layer"] = "facts"): Model => ({name, layer, materialized: "table", reads, output: null});

  test("a model comes after what it reads; among the ready ones, the earlier layer, then the name", () => {
    const order = buildOrder([
      model("kpi_x", ["fct_b"], "kpis"),
      model("fct_b", ["fct_c", "contracts"]),
      model("fct_c", ["stg_a"]),
      model("stg_a", ["accounts"], "staging"),
      model("fct_a", ["stg_a"])
    ]);
    // stg_a is the only one ready; then fct_a and fct_c (both ready: by name); fct_b after fct_c; kpi_x last
    expect(order.map((m) => m.name)).toEqual(["stg_a", "fct_a", "fct_c", "fct_b", "kpi_x"]);
  });

  test("a cycle is named", () => {
    expect(() => buildOrder([model("fct_a", ["fct_b"]), model("fct_b", ["fct_c"]), model("fct_c", ["fct_a"]), model("fct_d", [])])).toThrow(
      "metrics models read each other in a cycle: fct_a → fct_b → fct_c → fct_a"
    );
  });

  test("a name that is neither a model nor a staged table is an error; so is reading the usage events", () => {
    expect(() => buildOrder([model("fct_a", ["fct_missing"])])).toThrow(
      "metrics model facts/fct_a.sql reads 'fct_missing', which is neither a model in loaders/metrics/sql/ nor a staged table"
    );
    expect(STAGED_TABLES).not.toContain("usage_events");
    expect(() => buildOrder([model("fct_a", ["usage_events"])])).toThrow("reads 'usage_events', which is neither a model");
  });

  test("two models of one name, or written to one file, are errors", () => {
    expect(() => buildOrder([model("fct_a", []), model("fct_a", [], "kpis")])).toThrow("two metrics models are named fct_a: facts/ and kpis/");
    const written = (name: string): Model => ({...model(name, []), output: "renewals"});
    expect(() => buildOrder([written("fct_a"), written("fct_b")])).toThrow("metrics models fct_a and fct_b are both written to renewals.parquet");
  });

  test("the header is read from the file: Reads, Output, Materialized; a missing Reads line is an error", () => {
    const sql = [
      "-- Grain: one row per thing,",
      "--        and more.",
      "-- Reads: stg_a,",
      "--        fct_b",
      "-- Output: things.parquet",
      "-- Materialized: view (a join)",
      "-- Docs: docs/metrics.md#things",
      "SELECT * FROM stg_a JOIN fct_b USING (id)"
    ].join("\n");
    expect(headerFields(sql).get("Grain")).toBe("one row per thing, and more.");
    expect(parseModel("facts", "fct_things", sql)).toEqual({name: "fct_things", layer: "facts", materialized: "view", reads: ["stg_a", "fct_b"], output: "things"});
    expect(parseModel("staging", "dates", "-- Grain: a date\n-- Reads: none\nSELECT 1").reads).toEqual([]);
    expect(() => parseModel("facts", "fct_x", "-- Grain: x\n-- Docs: docs/metrics.md#x\nSELECT 1")).toThrow(
      "metrics model facts/fct_x.sql: its header has no '-- Reads:' line naming the tables it reads"
    );
    expect(() => parseModel("facts", "fct_x", "-- Grain: x\n-- Reads: none\n-- Materialized: temp\nSELECT 1")).toThrow("'-- Materialized:' must be table or view, got 'temp'");
  });
});
