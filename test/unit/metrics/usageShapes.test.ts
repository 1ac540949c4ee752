// Usage as product-analytics tools export it: keyed by contract (subscription) instead of account, pre-aggregated
// daily rows with a count, and without user ids or a users export. docs/metrics.md#activity, #not-measured
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {account, buildMetrics, contract, type Built} from "./fixture.js";

const AS_OF = "2026-06-30"; // the 30-day window: 2026-06-01 … 2026-06-30

describe("daily rows with a count", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildMetrics(
      {
        accounts: [account("A", {seats: 4})],
        contracts: [contract("C", "A", "2026-01-01", "2026-12-31", 1000)],
        users: [{user_id: "U", account_id: "A", role: "admin"}, {user_id: "V", account_id: "A", role: "member"}],
        usage_events: [
          // U on 06-20: 5 saved funnels (a key action) in 300 s, and 3 page views in 60 s; on 06-21, 2 other actions
          {account_id: "A", user_id: "U", timestamp: "2026-06-20", event: "save_funnel", module: "funnels", feature: "save", count: 5, duration_s: 300},
          {account_id: "A", user_id: "U", timestamp: "2026-06-20", event: "page_view", module: "reports", feature: "view", count: 3, duration_s: 60},
          {account_id: "A", user_id: "U", timestamp: "2026-06-21", event: "filter", module: "reports", feature: "filter", count: 2},
          // V on 06-22: a row that stands for no action (count 0): not active, no visit
          {account_id: "A", user_id: "V", timestamp: "2026-06-22", event: "filter", module: "alerts", feature: "filter", count: 0, duration_s: 10},
          // a timed event without a count is one action, in a visit of its own (by gaps, as before)
          {account_id: "A", user_id: "U", timestamp: "2026-06-25T09:00:00Z", event: "view", module: "reports", feature: "view"}
        ]
      },
      {asOf: AS_OF}
    );
  });
  afterAll(() => built.close());

  test("every activity number counts the actions a row stands for", async () => {
    // events: 5 + 3 + 2 + 1 = 11; key actions: 5 (save_funnel); page views: the page_view row's count, 3
    // duration: 300 + 60 + 0 + 0 = 360 s = 6 minutes; the count-0 row adds nothing (its 10 s neither)
    // visits: U's daily rows make one visit per day (06-20, 06-21), the timed event one more: 3
    // active users: U only (V's only row stands for no action); modules: funnels, reports; features: save, view, filter
    expect(await built.account("A")).toMatchObject({
      events_30d: 11, key_actions_30d: 5, page_views_30d: 3, duration_30d_minutes: 6, visits_30d: 3,
      active_users_30d: 1, key_users_active_30d: 1, modules_30d: 2, features_30d: 3
    });
  });

  test("the rollups count actions too: usage_daily, account_weekly, module_usage", async () => {
    const daily = await built.rows(`SELECT day, user_id, events, key_actions, page_views FROM ${built.tables.usage_daily} ORDER BY day, user_id`);
    expect(daily).toEqual([
      {day: "2026-06-20", user_id: "U", events: 8, key_actions: 5, page_views: 3},
      {day: "2026-06-21", user_id: "U", events: 2, key_actions: 0, page_views: 0},
      {day: "2026-06-25", user_id: "U", events: 1, key_actions: 0, page_views: 0}
    ]);
    // week of Monday 2026-06-15: 06-20 and 06-21; week of 06-22: 06-25
    const weeks = await built.rows(`SELECT week_start, visits, events, key_actions FROM ${built.tables.account_weekly} WHERE events > 0 ORDER BY week_start`);
    expect(weeks).toEqual([
      {week_start: "2026-06-15", visits: 2, events: 10, key_actions: 5},
      {week_start: "2026-06-22", visits: 1, events: 1, key_actions: 0}
    ]);
    const modules = await built.rows(`SELECT module, week_start, events, key_actions FROM ${built.tables.module_usage} ORDER BY module, week_start`);
    expect(modules).toEqual([
      {module: "funnels", week_start: "2026-06-15", events: 5, key_actions: 5},
      {module: "reports", week_start: "2026-06-15", events: 5, key_actions: 0},
      {module: "reports", week_start: "2026-06-22", events: 1, key_actions: 0}
    ]);
  });
});

