// Frequency × value segments (2×2) at their thresholds, and tiers S/A/B/C with ties, both following the config.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {account, buildMetrics, contract, type Built, type Rows} from "./fixture.js";

const AS_OF = "2026-06-30";

/** `visitCount` visits on 2026-06-20 using `featureCount` distinct features (events spread round-robin). */
function usage(accountId: string, visitCount: number, featureCount: number): Rows {
  const events = Math.max(visitCount, featureCount);
  return Array.from({length: events}, (_, j) => ({
    account_id: accountId,
    user_id: `${accountId}-u`,
    timestamp: `2026-06-20T10:${String(j).padStart(2, "0")}:00Z`,
    event: "page_view",
    module: "m1",
    feature: `f${j % featureCount}`,
    session_id: `${accountId}-s${j % visitCount}`,
    duration_s: 60,
    page_views: 1
  }));
}

describe("segments: high frequency = >= 5 visits in 30 days, high value = >= 10 features", () => {
  const exports = {
    accounts: ["HH", "HL", "LH", "LL"].map((id) => account(id)),
    contracts: ["HH", "HL", "LH", "LL"].map((id) => contract(`C-${id}`, id, "2026-01-01", "2026-12-31", 1000)),
    usage_events: [
      ...usage("HH", 5, 10), // 5 visits, 10 features → high_freq_high_value
      ...usage("HL", 5, 9), //  5 visits,  9 features → high_freq_low_value
      ...usage("LH", 4, 10), // 4 visits, 10 features → low_freq_high_value
      ...usage("LL", 4, 9) //   4 visits,  9 features → low_freq_low_value
    ]
  };

  test("each account lands in its segment at the default thresholds", async () => {
    const built = await buildMetrics(exports, {asOf: AS_OF});
    try {
      expect(await built.account("HH")).toMatchObject({visits_30d: 5, features_30d: 10, segment: "high_freq_high_value", high_frequency: true, high_value: true});
      expect(await built.account("HL")).toMatchObject({visits_30d: 5, features_30d: 9, segment: "high_freq_low_value"});
      expect(await built.account("LH")).toMatchObject({visits_30d: 4, features_30d: 10, segment: "low_freq_high_value"});
      expect(await built.account("LL")).toMatchObject({visits_30d: 4, features_30d: 9, segment: "low_freq_low_value"});
      expect((await built.account("HH")).segment_playbook).toMatch(/serve deeply/);
    } finally {
      built.close();
    }
  });

  test("lowering the thresholds to 4 visits and 9 features moves every account to high/high", async () => {
    const built = await buildMetrics(exports, {asOf: AS_OF, config: {segments: {highFrequencyVisits: 4, highValueFeatures: 9}}});
    try {
      const rows = await built.rows<{segment: string}>(`SELECT DISTINCT segment FROM account_snapshot`);
      expect(rows).toEqual([{segment: "high_freq_high_value"}]);
    } finally {
      built.close();
    }
  });
});

