// The backtest on generated sample data (400 accounts), checked two ways:
//  1. an independent recomputation, in plain SQL written apart from the models, from the published health_history,
//     contracts and metric_settings tables alone, equals churn_backtest.parquet for the watch and the bands at every
//     horizon, per month end and pooled (issue #19: "How it is checked");
//  2. the Backtest page's queries over backtest_accounts.parquet, with no filter, equal churn_backtest,
//     churn_backtest_whatif and churn_lead_times.
import {mkdirSync, mkdtempSync, readdirSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, test, vi} from "vitest";
import {validateConfig} from "../../../loaders/config/validateConfig.js";
import {PulseDb} from "../../../loaders/db.js";
import {stageExports} from "../../../loaders/ingest/stageExports.js";
import {computeMetrics} from "../../../loaders/metrics/computeMetrics.js";
import {generateSample} from "../../../loaders/sample/generateSample.js";
import {writeTables} from "../../../loaders/write/writeTables.js";
import {churnsSeenSql, signalCountsSql, whatIfCountsSql} from "../../../src/components/backtestQueries.js";
import {account, buildMetrics, contract, visits} from "./fixture.js";

vi.setConfig({testTimeout: 240_000, hookTimeout: 240_000});

const AS_OF = "2026-11-15";
const work = mkdtempSync(join(tmpdir(), "pulse-backtest-sample-"));
let db: PulseDb;

beforeAll(async () => {
  const config = validateConfig({validation: {today: "2026-11-16"}});
  await generateSample({outDir: join(work, "exports"), accounts: 400, endDate: AS_OF});
  const tables = join(work, "tables");
  mkdirSync(tables);
  const build = await PulseDb.open();
  try {
    await stageExports(build, join(work, "exports"), config);
    // the metric tables and the staged contracts, as pulse data publishes them (loaders/build.ts)
    await writeTables(build, tables, {contracts: "contracts", ...(await computeMetrics(build, config, AS_OF))});
  } finally {
    build.close();
  }
  db = await PulseDb.open();
  for (const file of readdirSync(tables).filter((f) => f.endsWith(".parquet"))) {
    await db.run(`CREATE VIEW ${file.replace(".parquet", "")} AS SELECT * FROM read_parquet('${join(tables, file)}')`);
  }
});
afterAll(() => {
  db?.close();
  rmSync(work, {recursive: true, force: true});
});

/**
 * The backtest of the watch and the bands, recomputed from health_history, contracts and metric_settings only.
 * A churn is the last day in force e of an account's contracts (known on the as-of date) that no contract carries on:
 * none starts by e + 1 + renewalMatchDays and runs past e; e + renewalMatchDays must be before the as-of date. A
 * health_history month end m is scored at H when m + H + renewalMatchDays <= as-of; the account churned within H
 * when such an e falls in [m, m + H).
 */
const RECOMPUTED = `
WITH settings AS (
  SELECT as_of, CAST(renewal_match_days AS INTEGER) AS gap, backtest_horizons_days AS horizons FROM metric_settings
),
known AS (
  SELECT c.account_id, c.start_date, COALESCE(c.end_date, DATE '9999-12-31') AS last_day, c.end_date
  FROM contracts c, settings s
  WHERE COALESCE(c.signed_at, c.start_date) <= s.as_of
),
churn_days AS (
  SELECT DISTINCT k.account_id, k.end_date AS e
  FROM known k, settings s
  WHERE k.end_date IS NOT NULL
    AND k.end_date + s.gap < s.as_of
    AND NOT EXISTS (
      SELECT 1 FROM known later
      WHERE later.account_id = k.account_id AND later.start_date <= k.end_date + 1 + s.gap AND later.last_day > k.end_date)
),
scored AS (
  SELECT h.account_id, h.snapshot_date AS m, horizon, h.arr, h.churn_watch, h.health_band,
    EXISTS (SELECT 1 FROM churn_days c WHERE c.account_id = h.account_id AND c.e >= h.snapshot_date AND c.e < h.snapshot_date + horizon) AS left_within
  FROM health_history h, settings s, unnest(s.horizons) AS t(horizon)
  WHERE NOT h.is_as_of AND h.snapshot_date + horizon + s.gap <= s.as_of
),
signals AS (
  SELECT *, unnest(['watch', 'band:red', 'band:yellow', 'band:green']) AS signal,
    unnest([churn_watch, health_band = 'red', health_band = 'yellow', health_band = 'green']) AS on_it
  FROM scored
),
per_month_end AS (
  SELECT m AS period_end, horizon AS horizon_days, signal,
    count(*) AS accounts, count(*) FILTER (on_it) AS flagged, count(*) FILTER (left_within) AS churned,
    count(*) FILTER (on_it AND left_within) AS flagged_churned,
    sum(arr) FILTER (on_it) AS arr_flagged, sum(arr) FILTER (left_within) AS arr_churned, sum(arr) FILTER (on_it AND left_within) AS arr_flagged_churned
  FROM signals GROUP BY m, horizon, signal
)
SELECT * FROM per_month_end
UNION ALL
SELECT NULL, horizon_days, signal, sum(accounts), sum(flagged), sum(churned), sum(flagged_churned),
  sum(arr_flagged), sum(arr_churned), sum(arr_flagged_churned)
FROM per_month_end GROUP BY horizon_days, signal`;

