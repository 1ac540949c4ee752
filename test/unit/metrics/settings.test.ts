// The settings this issue added, their checks, and the way settings reach the SQL (numbers only as numerals).
import {describe, expect, test} from "vitest";
import {validateConfig} from "../../../loaders/config/validateConfig.js";
import type {PulseConfigInput} from "../../../loaders/config/schema.js";
import {metricParams, renderSql, sqlNumber} from "../../../loaders/metrics/params.js";
import {healthComponentParams, normalisedWeights} from "../../../loaders/metrics/healthComponents.js";
import {MODELS, modelSql} from "../../../loaders/metrics/models.js";
import {churnRuleParams} from "../../../loaders/metrics/churnRules.js";
import {backtestParams} from "../../../loaders/metrics/backtestParams.js";
import {account, buildMetrics, contract, visits} from "./fixture.js";

describe("added settings", () => {
  test("defaults", () => {
    const config = validateConfig({});
    expect(config.activity.keyUserWindowDays).toBe(14);
    expect(config.grid.depthMeasure).toBe("visits");
    expect(config.lifecycle.renewedDays).toBe(30);
    expect(config.lifecycle.expansionMinChange).toBe(0.05);
    expect(config.kpis.renewalMatchDays).toBe(30);
    expect(config.history.months).toBe(12);
  });

  test.each([
    [{grid: {depthMeasure: "sessions"}}, "configuration: grid.depthMeasure must be 'visits' or 'key_actions', got 'sessions'"],
    [{history: {months: 0}}, "configuration: history.months must be between 1 and 120, got 0"],
    [{activity: {keyUserWindowDays: 0}}, "configuration: activity.keyUserWindowDays must be between 1 and 366, got 0"],
    [{kpis: {renewalMatchDays: -1}}, "configuration: kpis.renewalMatchDays must be between 0 and 366, got -1"],
    [{lifecycle: {renewedDays: "30"}}, "configuration: lifecycle.renewedDays must be a number, got '30'"],
    [{lifecycle: {expansionMinChange: 5}}, "configuration: lifecycle.expansionMinChange must be between 0 and 1, got 5"]
  ])("%j is refused", (input, message) => {
    expect(() => validateConfig(input as PulseConfigInput)).toThrow(message);
  });
});

