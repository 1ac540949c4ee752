// On generated sample data (120 accounts, about 225k events): the distributions are plausible, every number a
// page shows reconciles with the table it comes from, and two builds give byte-identical Parquet.
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, test, vi} from "vitest";
import {validateConfig} from "../../../loaders/config/validateConfig.js";
import {PulseDb} from "../../../loaders/db.js";
import {stageExports} from "../../../loaders/ingest/stageExports.js";
import {computeMetrics} from "../../../loaders/metrics/computeMetrics.js";
import {generateSample} from "../../../loaders/sample/generateSample.js";
import {writeTables} from "../../../loaders/write/writeTables.js";

// generating, staging and computing a small sample twice takes seconds, more on a busy machine
vi.setConfig({testTimeout: 180_000, hookTimeout: 180_000});

const AS_OF = "2026-11-15";
const work = mkdtempSync(join(tmpdir(), "pulse-metrics-sample-"));
const config = validateConfig({validation: {today: "2026-11-16"}});

async function build(out: string): Promise<void> {
  mkdirSync(out, {recursive: true});
  const db = await PulseDb.open();
  try {
    await stageExports(db, join(work, "exports"), config);
    await writeTables(db, out, await computeMetrics(db, config, AS_OF));
  } finally {
    db.close();
  }
}

let db: PulseDb;
const one = async <T = Record<string, unknown>>(sql: string) => (await db.rows<T>(sql))[0];

beforeAll(async () => {
  await generateSample({outDir: join(work, "exports"), accounts: 120, endDate: AS_OF});
  await build(join(work, "a"));
  db = await PulseDb.open();
  for (const file of readdirSync(join(work, "a"))) {
    await db.run(`CREATE VIEW ${file.replace(".parquet", "")} AS SELECT * FROM read_parquet('${join(work, "a", file)}')`);
  }
});
afterAll(() => {
  db?.close();
  rmSync(work, {recursive: true, force: true});
});

describe("plausible distributions", () => {
  test("every tier and band and several lifecycle stages occur; S holds most of the ARR", async () => {
    const tiers = await db.rows<{tier: string; n: number; share: number}>(
      `SELECT tier, count(*) AS n, sum(arr) / (SELECT sum(arr) FROM accounts) AS share FROM accounts WHERE tier IS NOT NULL GROUP BY tier ORDER BY tier`
    );
    expect(tiers.map((t) => t.tier)).toEqual(["A", "B", "C", "S"]);
    const paying = tiers.reduce((n, t) => n + t.n, 0);
    const s = tiers.find((t) => t.tier === "S")!;
    expect(s.n).toBe(Math.ceil(0.15 * paying)); // no ties in this sample at the S line
    expect(s.share).toBeGreaterThan(0.4); // the top accounts hold most of the revenue
    const bands = await db.rows<{health_band: string}>(`SELECT DISTINCT health_band FROM accounts WHERE has_active_contract ORDER BY 1`);
    expect(bands.map((b) => b.health_band)).toEqual(["green", "red", "yellow"]);
    const stages = await db.rows(`SELECT DISTINCT lifecycle_stage FROM accounts`);
    expect(stages.length).toBeGreaterThanOrEqual(4);
    const watch = await one<{watched: number; paying: number}>(`SELECT count(*) FILTER (WHERE churn_watch) AS watched, count(*) FILTER (WHERE has_active_contract) AS paying FROM accounts`);
    expect(watch.watched).toBeGreaterThan(0);
    expect(watch.watched).toBeLessThan(watch.paying);
  });

  test("bands, segments and the watch have the shares of a real customer base, not all or nothing", async () => {
    // docs/sample-data.md gives the 2,000-account figures: red 16%, watch 19%, default rule 4% of customers
    // (sampleShares.test.ts holds the default set to 15-25% and 10-20%); 120 accounts vary more
    const r = await one<Record<string, number>>(`SELECT
        avg((health_band = 'red')::INT) AS red, avg((health_band = 'green')::INT) AS green,
        avg(churn_watch::INT) AS watch, avg(list_contains(churn_reasons, 'renewal_low_usage')::INT) AS default_rule,
        avg(high_frequency::INT) AS high_frequency, avg(high_value::INT) AS high_value,
        avg((grid_migration = 'down')::INT) AS moved_down
      FROM accounts WHERE has_active_contract`);
    expect(r.red).toBeGreaterThan(0.1);
    expect(r.red).toBeLessThan(0.3);
    expect(r.green).toBeGreaterThan(0.15);
    // the watch is a minority, and the default rule (renewal + low usage) a small part of it
    expect(r.watch).toBeGreaterThan(0.1);
    expect(r.watch).toBeLessThan(0.3);
    expect(r.default_rule).toBeGreaterThan(0);
    expect(r.default_rule).toBeLessThan(0.2);
    expect(r.high_frequency).toBeGreaterThan(0.5);
    expect(r.high_value).toBeGreaterThan(0.3);
    expect(r.moved_down).toBeGreaterThan(0.02);
    expect(r.moved_down).toBeLessThan(0.3);
  });

  test("KPIs are rates where they should be", async () => {
    const kpis = await db.rows<Record<string, number>>(`SELECT * FROM kpis ORDER BY period_end`);
    expect(kpis.length).toBe(13);
    for (const k of kpis) {
      for (const rate of ["renewal_rate", "grr", "logo_churn_rate", "arr_at_risk_share", "top_accounts_arr_share"]) {
        expect(k[rate], rate).toBeGreaterThanOrEqual(0);
        expect(k[rate], rate).toBeLessThanOrEqual(1);
      }
      expect(k.nrr).toBeGreaterThanOrEqual(k.grr);
      expect(k.arr).toBeGreaterThan(0);
    }
  });
});