describe("usage keyed by contract", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildMetrics(
      {
        accounts: [account("A"), account("B")],
        contracts: [contract("CA", "A", "2026-01-01", "", 1200, {billing_period: "monthly"}), contract("CB", "B", "2026-01-01", "2026-12-31", 500)],
        users: [],
        usage_events: [
          {contract_id: "CA", user_id: "u1", timestamp: "2026-06-20", event: "view", count: 4},
          {contract_id: "CB", user_id: "u2", timestamp: "2026-06-21", event: "view", count: 2},
          {contract_id: "CZ", user_id: "u3", timestamp: "2026-06-21", event: "view", count: 9}, // not an accepted contract
          {contract_id: "", user_id: "u4", timestamp: "2026-06-21", event: "view"} // no contract, no account
        ]
      },
      {asOf: AS_OF, omit: {usage_events: ["account_id"]}}
    );
  });
  afterAll(() => built.close());

  test("a row's account is its contract's account", async () => {
    expect(await built.account("A")).toMatchObject({events_30d: 4, visits_30d: 1, active_users_30d: 1});
    expect(await built.account("B")).toMatchObject({events_30d: 2, visits_30d: 1});
  });

  test("an unknown contract is rejected with file, row, column and reason; rows read = accepted + rejected", async () => {
    const rejects = await built.rows(`SELECT file, "row", "column", rule, reason FROM rejects WHERE export = 'usage_events' ORDER BY "row"`);
    expect(rejects).toEqual([
      {file: "usage_events.csv", row: 3, column: "contract_id", rule: "unknown_contract", reason: "unknown contract_id: CZ"},
      {file: "usage_events.csv", row: 4, column: "account_id", rule: "missing_value", reason: "missing value (and no contract_id)"}
    ]);
    expect(await built.rows(`SELECT rows_read, rows_accepted, rows_rejected FROM usage_files`)).toEqual([{rows_read: 4, rows_accepted: 2, rows_rejected: 2}]);
  });

  test("a row with both ids: the contract must be the account's", async () => {
    const mixed = await buildMetrics(
      {
        accounts: [account("A"), account("B")],
        contracts: [contract("CA", "A", "2026-01-01", "2026-12-31", 100)],
        users: [],
        usage_events: [
          {account_id: "A", contract_id: "CA", user_id: "u", timestamp: "2026-06-20"},
          {account_id: "B", contract_id: "CA", user_id: "u", timestamp: "2026-06-20"},
          {account_id: "B", user_id: "u", timestamp: "2026-06-20"}
        ]
      },
      {asOf: AS_OF}
    );
    try {
      expect(await mixed.rows(`SELECT "row", rule, reason FROM rejects`)).toEqual([
        {row: 2, rule: "contract_account_mismatch", reason: "contract CA belongs to account A, not B"}
      ]);
    } finally {
      mixed.close();
    }
  });
});

describe("usage without user ids and no users export", () => {
  let built: Built;
  const days = (n: number, from: number) => Array.from({length: n}, (_, i) => `2026-06-${String(from + i).padStart(2, "0")}`);
  beforeAll(async () => {
    built = await buildMetrics(
      {
        accounts: [account("B", {seats: 10}), account("C", {seats: 10})],
        contracts: [contract("CB", "B", "2026-01-01", "2026-12-31", 1000), contract("CC", "C", "2026-01-01", "2026-07-31", 1000)],
        usage_events: [
          // B: one daily row on each of 10 days in the window, on modules a and b: 10 visits (one per account and day)
          ...days(10, 10).map((day, i) => ({account_id: "B", timestamp: day, event: "view", module: i % 2 ? "a" : "b", feature: "f", count: 3})),
          // C: 2 days, low usage, renewal in 31 days
          ...days(2, 10).map((day) => ({account_id: "C", timestamp: day, event: "view", module: "a", feature: "f"}))
        ]
      },
      {asOf: AS_OF, omit: {usage_events: ["user_id"]}, absent: ["users"], config: {grid: {modulesOffered: ["a", "b", "c", "d"]}}}
    );
  });
  afterAll(() => built.close());

  test("what needs users is not measured (NULL), never 0", async () => {
    expect(await built.account("B")).toMatchObject({
      visits_30d: 10, events_30d: 30,
      active_users_30d: null, active_users_prev_30d: null, key_users_active_30d: null, key_user_active_14d: null,
      depth: null, grid_depth: null, grid_cell: null, health_depth: null, health_seats: null, health_key_users: null
    });
    const settings = (await built.rows(`SELECT users_measured, key_users_measured, support_measured FROM ${built.tables.metric_settings}`))[0];
    expect(settings).toEqual({users_measured: false, key_users_measured: false, support_measured: false});
    const weekly = await built.rows(`SELECT DISTINCT active_users, key_users_active FROM ${built.tables.account_weekly}`);
    expect(weekly).toEqual([{active_users: null, key_users_active: null}]);
  });

  test("the score is re-weighted over what is measured, and its explanation adds up", async () => {
    // measured: activity 10 / 20 = 0.5 (weight 0.25), breadth 2 of 4 = 0.5 (0.2), trend: visits with none before = 1 (0.1)
    // weight total 0.55; points 100 × 0.25 × 0.5 / 0.55 = 22.727…, 100 × 0.2 × 0.5 / 0.55 = 18.181…, 100 × 0.1 / 0.55 = 18.181…
    // score round(59.0909…, 1) = 59.1
    const b = await built.account("B");
    expect(b).toMatchObject({health_score: 59.1, health_weight_total: 0.55, health_band: "yellow"});
    expect(b.health_activity_points).toBeCloseTo(25 / 1.1, 9);
    // shown points: floors 22.7 + 18.1 + 18.1 = 58.9, two tenths short of 59.1: they go to the largest remainders
    // (18.18… twice, breadth before trend on the tie): 22.7 + 18.2 + 18.2 = 59.1
    const parts = await built.rows(`SELECT component, measured_for_account, shown_points, measured FROM ${built.tables.health_components}
      WHERE account_id = 'B' ORDER BY position`);
    expect(parts.map((p) => [p.component, p.shown_points])).toEqual([
      ["activity", 22.7], ["breadth", 18.2], ["depth", null], ["seats", null], ["key_users", null], ["trend", 18.2], ["support", null]
    ]);
    expect(parts.find((p) => p.component === "depth")!.measured).toBe("not measured: the usage export has no user ids");
    expect(parts.find((p) => p.component === "key_users")!.measured).toBe("not measured: the usage export has no user ids");
  });

  test("a churn rule that needs users does not fire on missing data", async () => {
    // C renews in 31 days with 2 visits and no time: the default rule's user condition is NULL, so it does not fire;
    // no key-user activity cannot be known either
    const c = await built.account("C");
    expect(c).toMatchObject({days_to_renewal: 31, visits_30d: 2});
    expect(c.churn_reasons).not.toContain("renewal_low_usage");
    expect(c.churn_reasons).not.toContain("no_key_user_activity");
  });
});