type Counts = {period_end: string | null; horizon_days: number; signal: string; accounts: number; flagged: number; churned: number;
  flagged_churned: number; arr_flagged: number | null; arr_churned: number | null; arr_flagged_churned: number | null};

async function expectRecomputedEqual(rows: <T>(sql: string) => Promise<T[]>, table = "churn_backtest") {
  const recomputed = await rows<Counts>(RECOMPUTED);
  const built = await rows<Counts>(`SELECT period_end, horizon_days, signal, accounts, flagged, churned, flagged_churned, arr_flagged, arr_churned, arr_flagged_churned
    FROM ${table} WHERE (signal = 'watch' OR signal LIKE 'band:%') AND accounts > 0`);
  const byKey = new Map(built.map((r) => [key(r), r]));
  expect(recomputed.map(key).sort()).toEqual(built.map(key).sort());
  for (const r of recomputed) {
    const t = byKey.get(key(r))!;
    expect({accounts: t.accounts, flagged: t.flagged, churned: t.churned, flagged_churned: t.flagged_churned}, key(r)).toEqual(
      {accounts: r.accounts, flagged: r.flagged, churned: r.churned, flagged_churned: r.flagged_churned});
    for (const money of ["arr_flagged", "arr_churned", "arr_flagged_churned"] as const) expect(t[money], `${key(r)} ${money}`).toBeCloseTo(r[money] ?? 0, 2);
  }
  return recomputed.length;
}

const key = (r: Counts) => `${r.horizon_days} ${r.period_end ?? "pooled"} ${r.signal}`;

