// The Backtest page's queries (src/components/backtestQueries.js) and words (backtestWords.js). With no filter the
// queries the browser runs over backtest_accounts give the build's own tables, here on the worked example of
// docs/metrics.md#backtest; a filter keeps the month ends at which an account matched.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {arrByChurnMonthSql, churnsSeenSql, leadBinsSql, leadSummarySql, signalCountsSql, whatIfCountsSql} from "../../src/components/backtestQueries.js";
import {bandsSentence, formatShare, oneIn, signalSentence, verdict} from "../../src/shared/backtestWords.js";
import {buildBacktest} from "./metrics/backtestFixture.js";
import type {Built} from "./metrics/fixture.js";

const SIGNALS = ["watch", "rule:quiet", "rule:renewal_soon", "band:red", "band:yellow", "band:green"];

describe("the page's queries on the worked example", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildBacktest();
    await built.db.run(`CREATE VIEW backtest_accounts AS SELECT * FROM ${built.tables.backtest_accounts}`);
  });
  afterAll(() => built.close());

  test("unfiltered, every signal's counts equal churn_backtest, pooled and per month end, at each horizon", async () => {
    for (const horizon of [30, 60]) {
      const pooled = await built.rows(signalCountsSql({horizon, signals: SIGNALS}));
      const table = await built.rows(`SELECT * EXCLUDE (period_end, horizon_days) FROM churn_backtest WHERE horizon_days = ${horizon} AND period_end IS NULL`);
      expect(pooled).toEqual(table);
      const perMonthEnd = await built.rows(signalCountsSql({horizon, signals: SIGNALS, byPeriod: true}));
      expect(perMonthEnd).toEqual(await built.rows(`SELECT * EXCLUDE (horizon_days) FROM churn_backtest WHERE horizon_days = ${horizon} AND period_end IS NOT NULL`));
    }
  });

  test("a filter keeps the month ends at which the account matched: owner Ann (A, C, E)", async () => {
    const [watch] = await built.rows(signalCountsSql({horizon: 30, signals: ["watch"], where: "csm_owner IN ('Ann')"}));
    // 02-28: A C E, A and E flagged, nobody left in 30 days; 03-31: C E; 04-30: A C E, C left on 05-29 unflagged
    // → 8 accounts, 2 flagged, 1 churned, 0 both: precision 0, recall 0, base rate 1/8, lift 0
    expect(watch).toEqual({signal: "watch", accounts: 8, flagged: 2, churned: 1, flagged_churned: 0, precision: 0, recall: 0, base_rate: 0.125, lift: 0,
      arr_flagged: 6000, arr_churned: 3000, arr_flagged_churned: 0});
    // a filter nobody matches: counts 0, every ratio NULL
    const [none] = await built.rows(signalCountsSql({horizon: 30, signals: ["watch"], where: "csm_owner IN ('Nobody')"}));
    expect(none).toMatchObject({accounts: 0, flagged: 0, churned: 0, precision: null, recall: null, base_rate: null, lift: null});
  });

  test("the what-if counts equal churn_backtest_whatif (a variant's own signal without a row flagged nobody)", async () => {
    const variants = [1, 2, 3, 4, 5, 6, 7, 8];
    for (const horizon of [30, 60]) {
      const page = await built.rows<Record<string, unknown>>(whatIfCountsSql({horizon, variants}));
      const table = await built.rows<Record<string, unknown>>(`SELECT * FROM churn_backtest_whatif WHERE horizon_days = ${horizon}`);
      for (const row of table) {
        const kind = row.signal === "watch" ? "watch" : "signal";
        const found = page.find((p) => p.variant === row.variant && p.kind === kind);
        if (row.flagged === 0 && kind === "signal") expect(found, `variant ${row.variant} ${kind}`).toBeUndefined();
        else expect(found, `variant ${row.variant} ${kind}`).toEqual({variant: row.variant, kind, accounts: row.accounts, flagged: row.flagged, churned: row.churned,
          flagged_churned: row.flagged_churned, precision: row.precision, recall: row.recall, base_rate: row.base_rate, lift: row.lift});
      }
    }
  });

  test("the churns seen, lead time, its bins and the ARR by month equal churn_lead_times", async () => {
    for (const horizon of [30, 60]) {
      const seen = await built.rows(`SELECT account_id, churn_date, arr_lost, month_ends, month_ends_flagged, first_flagged_on, flagged, lead_days, lowest_health_score, whatif_caught_by
        FROM (${churnsSeenSql({horizon, variants: [1, 2, 3, 4, 5, 6, 7, 8]})}) ORDER BY churn_date, account_id`);
      expect(seen).toEqual(await built.rows(`SELECT account_id, churn_date, arr_lost, month_ends, month_ends_flagged, first_flagged_on, flagged, lead_days, lowest_health_score, whatif_caught_by
        FROM churn_lead_times WHERE horizon_days = ${horizon} ORDER BY churn_date, account_id`));
    }
    // 60 days: B flagged 51 days ahead (2,000), C missed (3,000)
    expect(await built.rows(leadSummarySql({horizon: 60}))).toEqual([{churns: 2, flagged: 1, arr_lost: 5000, arr_flagged: 2000, median_lead_days: 51, lead_days_q1: 51, lead_days_q3: 51}]);
    expect(await built.rows(leadBinsSql({horizon: 60}))).toEqual([{bin_start: 30, churns: 1}]);
    expect(await built.rows(arrByChurnMonthSql({horizon: 60}))).toEqual([
      {churn_month: "2026-04-01", outcome: "flagged", churns: 1, arr_lost: 2000},
      {churn_month: "2026-05-01", outcome: "missed", churns: 1, arr_lost: 3000}
    ]);
    // C's bands at the month ends it counts at 30 days (04-30 only) and 60 days (03-31)
    const [c] = await built.rows(`SELECT bands FROM (${churnsSeenSql({horizon: 30})}) WHERE account_id = 'C'`);
    expect(c).toEqual({bands: ["yellow"]});
  });

  test("a horizon from the URL must be a whole number of days", () => {
    expect(() => signalCountsSql({horizon: "90; DROP TABLE x", signals: SIGNALS})).toThrow("not a horizon in days");
    expect(() => churnsSeenSql({horizon: 0})).toThrow("not a horizon in days");
  });
});