describe("every page-level number reconciles with its table", () => {
  test("ARR, paying accounts, ARR at risk and the watch count come from the accounts table", async () => {
    const r = await one(`SELECT k.arr, k.paying_accounts, k.arr_at_risk, k.churn_watch_accounts,
        (SELECT sum(arr) FROM accounts) AS arr2, (SELECT count(*) FROM accounts WHERE arr > 0) AS paying2,
        (SELECT sum(arr) FROM accounts WHERE churn_watch) AS risk2, (SELECT count(*) FROM accounts WHERE churn_watch) AS watch2
      FROM kpis k WHERE k.is_as_of`);
    expect([r.arr, r.paying_accounts, r.arr_at_risk, r.churn_watch_accounts]).toEqual([r.arr2, r.paying2, r.risk2, r.watch2]);
  });

  test("the renewal rate is recomputed from renewals.parquet; lifetime and LTV from the rate", async () => {
    const r = await one<Record<string, number>>(`SELECT k.renewal_rate, k.lifetime_years, k.ltv, k.avg_arr_per_account, k.gross_margin,
        (SELECT sum(c.arr) FILTER (WHERE c.renewed) / sum(c.arr) FROM renewals c WHERE c.end_date BETWEEN k.period_start AND k.period_end) AS rate2
      FROM kpis k WHERE k.is_as_of`);
    expect(r.renewal_rate).toBeCloseTo(r.rate2, 12);
    expect(r.lifetime_years).toBeCloseTo(1 / (1 - r.renewal_rate), 9);
    expect(r.ltv).toBeCloseTo(r.avg_arr_per_account * r.gross_margin * r.lifetime_years, 6);
  });

  test("the top-20% share is recomputed from the accounts table", async () => {
    const r = await one<Record<string, number>>(`SELECT (SELECT top_accounts_arr_share FROM kpis WHERE is_as_of) AS share,
        (SELECT sum(arr) FILTER (WHERE n <= ceil(0.2 * total)) / sum(arr)
           FROM (SELECT arr, row_number() OVER (ORDER BY arr DESC) AS n, count(*) OVER () AS total FROM accounts WHERE arr > 0)) AS share2`);
    expect(r.share).toBeCloseTo(r.share2, 12);
  });

  test("each health score is the sum of its points, and its band follows the settings", async () => {
    const r = await one(`SELECT
        count(*) FILTER (WHERE round(health_activity_points + health_breadth_points + health_depth_points + COALESCE(health_seats_points, 0)
          + health_key_users_points + health_trend_points + COALESCE(health_support_points, 0), 1) <> health_score) AS bad_scores,
        count(*) FILTER (WHERE health_band <> CASE WHEN health_score >= s.health_band_green THEN 'green'
          WHEN health_score >= s.health_band_yellow THEN 'yellow' ELSE 'red' END) AS bad_bands
      FROM accounts, metric_settings s`);
    expect(r).toEqual({bad_scores: 0, bad_bands: 0});
  });

  test("health_history's as-of rows are the accounts with a contract, with the same score, cell and watch", async () => {
    const r = await one(`SELECT
        (SELECT count(*) FROM health_history WHERE is_as_of) AS history_rows,
        (SELECT count(*) FROM accounts WHERE has_active_contract) AS customers,
        (SELECT count(*) FROM accounts a JOIN health_history h ON h.account_id = a.account_id AND h.is_as_of
          WHERE h.health_score <> a.health_score OR h.grid_cell <> a.grid_cell OR h.churn_watch <> a.churn_watch
             OR h.grid_migration IS DISTINCT FROM a.grid_migration) AS mismatches`);
    expect(r.history_rows).toBe(r.customers);
    expect(r.mismatches).toBe(0);
  });

  test("the funnel's all-cohorts row is the sum of the cohorts; key users agree with the accounts", async () => {
    const funnel = await one(`SELECT count(*) AS mismatches FROM (SELECT stage, journeys FROM funnel WHERE cohort_month IS NULL) a
      JOIN (SELECT stage, sum(journeys) AS j FROM funnel WHERE cohort_month IS NOT NULL GROUP BY stage) b USING (stage) WHERE a.journeys <> b.j`);
    expect(funnel.mismatches).toBe(0);
    const keyUsers = await one(`SELECT count(*) AS mismatches FROM (SELECT account_id, bool_or(active_14d) AS active FROM key_users GROUP BY account_id) k
      JOIN accounts a USING (account_id) WHERE k.active <> a.key_user_active_14d`);
    expect(keyUsers.mismatches).toBe(0);
  });

  test("account_weekly agrees with the 30-day window", async () => {
    // the visits of the weeks that start inside the window are part of visits_30d, account by account
    const r = await one(`SELECT count(*) AS over FROM accounts a JOIN (
        SELECT account_id, sum(visits) AS v FROM account_weekly
        WHERE week_start > DATE '${AS_OF}' - 30 GROUP BY account_id) w USING (account_id) WHERE w.v > a.visits_30d`);
    expect(r.over).toBe(0);
  });
});

test("two builds of the same exports give byte-identical Parquet", async () => {
  await build(join(work, "b"));
  for (const file of readdirSync(join(work, "a")).filter((f) => f.endsWith(".parquet"))) {
    expect(readFileSync(join(work, "b", file)).equals(readFileSync(join(work, "a", file))), file).toBe(true);
  }
});