describe("settings into SQL", () => {
  test("numbers must be finite; weights are scaled to sum to 1", () => {
    expect(sqlNumber(0.15)).toBe("0.15");
    expect(() => sqlNumber(Number.NaN)).toThrow();
    expect(() => sqlNumber(Number.POSITIVE_INFINITY)).toThrow();
    expect(normalisedWeights({activity: 1, breadth: 1, depth: 1, seats: 1, keyUsers: 0, trend: 0, support: 0})).toEqual({
      activity: 0.25, breadth: 0.25, depth: 0.25, seats: 0.25, key_users: 0, trend: 0, support: 0
    });
    // the defaults: 0.25 of 1.1 (the six weights sum to 1, support adds 0.1)
    expect(normalisedWeights(validateConfig({}).health.weights).activity).toBe(Number((0.25 / 1.1).toPrecision(12)));
  });

  test("every {{parameter}} of every model has a value", () => {
    const config = validateConfig({});
    const base = metricParams(config, "2026-06-30");
    const params = {...base, ...churnRuleParams(config.churnWatch.rules), ...healthComponentParams(config, base), ...backtestParams(config)};
    for (const model of MODELS) {
      const sql = renderSql(modelSql(model), params, model.name);
      expect(sql, model.name).not.toMatch(/\{\{/);
      expect(modelSql(model), model.name).toMatch(/^-- Grain: .*\n(--.*\n)*-- Docs: docs\/metrics\.md#[a-z-]+\n/);
    }
  });

  test("strings from the config are quoted: a key action with a quote is matched, not injected", async () => {
    const built = await buildMetrics(
      {
        accounts: [account("A")],
        contracts: [contract("C", "A", "2026-01-01", "2026-12-31", 1000)],
        usage_events: visits("A", "u", "2026-06-20", 2, {event: "it's done"})
      },
      {asOf: "2026-06-30", config: {activity: {keyActions: ["it's done"]}, grid: {modulesOffered: ["m1", "o'clock"]}}}
    );
    try {
      expect(await built.account("A")).toMatchObject({key_actions_30d: 2, modules_offered: 2});
    } finally {
      built.close();
    }
  });

  test("grid.depthMeasure 'key_actions' counts key actions per active user", async () => {
    const exports = {
      accounts: [account("A")],
      contracts: [contract("C", "A", "2026-01-01", "2026-12-31", 1000)],
      // 6 visits by one user, 2 of them key actions: depth = 6 by visits (high), 2 by key actions (medium)
      usage_events: [...visits("A", "u", "2026-06-20", 4), ...visits("A", "u", "2026-06-21", 2, {event: "save_funnel"})]
    };
    const byVisits = await buildMetrics(exports, {asOf: "2026-06-30"});
    const byKeyActions = await buildMetrics(exports, {asOf: "2026-06-30", config: {grid: {depthMeasure: "key_actions"}}});
    try {
      expect(await byVisits.account("A")).toMatchObject({depth: 6, grid_depth: "high"});
      expect(await byKeyActions.account("A")).toMatchObject({depth: 2, grid_depth: "medium"});
    } finally {
      byVisits.close();
      byKeyActions.close();
    }
  });

  test("history.months sets the number of month ends in kpis and health_history", async () => {
    const built = await buildMetrics(
      {accounts: [account("A")], contracts: [contract("C", "A", "2025-01-01", "2026-12-31", 1000)]},
      {asOf: "2026-06-30", config: {history: {months: 3}}}
    );
    try {
      expect((await built.rows(`SELECT period_end FROM kpis ORDER BY 1`)).map((r) => r.period_end)).toEqual(["2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30"]);
      expect(await built.rows(`SELECT count(*) AS n FROM health_history`)).toEqual([{n: 4}]);
    } finally {
      built.close();
    }
  });
});

describe("edge cases", () => {
  test("a book with no contracts, users or events still builds every table", async () => {
    const built = await buildMetrics({accounts: [account("A"), account("B", {seats: 0})]}, {asOf: "2026-06-30"});
    try {
      expect(await built.account("A")).toMatchObject({arr: 0, tier: null, lifecycle_stage: "prospect", churn_watch: false, health_score: 0, health_band: "red"});
      expect(await built.kpis()).toMatchObject({arr: 0, paying_accounts: 0, renewal_rate: null, grr: null, nrr: null, logo_churn_rate: null, lifetime_years: null, top_accounts_arr_share: null});
      for (const table of Object.values(built.tables)) await built.rows(`SELECT count(*) FROM ${table}`);
      expect(await built.rows(`SELECT count(*) AS n FROM ${built.tables.funnel} WHERE cohort_month IS NULL`)).toEqual([{n: 8}]);
    } finally {
      built.close();
    }
  });

  test("no churn rules at all: nobody is on the watch", async () => {
    const built = await buildMetrics(
      {accounts: [account("A")], contracts: [contract("C", "A", "2026-01-01", "2026-12-31", 1000)]},
      {asOf: "2026-06-30", config: {churnWatch: {rules: []}}}
    );
    try {
      expect(await built.account("A")).toMatchObject({churn_watch: false, churn_reasons: [], churn_reason_labels: []});
    } finally {
      built.close();
    }
  });

  test("an as-of date before any data", async () => {
    const built = await buildMetrics(
      {accounts: [account("A", {created_at: "2026-01-01"})], contracts: [contract("C", "A", "2026-01-01", "2026-12-31", 1000)], usage_events: visits("A", "u", "2026-06-20", 2)},
      {asOf: "2025-06-30"}
    );
    try {
      // A did not exist yet, and its contract was not signed: no accounts row, no ARR
      expect(await built.rows(`SELECT count(*) AS n FROM ${built.tables.accounts}`)).toEqual([{n: 0}]);
      expect((await built.kpis()).arr).toBe(0);
    } finally {
      built.close();
    }
  });
});