describe("tiers among paying accounts: S = top ceil(15% × n) by ARR, C = bottom floor(40% × n), A/B by frequency", () => {
  // ten paying accounts, ARR in thousands: 100, 90, 90, 70, 60, 40, 40, 30, 20, 10 (Σ 550)
  const arr: Record<string, number> = {T100: 100, T90A: 90, T90B: 90, T70: 70, T60: 60, T40A: 40, T40B: 40, T30: 30, T20: 20, T10: 10};
  const exports = {
    accounts: [...Object.keys(arr), "NOPAY", "FREE"].map((id) => account(id)),
    contracts: [
      ...Object.entries(arr).map(([id, k]) => contract(`C-${id}`, id, "2026-01-01", "2026-12-31", k * 1000)),
      contract("C-FREE", "FREE", "2026-01-01", "2026-12-31", 0)
    ],
    // high frequency (>= 5 visits): T70 and T40A; T60 has 4 visits
    usage_events: [...usage("T70", 5, 1), ...usage("T40A", 5, 1), ...usage("T60", 4, 1)]
  };
  let built: Built;
  beforeAll(async () => {
    built = await buildMetrics(exports, {asOf: AS_OF});
  });
  afterAll(() => built.close());

  test("S: ceil(0.15 × 10) = 2 places; the tie at 90k for the second place makes both S", async () => {
    // arr_rank = 1 + accounts with a larger ARR: T100 1, T90A 2, T90B 2, T70 4 → S when arr_rank - 1 < 2
    const tiers = await built.rows<{account_id: string; tier: string; arr_rank: number}>(
      `SELECT account_id, tier, arr_rank FROM account_snapshot WHERE tier = 'S' ORDER BY account_id`
    );
    expect(tiers).toEqual([
      {account_id: "T100", tier: "S", arr_rank: 1},
      {account_id: "T90A", tier: "S", arr_rank: 2},
      {account_id: "T90B", tier: "S", arr_rank: 2}
    ]);
  });

  test("C: floor(0.4 × 10) = 4 places; the 40k pair straddles the line (4th and 5th) and goes up", async () => {
    // accounts with ARR <= own: T10 1, T20 2, T30 3, T40A/T40B 5 → C when <= 4
    const c = await built.rows<{account_id: string}>(`SELECT account_id FROM account_snapshot WHERE tier = 'C' ORDER BY account_id`);
    expect(c.map((r) => r.account_id)).toEqual(["T10", "T20", "T30"]);
  });

  test("the middle splits by engagement: A = high frequency, B = the rest", async () => {
    expect((await built.account("T70")).tier).toBe("A");
    expect((await built.account("T40A")).tier).toBe("A");
    expect((await built.account("T60")).tier).toBe("B"); // 4 visits: not high frequency
    expect((await built.account("T40B")).tier).toBe("B");
  });

  test("accounts without ARR have no tier", async () => {
    expect(await built.account("NOPAY")).toMatchObject({tier: null, arr: 0, has_active_contract: false});
    expect(await built.account("FREE")).toMatchObject({tier: null, arr: 0, has_active_contract: true});
  });

  test("count and ARR share per tier, and the top-20% concentration", async () => {
    const byTier = await built.rows(`SELECT tier, count(*) AS accounts, sum(arr) AS arr FROM account_snapshot WHERE tier IS NOT NULL GROUP BY tier ORDER BY tier`);
    expect(byTier).toEqual([
      {tier: "A", accounts: 2, arr: 110000},
      {tier: "B", accounts: 2, arr: 100000},
      {tier: "C", accounts: 3, arr: 60000},
      {tier: "S", accounts: 3, arr: 280000}
    ]);
    expect((await built.account("T100")).arr_share).toBeCloseTo(100 / 550, 12);
    // top 20%: ceil(0.2 × 10) = 2 accounts: 100k + 90k of 550k
    const kpis = await built.kpis();
    expect(kpis).toMatchObject({arr: 550000, paying_accounts: 10, top_accounts: 2});
    expect(kpis.top_accounts_arr_share).toBeCloseTo(190 / 550, 12);
  });

  test("changing the shares changes the tiers: topShare 0.35 → 4 S places, smallPercentile 0.5 → 5 C places", async () => {
    const changed = await buildMetrics(exports, {asOf: AS_OF, config: {tiers: {topShare: 0.35, smallPercentile: 0.5}}});
    try {
      const s = await changed.rows<{account_id: string}>(`SELECT account_id FROM account_snapshot WHERE tier = 'S' ORDER BY account_id`);
      expect(s.map((r) => r.account_id)).toEqual(["T100", "T70", "T90A", "T90B"]); // ceil(3.5) = 4: rank 4 is in
      const c = await changed.rows<{account_id: string}>(`SELECT account_id FROM account_snapshot WHERE tier = 'C' ORDER BY account_id`);
      expect(c.map((r) => r.account_id)).toEqual(["T10", "T20", "T30", "T40A", "T40B"]); // floor(5) = 5: the pair fits
    } finally {
      changed.close();
    }
  });
});