describe("the backtest in words", () => {
  const row = (r: Record<string, number | null>) => ({accounts: 1000, churned: 50, ...r});

  test("the issue's example: 31% flagged, 1 in 9 left, 1.4× the base rate → weak", () => {
    // 310 of 1,000 flagged, 35 of them left: precision 35/310 = 0.113 (1 in 9), base rate 0.08, lift 1.41
    const r = row({flagged: 310, flagged_churned: 35, churned: 80, precision: 35 / 310, base_rate: 0.08, lift: 35 / 310 / 0.08});
    expect(signalSentence(r, {horizon: 90})).toBe("flags 31% of customers; 1 in 9 of them left within 90 days, 1.4× the base rate: weak");
  });

  test("the verdicts' thresholds: 3 strong, 2 useful, 1.25 weak, below noise; too few, never, no churn", () => {
    expect([3, 2.99, 2, 1.99, 1.25, 1.24, 0].map((lift) => verdict(row({flagged: 10, lift})).word)).toEqual(["strong", "useful", "useful", "weak", "weak", "noise", "noise"]);
    expect(verdict(row({flagged: 9, lift: 5})).word).toBe("too few to tell");
    expect(verdict(row({flagged: 0, lift: null})).word).toBe("never fired");
    expect(verdict(row({churned: 0, flagged: 100, lift: null})).word).toBe("no churn to predict");
    expect(signalSentence(row({flagged: 0, flagged_churned: 0, precision: null, lift: null}), {horizon: 30})).toBe("never fired: flags no customer");
    expect(signalSentence(row({flagged: 200, flagged_churned: 0, precision: 0, lift: 0}), {horizon: 30})).toBe("flags 20% of customers; none of them left within 30 days: noise");
    expect(signalSentence(row({flagged: 100, flagged_churned: 62, precision: 0.62, lift: 12.4}), {horizon: 90})).toBe("flags 10% of customers; 62% of them left within 90 days, 12.4× the base rate: strong");
    expect(oneIn(0.104)).toBe("1 in 10");
    // a share never says 0% or 100% of something that is neither
    expect([0, 0.004, 0.31, 0.994, 0.995, 1].map(formatShare)).toEqual(["0%", "0.4%", "31%", "99%", "99.5%", "100%"]);
  });

  test("the bands in order, or not", () => {
    const bands = (red: number, yellow: number, green: number) => [
      {signal: "band:red", precision: red, base_rate: 0.045, churned: 10}, {signal: "band:yellow", precision: yellow, base_rate: 0.045, churned: 10},
      {signal: "band:green", precision: green, base_rate: 0.045, churned: 10}
    ];
    expect(bandsSentence(bands(0.149, 0.006, 0.003), {horizon: 90})).toEqual({
      text: "Left within 90 days: red 14.9%, yellow 0.6%, green 0.3% (all customers 4.5%). Red churns more than yellow, and yellow more than green: the bands are in order.",
      inOrder: true
    });
    expect(bandsSentence(bands(0.1, 0.2, 0.01), {horizon: 90}).text).toMatch(/not in order: yellow churns as much as red or more\.$/);
    expect(bandsSentence(bands(0.3, 0.01, 0.02), {horizon: 90}).text).toMatch(/not in order: green churns as much as yellow or more\.$/);
  });
});
