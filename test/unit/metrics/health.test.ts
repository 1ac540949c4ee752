// The 3×3 health grid with month-over-month migration, and the health score reproduced from its components.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {account, buildMetrics, contract, type Built, type Rows} from "./fixture.js";

const AS_OF = "2026-06-30";
// windows: as of 2026-06-30 → 06-01 … 06-30; as of the month end before (2026-05-31) → 05-02 … 05-31

/** Each user makes `perUser` visits on `day`; every visit has one event in each of `modules`. */
function usage(accountId: string, day: string, users: string[], perUser: number, modules: string[]): Rows {
  return users.flatMap((user) =>
    Array.from({length: perUser}, (_, v) =>
      modules.map((module, m) => ({
        account_id: accountId,
        user_id: user,
        timestamp: `${day}T${String(8 + v).padStart(2, "0")}:${String(m).padStart(2, "0")}:00Z`,
        event: "page_view",
        module,
        feature: `${module}.view`,
        session_id: `${accountId}-${user}-${day}-${v}`,
        duration_s: 60,
        page_views: 1
      }))
    ).flat()
  );
}

describe("health grid: breadth (modules used / offered) × depth (visits per active user)", () => {
  const offered = ["m1", "m2", "m3"];
  const exports = {
    accounts: ["DOWN", "UP", "SIDE", "NOTOFFERED", "NEW"].map((id) => account(id)),
    contracts: [
      ...["DOWN", "UP", "SIDE", "NOTOFFERED"].map((id) => contract(`C-${id}`, id, "2026-01-01", "2026-12-31", 1000)),
      contract("C-NEW", "NEW", "2026-06-10", "2027-06-09", 1000)
    ],
    usage_events: [
      // DOWN  May: 3/3 modules = 1 → high; 10 visits / 2 users = 5 → high: high-high, rank 4
      //       June: 1/3 = 0.333 < 0.34 → low; 4 visits / 2 users = 2 → medium: low-medium, rank 1 → down
      ...usage("DOWN", "2026-05-20", ["d1", "d2"], 5, ["m1", "m2", "m3"]),
      ...usage("DOWN", "2026-06-20", ["d1", "d2"], 2, ["m1"]),
      // UP    May: 1/3 → low; 2 visits / 2 users = 1 → low: low-low, rank 0
      //       June: 2/3 = 0.667 < 0.67 → medium; 6 / 2 = 3 → medium: medium-medium, rank 2 → up
      ...usage("UP", "2026-05-20", ["u1", "u2"], 1, ["m1"]),
      ...usage("UP", "2026-06-20", ["u1", "u2"], 3, ["m1", "m2"]),
      // SIDE  May: 3/3 → high; 2 / 2 = 1 → low: high-low, rank 2
      //       June: 1/3 → low; 10 / 2 = 5 → high: low-high, rank 2 → same (a sideways move)
      ...usage("SIDE", "2026-05-20", ["s1", "s2"], 1, ["m1", "m2", "m3"]),
      ...usage("SIDE", "2026-06-20", ["s1", "s2"], 5, ["m1"]),
      // NOTOFFERED  June: m1 and m4, but only m1 is offered: 1/3 → low; 2 visits / 1 user = 2 → medium
      ...usage("NOTOFFERED", "2026-06-20", ["n1"], 2, ["m1", "m4"]),
      // NEW   contract from 2026-06-10: no cell last month → no migration
      ...usage("NEW", "2026-06-20", ["w1", "w2"], 3, ["m1", "m2"])
    ]
  };
  let built: Built;
  beforeAll(async () => {
    built = await buildMetrics(exports, {asOf: AS_OF, config: {grid: {modulesOffered: offered}}});
  });
  afterAll(() => built.close());

  test.each([
    ["DOWN", {grid_breadth: "low", grid_depth: "medium", grid_cell: "low-medium", grid_rank: 1, grid_cell_prev: "high-high", grid_migration: "down"}],
    ["UP", {grid_breadth: "medium", grid_depth: "medium", grid_cell: "medium-medium", grid_rank: 2, grid_cell_prev: "low-low", grid_migration: "up"}],
    ["SIDE", {grid_cell: "low-high", grid_rank: 2, grid_cell_prev: "high-low", grid_migration: "same"}],
    ["NOTOFFERED", {modules_30d: 2, modules_offered_used_30d: 1, modules_offered: 3, grid_cell: "low-medium"}],
    ["NEW", {grid_cell: "medium-medium", grid_cell_prev: null, grid_migration: null}]
  ])("%s", async (id, expected) => {
    expect(await built.account(id)).toMatchObject(expected);
  });

  test("breadth and depth are stored as numbers", async () => {
    const row = await built.account("UP");
    expect(row.breadth).toBeCloseTo(2 / 3, 12);
    expect(row.depth).toBe(3);
  });

  test("health_history holds each month's cell and the one before, so a downward migration is a query", async () => {
    const history = await built.rows(
      `SELECT month, snapshot_date, grid_cell, grid_cell_prev, grid_migration FROM health_history WHERE account_id = 'DOWN' AND month >= DATE '2026-05-01' ORDER BY month`
    );
    expect(history).toEqual([
      {month: "2026-05-01", snapshot_date: "2026-05-31", grid_cell: "high-high", grid_cell_prev: "low-low", grid_migration: "up"},
      {month: "2026-06-01", snapshot_date: "2026-06-30", grid_cell: "low-medium", grid_cell_prev: "high-high", grid_migration: "down"}
    ]);
    const down = await built.rows(`SELECT account_id FROM health_history WHERE is_as_of AND grid_migration = 'down'`);
    expect(down).toEqual([{account_id: "DOWN"}]);
    // one row per month end of the history span (12) and the as-of date, while the contract was in force (Jan–Jun)
    const months = await built.rows(`SELECT count(*) AS n FROM health_history WHERE account_id = 'DOWN'`);
    expect(months).toEqual([{n: 6}]);
  });

  test("a downward migration puts the account on the churn watch", async () => {
    expect((await built.account("DOWN")).churn_reasons).toContain("downward_migration");
    expect((await built.account("UP")).churn_reasons).not.toContain("downward_migration");
  });

  test("without grid.modulesOffered every module seen counts as offered (m1…m4)", async () => {
    const all = await buildMetrics(exports, {asOf: AS_OF});
    try {
      // NOTOFFERED now uses 2 of 4 modules = 0.5 → medium
      expect(await all.account("NOTOFFERED")).toMatchObject({modules_offered: 4, modules_offered_used_30d: 2, breadth: 0.5, grid_breadth: "medium"});
    } finally {
      all.close();
    }
  });
});

