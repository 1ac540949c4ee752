// The small files the browser gets instead of big tables (loaders/site/browserTables.ts), computed
// from hand-made tables: the filter bar's values and the health table's 13-week sparklines.
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, beforeAll, expect, test} from "vitest";
import {FILTER_OPTIONS_SQL, SPARKLINES_SQL} from "../../loaders/site/browserTables.js";
import {derivedRows} from "../../loaders/site/siteTable.js";

const dir = mkdtempSync(join(tmpdir(), "pulse-browser-tables-"));
const saved = process.env.PULSE_TABLES_DIR;

beforeAll(async () => {
  process.env.PULSE_TABLES_DIR = dir;
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  await c.run(`COPY (SELECT * FROM (VALUES
      ('A1', 'Ana', 'S', 'high_freq_high_value', 'EMEA', 'Retail', 'green'),
      ('A2', 'Bo', 'A', 'low_freq_low_value', 'EMEA', NULL, 'red'),
      ('A3', 'Ana', NULL, NULL, 'APAC', 'Retail', NULL),
      ('A4', NULL, 'S', 'high_freq_high_value', 'APAC', 'Health', 'red'))
    AS t(account_id, csm_owner, tier, segment, region, industry, health_band)) TO '${join(dir, "accounts.parquet")}' (FORMAT parquet)`);
  // a build with a support tickets export, a 60-day support window and a 0–10 satisfaction scale
  await c.run(`COPY (SELECT true AS support_measured, 60 AS support_window_days, [0.0, 10.0] AS support_satisfaction_scale)
    TO '${join(dir, "metric_settings.parquet")}' (FORMAT parquet)`);
  // A1: 15 weeks of rows ending in the latest week (partial: 3 days observed); A2: two weeks, the
  // older one outside the 13-week window; A3: one row, 13 weeks before the latest (just outside).
  await c.run(`COPY (
      SELECT 'A1' AS account_id, (DATE '2026-08-03' + 7 * i::INTEGER) AS week_start, i * 10 AS visits, CASE WHEN i = 14 THEN 3 ELSE 7 END AS days_observed
      FROM range(15) t(i)
      UNION ALL SELECT 'A2', DATE '2026-08-03', 99, 7
      UNION ALL SELECT 'A2', DATE '2026-11-09', 4, 3
      UNION ALL SELECT 'A3', (DATE '2026-11-09' - INTERVAL 13 WEEK)::DATE, 5, 7
    ) TO '${join(dir, "account_weekly.parquet")}' (FORMAT parquet)`);
  instance.closeSync();
});
afterAll(() => {
  if (saved === undefined) delete process.env.PULSE_TABLES_DIR;
  else process.env.PULSE_TABLES_DIR = saved;
  rmSync(dir, {recursive: true, force: true});
});

test("filter options: every distinct value of each filter's column, no missing values; the support filter's values and settings", async () => {
  const [{support, support_window_days, support_satisfaction_scale, ...columns}] = await derivedRows<Record<string, unknown>>(FILTER_OPTIONS_SQL);
  const sorted = Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, [...(values as string[])].sort()]));
  expect(sorted).toEqual({
    owner: ["Ana", "Bo"],
    tier: ["A", "S"],
    segment: ["high_freq_high_value", "low_freq_low_value"],
    region: ["APAC", "EMEA"],
    industry: ["Health", "Retail"],
    band: ["green", "red"]
  });
  expect(support).toEqual(["escalated", "open_tickets", "low_satisfaction", "no_tickets"]);
  expect([support_window_days, support_satisfaction_scale]).toEqual([60, [0, 10]]);
});

test("filter options without a support tickets export: no support value, so the bar does not offer the filter", async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  await c.run(`COPY (SELECT false AS support_measured, 90 AS support_window_days, [1.0, 5.0] AS support_satisfaction_scale)
    TO '${join(dir, "metric_settings.parquet")}' (FORMAT parquet)`);
  instance.closeSync();
  const [options] = await derivedRows<Record<string, unknown>>(FILTER_OPTIONS_SQL);
  expect(options.support).toEqual([]);
  expect(options.owner).toHaveLength(2);
});

test("sparklines: the visits of the last 13 weeks of the table, oldest first, and whether the latest is partial", async () => {
  const rows = await derivedRows<{account_id: string; visits: number[]; first_week: string; last_week_partial: boolean}>(SPARKLINES_SQL);
  expect(rows).toEqual([
    // weeks 2..14 of 0..14 (the latest week is 2026-11-09; 13 weeks back is 2026-08-10, left out)
    {account_id: "A1", visits: [20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140], first_week: "2026-08-17", last_week_partial: true},
    {account_id: "A2", visits: [4], first_week: "2026-11-09", last_week_partial: true}
  ]);
});