describe("the backtest on a sample", () => {
  test("the sample has churn to score at every horizon, some of it flagged and some missed", async () => {
    const pooled = await db.rows<Counts>(`SELECT * FROM churn_backtest WHERE period_end IS NULL AND signal = 'watch' ORDER BY horizon_days`);
    expect(pooled.map((r) => r.horizon_days)).toEqual([30, 90, 180]);
    for (const r of pooled) {
      expect(r.churned, `${r.horizon_days} days`).toBeGreaterThan(0);
      expect(r.flagged_churned, `${r.horizon_days} days`).toBeGreaterThan(0);
    }
  });

  test("recomputed from health_history, contracts and metric_settings: the watch and the bands at every horizon", async () => {
    // every scored month end has customers in the sample: the two list the same rows
    const [{rows}] = await db.rows<{rows: number}>(`SELECT count(*) AS rows FROM churn_backtest WHERE signal = 'watch' OR signal LIKE 'band:%'`);
    expect(await expectRecomputedEqual((sql) => db.rows(sql))).toBe(rows);
  });

  test("the page's queries with no filter give churn_backtest for every signal, pooled and per month end", async () => {
    const [{signals}] = await db.rows<{signals: string[]}>(`SELECT list(DISTINCT signal) AS signals FROM churn_backtest`);
    for (const horizon of [30, 90, 180]) {
      for (const byPeriod of [false, true]) {
        const page = await db.rows<Record<string, number | string | null>>(`SELECT * FROM (${signalCountsSql({horizon, signals, byPeriod})}) ORDER BY ALL`);
        const table = await db.rows<Record<string, number | string | null>>(`SELECT * EXCLUDE (horizon_days${byPeriod ? "" : ", period_end"}) FROM churn_backtest
          WHERE horizon_days = ${horizon} AND period_end IS ${byPeriod ? "NOT " : ""}NULL ORDER BY ALL`);
        expect(page.length).toBe(table.length);
        page.forEach((row, i) => {
          for (const [column, value] of Object.entries(table[i])) {
            if (typeof value === "number") expect(row[column], `${horizon} ${i} ${column}`).toBeCloseTo(value, 6);
            else expect(row[column], `${horizon} ${i} ${column}`).toEqual(value);
          }
        });
      }
    }
  });

  test("the page's what-if and lead-time queries with no filter give churn_backtest_whatif and churn_lead_times", async () => {
    const [{variants}] = await db.rows<{variants: number[]}>(`SELECT list(v.variant) AS variants FROM (SELECT unnest(backtest_whatif) AS v FROM metric_settings)`);
    for (const horizon of [30, 90, 180]) {
      const page = await db.rows<Record<string, unknown>>(whatIfCountsSql({horizon, variants}));
      // a variant's own signal that flagged nobody has no row; the watch under every variant has one
      const table = await db.rows<Record<string, unknown>>(`SELECT variant, CASE WHEN signal = 'watch' THEN 'watch' ELSE 'signal' END AS kind,
          accounts, flagged, churned, flagged_churned, precision, recall, base_rate, lift
        FROM churn_backtest_whatif WHERE horizon_days = ${horizon} AND (flagged > 0 OR signal = 'watch') ORDER BY variant, kind`);
      expect(page).toEqual(table);
      const seen = await db.rows(`SELECT account_id, churn_date, month_ends, month_ends_flagged, first_flagged_on, lead_days, whatif_caught_by
        FROM (${churnsSeenSql({horizon, variants})}) ORDER BY ALL`);
      expect(seen).toEqual(await db.rows(`SELECT account_id, churn_date, month_ends, month_ends_flagged, first_flagged_on, lead_days, whatif_caught_by
        FROM churn_lead_times WHERE horizon_days = ${horizon} ORDER BY ALL`));
    }
  });
});

describe("the recomputation on billing-style contracts", () => {
  test("open-ended subscriptions, a cancellation, a late renewal and a churn event the contracts contradict", async () => {
    // as of 2026-06-30, history 12 months, horizons 30 / 90 / 180:
    // OPEN runs until cancelled (never a churn, even with a churn event: contradicted); CANCELLED is monthly from
    // 2025-02-01 and carries its end date 2026-01-20 (a churn); LATE ends 2025-10-31 and renews 2025-11-20 (one spell);
    // GONE ends 2025-12-31 (a churn)
    const built = await buildMetrics(
      {
        accounts: ["OPEN", "CANCELLED", "LATE", "GONE"].map((id) => account(id)),
        contracts: [
          contract("K-OPEN", "OPEN", "2025-01-01", "", 1200, {billing_period: "monthly"}),
          contract("K-CAN", "CANCELLED", "2025-02-01", "2026-01-20", 2400, {billing_period: "monthly"}),
          contract("K-LATE1", "LATE", "2024-11-01", "2025-10-31", 5000),
          contract("K-LATE2", "LATE", "2025-11-20", "2026-11-19", 5500),
          contract("K-GONE", "GONE", "2025-01-01", "2025-12-31", 8000)
        ],
        usage_events: [...visits("OPEN", "u", "2025-09-10", 1), ...visits("LATE", "u", "2025-09-10", 6), ...visits("GONE", "u", "2025-11-10", 1)],
        churn_events: [{account_id: "OPEN", churned_at: "2026-02-01", reason: "Switched to a competitor"}, {account_id: "GONE", churned_at: "2026-01-02", reason: "Too expensive"}]
      },
      {asOf: "2026-06-30"}
    );
    try {
      expect(await built.rows(`SELECT account_id, status FROM fct_churns ORDER BY account_id`)).toEqual([
        {account_id: "CANCELLED", status: "churned"}, {account_id: "GONE", status: "churned"}, {account_id: "OPEN", status: "contradicted"}
      ]);
      expect(await expectRecomputedEqual((sql) => built.rows(sql))).toBeGreaterThan(0);
      // the contradicted event is no churn: OPEN never counts as churned
      expect(await built.rows(`SELECT DISTINCT account_id FROM churn_lead_times ORDER BY 1`)).toEqual([{account_id: "CANCELLED"}, {account_id: "GONE"}]);
    } finally {
      built.close();
    }
  });
});