describe("health score: weighted sum of normalised components", () => {
  const exports = {
    accounts: [account("H", {seats: 10}), account("NOSEATS"), account("RED", {seats: 5}), account("GREEN", {seats: 3})],
    contracts: ["H", "NOSEATS", "RED", "GREEN"].map((id) => contract(`C-${id}`, id, "2026-01-01", "2026-12-31", 1000)),
    users: [
      {user_id: "H1", account_id: "H", role: "admin"},
      {user_id: "H2", account_id: "H", role: "champion"},
      {user_id: "H3", account_id: "H", role: "member"},
      {user_id: "H4", account_id: "H", role: "member"},
      {user_id: "N1", account_id: "NOSEATS", role: "admin"},
      {user_id: "N2", account_id: "NOSEATS", role: "champion"},
      ...["G1", "G2", "G3"].map((user_id) => ({user_id, account_id: "GREEN", role: "executive"}))
    ],
    usage_events: [
      // H, June: 4 users × 2 visits = 8 visits using modules a and b; May: 4 visits by H3
      ...usage("H", "2026-06-20", ["H1", "H2", "H3", "H4"], 2, ["a", "b"]),
      ...usage("H", "2026-05-20", ["H3"], 4, ["a"]),
      // NOSEATS: the same usage, seats unknown
      ...usage("NOSEATS", "2026-06-20", ["N1", "N2", "N3", "N4"], 2, ["a", "b"]),
      ...usage("NOSEATS", "2026-05-20", ["N3"], 4, ["a"]),
      // GREEN: 3 executives × 7 visits = 21 visits using a, b, c, d, nothing in May
      ...usage("GREEN", "2026-06-20", ["G1", "G2", "G3"], 7, ["a", "b", "c", "d"])
    ]
  };
  const config = {grid: {modulesOffered: ["a", "b", "c", "d"]}};
  let built: Built;
  beforeAll(async () => {
    built = await buildMetrics(exports, {asOf: AS_OF, config});
  });
  afterAll(() => built.close());

  test("H: every component worked out by hand", async () => {
    // activity  = min(8 visits / 20, 1)                 = 0.4    × 25 points = 10
    // breadth   = 2 of 4 offered modules                = 0.5    × 20        = 10
    // depth     = min((8 visits / 4 users) / 5, 1)      = 0.4    × 15        =  6
    // seats     = min(4 active users / 10 seats, 1)     = 0.4    × 15        =  6
    // key users = min(2 active (admin, champion) / 3, 1) = 2/3   × 15        = 10
    // trend     = 0.5 + 0.5 × (8 - 4) / 4 = 1.0, clamped to 0..1 = 1 × 10    = 10
    // score = 10 + 10 + 6 + 6 + 10 + 10 = 52.0 → yellow (40 ≤ 52 < 70)
    const row = await built.account("H");
    expect(row).toMatchObject({
      visits_30d: 8,
      active_users_30d: 4,
      key_users_active_30d: 2,
      visits_prev_30d: 4,
      health_activity: 0.4,
      health_breadth: 0.5,
      health_depth: 0.4,
      health_seats: 0.4,
      health_trend: 1,
      health_score: 52,
      health_band: "yellow",
      // every component but support (no tickets export) is measured: their weights sum to 1
      health_weight_total: 1
    });
    expect(row.health_key_users).toBeCloseTo(2 / 3, 12);
    for (const [column, points] of Object.entries({activity: 10, breadth: 10, depth: 6, seats: 6, key_users: 10, trend: 10})) {
      expect(row[`health_${column}_points`]).toBeCloseTo(points, 9);
    }
    expect(row.health_explanation).toBe(
      "Score 52.0 (yellow). Activity 10.0 of 25.0 points: 8 visits in the last 30 days; full points at 20. " +
        "Breadth of adoption 10.0 of 20.0 points: 2 of 4 modules used in the last 30 days. " +
        "Depth of use 6.0 of 15.0 points: 2.0 visits per active user; full points at 5. " +
        "Seats in use 6.0 of 15.0 points: 4 of 10 seats active in the last 30 days. " +
        "Key-user activity 10.0 of 15.0 points: 2 key users (admin, executive or champion) active in the last 30 days; full points at 3. " +
        "Trend 10.0 of 10.0 points: 8 visits against 4 in the 30 days before (+100%); half points when flat. " +
        "Support not measured: there is no support tickets export."
    );
    expect(row.health_weakest).toBe("activity"); // loses 15 points, more than any other
  });

  test("NOSEATS: an unknown seat count leaves its weight out and the others are scaled to 100", async () => {
    // the weights left sum to 0.85 (support is not measured either): score = (10 + 10 + 6 + 10 + 10) / 0.85 = 54.1176… → 54.1
    const row = await built.account("NOSEATS");
    expect(row).toMatchObject({health_seats: null, health_seats_points: null, health_weight_total: 0.85, health_score: 54.1});
    expect(row.health_activity_points).toBeCloseTo(10 / 0.85, 9);
  });

  test("RED and GREEN bands", async () => {
    expect(await built.account("RED")).toMatchObject({health_score: 0, health_band: "red", health_trend: 0});
    // GREEN: 21/20 → 1, 4/4 → 1, (21/3 = 7)/5 → 1, 3/3 → 1, 3/3 → 1, new visits → 1: 100
    expect(await built.account("GREEN")).toMatchObject({health_score: 100, health_band: "green"});
  });

  test("every score is reproduced from its stored components and the weights in metric_settings", async () => {
    // score = 100 × Σ w × value / Σ w over the components measured, with the weights metric_settings lists
    const rows = await built.rows<{reproduced: number; health_score: number; points: number}>(`
      WITH weights AS (SELECT unnest(health_components, recursive := true) FROM metric_settings),
      parts AS (
        SELECT a.account_id, a.health_score, w.id, w.weight,
          CASE w.id WHEN 'activity' THEN a.health_activity WHEN 'breadth' THEN a.health_breadth WHEN 'depth' THEN a.health_depth
                    WHEN 'seats' THEN a.health_seats WHEN 'key_users' THEN a.health_key_users WHEN 'trend' THEN a.health_trend
                    WHEN 'support' THEN a.health_support END AS value,
          CASE w.id WHEN 'activity' THEN a.health_activity_points WHEN 'breadth' THEN a.health_breadth_points
                    WHEN 'depth' THEN a.health_depth_points WHEN 'seats' THEN a.health_seats_points
                    WHEN 'key_users' THEN a.health_key_users_points WHEN 'trend' THEN a.health_trend_points
                    WHEN 'support' THEN a.health_support_points END AS points
        FROM account_snapshot a, weights w)
      SELECT account_id, any_value(health_score) AS health_score,
        round(100 * sum(weight * value) / sum(weight) FILTER (WHERE value IS NOT NULL), 1) AS reproduced,
        round(sum(points), 1) AS points
      FROM parts GROUP BY account_id`);
    expect(rows.length).toBe(4);
    for (const row of rows) {
      expect(row.reproduced).toBe(row.health_score);
      expect(row.points).toBe(row.health_score);
    }
    // the explanation's rows: shown points add up to the score exactly, and say the same as the accounts table
    const explained = await built.rows<{account_id: string; shown: number; health_score: number}>(`
      SELECT c.account_id, round(sum(c.shown_points), 1) AS shown, any_value(a.health_score) AS health_score
      FROM health_components c JOIN account_snapshot a USING (account_id) GROUP BY c.account_id ORDER BY c.account_id`);
    expect(explained.map((r) => r.shown)).toEqual(explained.map((r) => r.health_score));
  });

  test("changing the bands in the config changes the band: green from 50 makes H green", async () => {
    const changed = await buildMetrics(exports, {asOf: AS_OF, config: {...config, health: {bands: {green: 50, yellow: 40}}}});
    try {
      expect(await changed.account("H")).toMatchObject({health_score: 52, health_band: "green"});
    } finally {
      changed.close();
    }
  });

  test("changing a weight changes the score: activity weight 0.45 instead of 0.25", async () => {
    // weights 0.45, 0.2, 0.15, 0.15, 0.15, 0.1 sum to 1.2; points: 100 × (0.45×0.4 + 0.2×0.5 + 0.15×0.4 + 0.15×0.4 + 0.15×2/3 + 0.1×1) / 1.2
    //   = 100 × (0.18 + 0.1 + 0.06 + 0.06 + 0.1 + 0.1) / 1.2 = 60 / 1.2 = 50.0
    const changed = await buildMetrics(exports, {asOf: AS_OF, config: {...config, health: {weights: {activity: 0.45}}}});
    try {
      expect((await changed.account("H")).health_score).toBe(50);
    } finally {
      changed.close();
    }
  });
});
