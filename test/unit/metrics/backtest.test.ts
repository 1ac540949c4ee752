// The backtest (issue #19): the worked example of docs/metrics.md#backtest, laid out by hand over four month ends.
// Every expected number is worked out in the comments from the contracts and visits of backtestFixture.ts.
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {backtestReport} from "../../../loaders/metrics/backtestReport.js";
import {writeTables} from "../../../loaders/write/writeTables.js";
import {buildBacktest} from "./backtestFixture.js";
import type {Built} from "./fixture.js";

describe("the backtest's worked example (docs/metrics.md#backtest)", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildBacktest();
  });
  afterAll(() => built.close());

  test("scored month ends: m + H + renewalMatchDays on or before the as-of date", async () => {
    const periods = await built.rows(`SELECT period_end, horizon_days, window_end, scored_from, scored FROM backtest_periods ORDER BY period_end, horizon_days`);
    expect(periods).toEqual([
      // 30 days: 02-28 + 60 = 04-29, 03-31 + 60 = 05-30, 04-30 + 60 = 06-29 ≤ 06-30; 05-31 + 60 = 07-30 is not
      // 60 days: 02-28 + 90 = 05-29, 03-31 + 90 = 06-29 ≤ 06-30; 04-30 + 90 = 07-29 is not: a horizon not yet complete
      {period_end: "2026-02-28", horizon_days: 30, window_end: "2026-03-30", scored_from: "2026-04-29", scored: true},
      {period_end: "2026-02-28", horizon_days: 60, window_end: "2026-04-29", scored_from: "2026-05-29", scored: true},
      {period_end: "2026-03-31", horizon_days: 30, window_end: "2026-04-30", scored_from: "2026-05-30", scored: true},
      {period_end: "2026-03-31", horizon_days: 60, window_end: "2026-05-30", scored_from: "2026-06-29", scored: true},
      {period_end: "2026-04-30", horizon_days: 30, window_end: "2026-05-30", scored_from: "2026-06-29", scored: true},
      {period_end: "2026-04-30", horizon_days: 60, window_end: "2026-06-29", scored_from: "2026-07-29", scored: false},
      {period_end: "2026-05-31", horizon_days: 30, window_end: "2026-06-30", scored_from: "2026-07-30", scored: false},
      {period_end: "2026-05-31", horizon_days: 60, window_end: "2026-07-30", scored_from: "2026-08-29", scored: false}
    ]);
  });

  test("the churns to score: B and C; A's late renewal is none, D's end is not known for sure yet", async () => {
    expect(await built.rows(`SELECT account_id, churn_date, arr_lost FROM fct_backtest_churns ORDER BY account_id`)).toEqual([
      {account_id: "B", churn_date: "2026-04-20", arr_lost: 2000},
      {account_id: "C", churn_date: "2026-05-29", arr_lost: 3000}
    ]);
  });

  test("the signals and the population of each month end; 05-31 is scored at no horizon", async () => {
    const rows = await built.rows(`SELECT period_end, account_id, arr, signals, horizons_scored, churn_date, days_to_churn
      FROM ${built.tables.backtest_accounts} ORDER BY period_end, account_id`);
    expect(rows).toEqual([
      // 02-28: A 2 visits (quiet), 15 days to 03-15 (renewal_soon), score 20 red; B 1 visit, red, 51 days to renewal;
      // C 4 visits = 40 yellow, 90 days; D 8 visits green; E 2 visits, red
      {period_end: "2026-02-28", account_id: "A", arr: 1000, signals: ["watch", "rule:quiet", "rule:renewal_soon", "band:red"], horizons_scored: [30, 60], churn_date: null, days_to_churn: null},
      {period_end: "2026-02-28", account_id: "B", arr: 2000, signals: ["watch", "rule:quiet", "band:red"], horizons_scored: [30, 60], churn_date: "2026-04-20", days_to_churn: 51},
      {period_end: "2026-02-28", account_id: "C", arr: 3000, signals: ["band:yellow"], horizons_scored: [30, 60], churn_date: "2026-05-29", days_to_churn: 90},
      {period_end: "2026-02-28", account_id: "D", arr: 4000, signals: ["band:green"], horizons_scored: [30, 60], churn_date: null, days_to_churn: null},
      {period_end: "2026-02-28", account_id: "E", arr: 5000, signals: ["watch", "rule:quiet", "band:red"], horizons_scored: [30, 60], churn_date: null, days_to_churn: null},
      // 03-31: A between contracts (not in the population); B 5 visits = 50 yellow, 20 days to renewal (renewal_soon fires at 20)
      {period_end: "2026-03-31", account_id: "B", arr: 2000, signals: ["watch", "rule:renewal_soon", "band:yellow"], horizons_scored: [30, 60], churn_date: "2026-04-20", days_to_churn: 20},
      {period_end: "2026-03-31", account_id: "C", arr: 3000, signals: ["band:yellow"], horizons_scored: [30, 60], churn_date: "2026-05-29", days_to_churn: 59},
      {period_end: "2026-03-31", account_id: "D", arr: 4000, signals: ["band:green"], horizons_scored: [30, 60], churn_date: null, days_to_churn: null},
      {period_end: "2026-03-31", account_id: "E", arr: 5000, signals: ["band:green"], horizons_scored: [30, 60], churn_date: null, days_to_churn: null},
      // 04-30: A renewed (1,200), 8 visits; B gone; C 29 days to renewal (not ≤ 20)
      {period_end: "2026-04-30", account_id: "A", arr: 1200, signals: ["band:green"], horizons_scored: [30], churn_date: null, days_to_churn: null},
      {period_end: "2026-04-30", account_id: "C", arr: 3000, signals: ["band:yellow"], horizons_scored: [30], churn_date: "2026-05-29", days_to_churn: 29},
      {period_end: "2026-04-30", account_id: "D", arr: 4000, signals: ["band:green"], horizons_scored: [30], churn_date: null, days_to_churn: null},
      {period_end: "2026-04-30", account_id: "E", arr: 5000, signals: ["band:green"], horizons_scored: [30], churn_date: null, days_to_churn: null}
    ]);
  });

  const watch = (rows: Record<string, unknown>[], horizon: number) => rows.filter((r) => r.signal === "watch" && r.horizon_days === horizon);

  test("the watch at 30 days: per month end and pooled; NULL where a denominator is 0", async () => {
    const rows = watch(await built.rows(`SELECT * FROM ${built.tables.churn_backtest}`), 30);
    expect(rows).toEqual([
      // 02-28: 5 accounts, A B E flagged (1,000 + 2,000 + 5,000), nobody left before 03-30 → precision 0 / 3, recall and lift NULL
      {period_end: "2026-02-28", horizon_days: 30, signal: "watch", accounts: 5, flagged: 3, churned: 0, flagged_churned: 0,
        precision: 0, recall: null, base_rate: 0, lift: null, arr_flagged: 8000, arr_churned: 0, arr_flagged_churned: 0},
      // 03-31: B C D E; B flagged and left on 04-20 → 1 / 1, recall 1, base rate 1 / 4, lift 1 / 0.25 = 4
      {period_end: "2026-03-31", horizon_days: 30, signal: "watch", accounts: 4, flagged: 1, churned: 1, flagged_churned: 1,
        precision: 1, recall: 1, base_rate: 0.25, lift: 4, arr_flagged: 2000, arr_churned: 2000, arr_flagged_churned: 2000},
      // 04-30: A C D E; C left on 05-29 (the window's last day) unflagged; nobody flagged → precision and lift NULL, recall 0
      {period_end: "2026-04-30", horizon_days: 30, signal: "watch", accounts: 4, flagged: 0, churned: 1, flagged_churned: 0,
        precision: null, recall: 0, base_rate: 0.25, lift: null, arr_flagged: 0, arr_churned: 3000, arr_flagged_churned: 0},
      // pooled: 13 accounts, 4 flagged, 2 churned, 1 both → 1/4, 1/2, 2/13, (1/4) / (2/13) = 1.625
      {period_end: null, horizon_days: 30, signal: "watch", accounts: 13, flagged: 4, churned: 2, flagged_churned: 1,
        precision: 0.25, recall: 0.5, base_rate: 2 / 13, lift: 1.625, arr_flagged: 10000, arr_churned: 5000, arr_flagged_churned: 2000}
    ]);
  });

  test("the watch at 60 days: 04-30 is not scored", async () => {
    const rows = watch(await built.rows(`SELECT * FROM ${built.tables.churn_backtest}`), 60);
    expect(rows.map((r) => r.period_end)).toEqual(["2026-02-28", "2026-03-31", null]);
    // 02-28: B left on 04-20 < 04-29 and was flagged → 1/3, recall 1, base 1/5, lift (1/3) / (1/5) = 5/3
    expect(rows[0]).toMatchObject({accounts: 5, flagged: 3, churned: 1, flagged_churned: 1, recall: 1, base_rate: 0.2, arr_flagged: 8000, arr_churned: 2000});
    expect(rows[0].precision).toBeCloseTo(1 / 3, 12);
    expect(rows[0].lift).toBeCloseTo(5 / 3, 12);
    // 03-31: B (04-20) and C (05-29 < 05-30) left, B flagged → 1, 1/2, 2/4, 2
    expect(rows[1]).toMatchObject({accounts: 4, flagged: 1, churned: 2, flagged_churned: 1, precision: 1, recall: 0.5, base_rate: 0.5, lift: 2, arr_churned: 5000});
    // pooled: 9, 4, 3, 2 → 1/2, 2/3, 1/3, 1.5
    expect(rows[2]).toMatchObject({accounts: 9, flagged: 4, churned: 3, flagged_churned: 2, precision: 0.5});
    expect(rows[2].recall).toBeCloseTo(2 / 3, 12);
    expect(rows[2].lift).toBeCloseTo(1.5, 12);
  });

  test("every rule and band has its rows, also one that never fired", async () => {
    const pooled = await built.rows<{signal: string; flagged: number; flagged_churned: number; precision: number | null}>(
      `SELECT signal, flagged, flagged_churned, precision FROM ${built.tables.churn_backtest} WHERE period_end IS NULL AND horizon_days = 60`
    );
    expect(pooled).toEqual([
      {signal: "watch", flagged: 4, flagged_churned: 2, precision: 0.5},
      // quiet: A B E on 02-28 → 3 flagged, B left → 1 (precision 1/3)
      {signal: "rule:quiet", flagged: 3, flagged_churned: 1, precision: 1 / 3},
      // renewal_soon: A on 02-28, B on 03-31 (left) → 1 of 2
      {signal: "rule:renewal_soon", flagged: 2, flagged_churned: 1, precision: 0.5},
      // red: A B E on 02-28 (B left); yellow: C on 02-28 (05-29 is beyond 04-29), B and C on 03-31 (both left); green: D, D, E
      {signal: "band:red", flagged: 3, flagged_churned: 1, precision: 1 / 3},
      {signal: "band:yellow", flagged: 3, flagged_churned: 2, precision: 2 / 3},
      {signal: "band:green", flagged: 3, flagged_churned: 0, precision: 0}
    ]);
    expect(await built.rows(`SELECT count(*) AS n FROM ${built.tables.churn_backtest}`)).toEqual([
      // (3 month ends + pooled at 30 days, 2 + pooled at 60) × 6 signals
      {n: (4 + 3) * 6}
    ]);
  });

  test("lead time: from the first flagged month end to the churn; a missed churn has none", async () => {
    const rows = await built.rows(`SELECT account_id, churn_date, horizon_days, arr_lost, month_ends, first_counted_on, month_ends_flagged,
        first_flagged_on, flagged, lead_days, signals_seen, lowest_health_score, whatif_caught_by
      FROM ${built.tables.churn_lead_times} ORDER BY horizon_days, account_id`);
    expect(rows).toEqual([
      // 30 days: B counts at 03-31 (20 days before) and was flagged then → 20 days
      {account_id: "B", churn_date: "2026-04-20", horizon_days: 30, arr_lost: 2000, month_ends: 1, first_counted_on: "2026-03-31", month_ends_flagged: 1,
        first_flagged_on: "2026-03-31", flagged: true, lead_days: 20, signals_seen: ["watch", "rule:renewal_soon", "band:yellow"], lowest_health_score: 50,
        whatif_caught_by: [1, 2, 3, 4, 5, 6, 7, 8]},
      // C counts at 04-30 (29 days before 05-29), unflagged: only yellow; visits_30d < 5 (variant 3) and renewal within
      // 30 days (variant 5: 29 days) would have caught it
      {account_id: "C", churn_date: "2026-05-29", horizon_days: 30, arr_lost: 3000, month_ends: 1, first_counted_on: "2026-04-30", month_ends_flagged: 0,
        first_flagged_on: null, flagged: false, lead_days: null, signals_seen: ["band:yellow"], lowest_health_score: 40, whatif_caught_by: [3, 5]},
      // 60 days: B counts at 02-28 and 03-31, flagged at both → 04-20 − 02-28 = 51 days
      {account_id: "B", churn_date: "2026-04-20", horizon_days: 60, arr_lost: 2000, month_ends: 2, first_counted_on: "2026-02-28", month_ends_flagged: 2,
        first_flagged_on: "2026-02-28", flagged: true, lead_days: 51, signals_seen: ["watch", "rule:quiet", "rule:renewal_soon", "band:red", "band:yellow"],
        lowest_health_score: 10, whatif_caught_by: [1, 2, 3, 4, 5, 6, 7, 8]},
      // C counts at 03-31 only (59 days before), missed; visits_30d < 5 would have caught it
      {account_id: "C", churn_date: "2026-05-29", horizon_days: 60, arr_lost: 3000, month_ends: 1, first_counted_on: "2026-03-31", month_ends_flagged: 0,
        first_flagged_on: null, flagged: false, lead_days: null, signals_seen: ["band:yellow"], lowest_health_score: 40, whatif_caught_by: [3]}
    ]);
  });

  test("what-if variants: each threshold at every value tried, the configured one marked", async () => {
    const [settings] = await built.rows<{backtest_horizons_days: number[]; backtest_whatif: Record<string, unknown>[]}>(
      `SELECT backtest_horizons_days, backtest_whatif FROM ${built.tables.metric_settings}`
    );
    expect(settings.backtest_horizons_days).toEqual([30, 60]);
    expect(settings.backtest_whatif.map((v) => [v.variant, v.threshold, v.value, v.is_config, v.signal, v.condition])).toEqual([
      [1, "quiet: visits_30d <", 2, false, "rule:quiet", "visits_30d < 2"],
      [2, "quiet: visits_30d <", 3, true, "rule:quiet", "visits_30d < 3"],
      [3, "quiet: visits_30d <", 5, false, "rule:quiet", "visits_30d < 5"],
      [4, "renewal_soon: days_to_renewal BETWEEN 0 AND", 20, true, "rule:renewal_soon", "days_to_renewal BETWEEN 0 AND 20"],
      [5, "renewal_soon: days_to_renewal BETWEEN 0 AND", 30, false, "rule:renewal_soon", "days_to_renewal BETWEEN 0 AND 30"],
      [6, "health.bands.yellow", 30, false, "band:red", null],
      [7, "health.bands.yellow", 40, true, "band:red", null],
      [8, "health.bands.yellow", 50, false, "band:red", null]
    ]);
    const flags = await built.rows(`SELECT period_end, account_id, whatif_signal, whatif_watch_changed FROM ${built.tables.backtest_accounts}
      WHERE account_id IN ('A', 'C', 'E') AND period_end <= DATE '2026-03-31' ORDER BY period_end, account_id`);
    expect(flags).toEqual([
      // A on 02-28: 2 visits (< 3, < 5), 15 days (≤ 20, ≤ 30), score 20 (red below 30, 40, 50); on the watch, and under
      // every variant too (renewal_soon fires when quiet is changed, and the other way round): no change
      {period_end: "2026-02-28", account_id: "A", whatif_signal: [2, 3, 4, 5, 6, 7, 8], whatif_watch_changed: []},
      // C: 4 visits (< 5 only), 90 days, score 40 (red below 50 only); not on the watch, it would join with visits_30d < 5
      {period_end: "2026-02-28", account_id: "C", whatif_signal: [3, 8], whatif_watch_changed: [3]},
      // E: 2 visits, far from renewal, score 20; on the watch through quiet alone, it would leave with visits_30d < 2
      {period_end: "2026-02-28", account_id: "E", whatif_signal: [2, 3, 6, 7, 8], whatif_watch_changed: [1]},
      {period_end: "2026-03-31", account_id: "C", whatif_signal: [3, 8], whatif_watch_changed: [3]},
      {period_end: "2026-03-31", account_id: "E", whatif_signal: [], whatif_watch_changed: []}
    ]);
  });

  test("what-if counts; the configured value equals the backtest's own pooled row", async () => {
    const whatIf = await built.rows<Record<string, unknown>>(`SELECT * FROM ${built.tables.churn_backtest_whatif} WHERE horizon_days = 60`);
    const row = (variant: number, signal: string) => whatIf.find((r) => r.variant === variant && r.signal === signal)!;
    // visits_30d < 5 (variant 3) at 60 days: rule fires on A B C E (02-28) and C (03-31) → 5 flagged; B (02-28) and C (03-31) left → 2
    expect(row(3, "rule:quiet")).toMatchObject({accounts: 9, flagged: 5, churned: 3, flagged_churned: 2, precision: 0.4});
    // its watch adds B on 03-31 (renewal_soon) → 6 flagged, B, B, C → 3: recall 1
    expect(row(3, "watch")).toMatchObject({flagged: 6, flagged_churned: 3, precision: 0.5, recall: 1});
    // red below 50 (variant 8): A B C E on 02-28, C on 03-31 → 5, of which B (02-28) and C (03-31) → 2
    expect(row(8, "band:red")).toMatchObject({flagged: 5, flagged_churned: 2});
    const backtest = await built.rows<Record<string, unknown>>(`SELECT * FROM ${built.tables.churn_backtest} WHERE period_end IS NULL`);
    const configured = await built.rows<Record<string, unknown>>(`SELECT * FROM ${built.tables.churn_backtest_whatif} WHERE is_config`);
    expect(configured.length).toBe(3 * 2 * 2); // 3 configured variants × 2 signals × 2 horizons
    for (const {variant, threshold, rule_id, value, is_config, ...counts} of configured) {
      const own = backtest.find((r) => r.signal === counts.signal && r.horizon_days === counts.horizon_days)!;
      expect(own, `variant ${variant} (${threshold} ${value}, configured: ${is_config}, rule ${rule_id})`).toEqual({period_end: null, ...counts});
    }
  });

  test("the recording of docs/sample-data.md (backtestReport.ts) reads the written tables", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pulse-backtest-report-"));
    try {
      await writeTables(built.db, dir, built.tables);
      const report = await backtestReport(dir);
      // the watch at 30 days: 4 of 13 flagged (31%), precision 1/4 → 1 in 4, 1 of 2 churns caught, lift 1.625; 4 flags are too few
      expect(report).toContain("| 30 days | `watch` | 31% | 1 in 4 | 50% (1 of 2) | 1.6× | too few to tell |");
      // lead times: B flagged, C missed at both horizons; 2,000 of 5,000 ARR; B 20 days ahead at 30, 51 at 60
      expect(report).toContain("| 30 days | 2 | 1 (50%) | 40% | 20 days |");
      expect(report).toContain("| 60 days | 2 | 1 (50%) | 40% | 51 days |");
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
