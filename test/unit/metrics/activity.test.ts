// Activity windows relative to the as-of date, visits from sessions, weekly and module facts, key users, and the
// two properties a build must keep: an earlier as-of date reproduces what was shown then, and identical inputs
// give byte-identical Parquet.
import {mkdtempSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {writeTables} from "../../../loaders/write/writeTables.js";
import {account, buildMetrics, contract, visits, type Built, type Exports} from "./fixture.js";

const AS_OF = "2026-06-30";

const ev = (account_id: string, user_id: string, timestamp: string, extra: Record<string, string | number | null> = {}) => ({
  account_id,
  user_id,
  timestamp,
  event: "page_view",
  module: "m1",
  feature: "f1",
  session_id: null,
  duration_s: 60,
  page_views: 1,
  ...extra
});

const exports: Exports = {
  accounts: [account("S", {seats: 5}), account("W")],
  contracts: [contract("CS", "S", "2026-01-01", "2026-12-31", 1000), contract("CW", "W", "2026-01-01", "2026-12-31", 1000)],
  users: [
    {user_id: "U1", account_id: "S", role: "admin"},
    {user_id: "U2", account_id: "S", role: "member"},
    {user_id: "U3", account_id: "S", role: "executive"},
    {user_id: "U9", account_id: "S", role: "champion"}
  ],
  usage_events: [
    // S: sessions s1 (2 events, U1) and s2 (U2) → 2 visits
    ev("S", "U1", "2026-06-20T10:00:00Z", {session_id: "s1", page_views: 3, duration_s: 120}),
    ev("S", "U1", "2026-06-20T10:05:00Z", {session_id: "s1", page_views: 2, duration_s: 60, module: "m2", feature: "f2", event: "save_funnel"}),
    ev("S", "U2", "2026-06-20T11:00:00Z", {session_id: "s2", page_views: 1, duration_s: 30}),
    // S: U3 without session ids: 10:00, 10:20 (20 minutes later: same visit), 11:00 (40 minutes: a new visit) → 2 visits
    ev("S", "U3", "2026-06-21T10:00:00Z", {page_views: 1, duration_s: 90}),
    ev("S", "U3", "2026-06-21T10:20:00Z", {page_views: null, event: "page_view", duration_s: null}),
    ev("S", "U3", "2026-06-21T11:00:00Z", {page_views: 0, event: "export_data", duration_s: 300}),
    // W: 2026-05-31 is 30 days before the as-of date (outside the window), 06-01 is inside, 06-30 23:59 inside,
    //    07-01 is after the as-of date: ignored everywhere
    ev("W", "w1", "2026-05-31T12:00:00Z", {session_id: "w-a"}),
    ev("W", "w1", "2026-06-01T00:00:00Z", {session_id: "w-b"}),
    ev("W", "w1", "2026-06-30T23:59:59Z", {session_id: "w-c"}),
    ev("W", "w1", "2026-07-01T00:00:00Z", {session_id: "w-d"})
  ]
};

describe("activity as of the as-of date", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildMetrics(exports, {asOf: AS_OF});
  });
  afterAll(() => built.close());

  test("visits are sessions; events without a session id split after 30 minutes of inactivity", async () => {
    // s1, s2, and U3's two derived visits → 4; users U1, U2, U3 → 3
    // page views: 3 + 2 + 1 + 1 + 1 (a page_view without page_views counts 1) + 0 = 8 → 8 / 4 = 2 per visit
    // duration: 120 + 60 + 30 + 90 + 0 + 300 = 600 s = 10 minutes; key actions: save_funnel, export_data = 2
    expect(await built.account("S")).toMatchObject({
      visits_30d: 4,
      active_users_30d: 3,
      page_views_30d: 8,
      pages_per_visit_30d: 2,
      duration_30d_minutes: 10,
      modules_30d: 2,
      features_30d: 2,
      key_actions_30d: 2,
      events_30d: 6,
      key_users_active_30d: 2, // U1 admin, U3 executive
      last_active_date: "2026-06-21"
    });
  });

  test("a longer session gap joins U3's events into one visit", async () => {
    const longer = await buildMetrics(exports, {asOf: AS_OF, config: {activity: {sessionGapMinutes: 45}}});
    try {
      expect((await longer.account("S")).visits_30d).toBe(3);
    } finally {
      longer.close();
    }
  });

  test("the 30-day window is (as-of - 30, as-of]; events after the as-of date are ignored", async () => {
    expect(await built.account("W")).toMatchObject({visits_30d: 2, visits_prev_30d: 1, last_active_date: "2026-06-30"});
    // the rollups keep the 07-01 event (they do not depend on the as-of date); the views every metric reads do not
    const after = (table: string) => built.rows<{n: number}>(`SELECT count(*) AS n FROM ${table} WHERE day > DATE '${AS_OF}'`);
    expect(await after("rollup_visits")).toEqual([{n: 1}]);
    expect(await after("stg_usage_visits")).toEqual([{n: 0}]);
    expect(await after("stg_usage_features")).toEqual([{n: 0}]);
  });

  test("a shorter window setting narrows every 30-day column", async () => {
    const short = await buildMetrics(exports, {asOf: AS_OF, config: {activity: {windowDays: 7}}});
    try {
      // the window is now 06-24 … 06-30: only the 06-30 visit of W
      expect((await short.account("W")).visits_30d).toBe(1);
      expect((await short.account("S")).visits_30d).toBe(0);
    } finally {
      short.close();
    }
  });

  test("account_weekly: ISO weeks from Monday, zeros where nothing happened, the as-of week partial", async () => {
    const weeks = await built.rows(
      `SELECT week_start, days_observed, visits, active_users FROM account_weekly_t WHERE account_id = 'W' AND week_start >= DATE '2026-05-25' ORDER BY week_start`.replace("account_weekly_t", built.tables.account_weekly)
    );
    expect(weeks).toEqual([
      {week_start: "2026-05-25", days_observed: 7, visits: 1, active_users: 1}, // Sunday 05-31
      {week_start: "2026-06-01", days_observed: 7, visits: 1, active_users: 1}, // Monday 06-01
      {week_start: "2026-06-08", days_observed: 7, visits: 0, active_users: 0},
      {week_start: "2026-06-15", days_observed: 7, visits: 0, active_users: 0},
      {week_start: "2026-06-22", days_observed: 7, visits: 0, active_users: 0},
      {week_start: "2026-06-29", days_observed: 2, visits: 1, active_users: 1} // 06-29 and 06-30 observed; 07-01 ignored
    ]);
    // the span starts with the week of 2025-06-01, history.months (12) before the as-of month
    const [{first}] = await built.rows<{first: string}>(`SELECT min(week_start) AS first FROM ${built.tables.account_weekly}`);
    expect(first).toBe("2025-05-26");
  });

  test("account_weekly adds up to the trailing window where the weeks cover it", async () => {
    // S's June weeks hold all its 30-day activity
    const [{visits}] = await built.rows<{visits: number}>(
      `SELECT sum(visits) AS visits FROM ${built.tables.account_weekly} WHERE account_id = 'S' AND week_start >= DATE '2026-06-01'`
    );
    expect(visits).toBe((await built.account("S")).visits_30d);
  });

  test("module_usage: account × module × week", async () => {
    const rows = await built.rows(`SELECT module, week_start, visits, active_users, key_actions, events FROM ${built.tables.module_usage} WHERE account_id = 'S' ORDER BY module, week_start`);
    expect(rows).toEqual([
      {module: "m1", week_start: "2026-06-15", visits: 4, active_users: 3, key_actions: 1, events: 5}, // s1, s2 and both of U3's visits
      {module: "m2", week_start: "2026-06-15", visits: 1, active_users: 1, key_actions: 1, events: 1}
    ]);
  });

  test("feature_usage: account × module × feature over the last 4 whole weeks and the 4 before", async () => {
    // as of Tuesday 2026-06-30 the last whole week is Mon 06-22 – Sun 06-28, so 'last' = 06-01 – 06-28 and
    // 'previous' = 05-04 – 05-31; W's event on 06-30 is in a week not yet over (left out, like 07-01)
    const rows = await built.rows(`SELECT account_id, module, feature, period, events, key_actions, active_days FROM ${built.tables.feature_usage} ORDER BY ALL`);
    expect(rows).toEqual([
      // s1's first event, s2's, and U3's three (export_data is a key action) on 06-20 and 06-21
      {account_id: "S", module: "m1", feature: "f1", period: "last", events: 5, key_actions: 1, active_days: 2},
      {account_id: "S", module: "m2", feature: "f2", period: "last", events: 1, key_actions: 1, active_days: 1}, // save_funnel
      {account_id: "W", module: "m1", feature: "f1", period: "last", events: 1, key_actions: 0, active_days: 1}, // 06-01
      {account_id: "W", module: "m1", feature: "f1", period: "previous", events: 1, key_actions: 0, active_days: 1} // 05-31
    ]);
    // the page's module windows end with the same week, read from the build's settings
    expect(await built.rows(`SELECT last_whole_week FROM ${built.tables.metric_settings}`)).toEqual([{last_whole_week: "2026-06-22"}]);
  });

  test("key_users: one row per admin, executive or champion, with last activity", async () => {
    const rows = await built.rows(`SELECT user_id, role, last_active_date, days_since_active, active_14d, visits_30d, key_actions_30d FROM ${built.tables.key_users} ORDER BY user_id`);
    expect(rows).toEqual([
      {user_id: "U1", role: "admin", last_active_date: "2026-06-20", days_since_active: 10, active_14d: true, visits_30d: 1, key_actions_30d: 1},
      {user_id: "U3", role: "executive", last_active_date: "2026-06-21", days_since_active: 9, active_14d: true, visits_30d: 2, key_actions_30d: 1},
      {user_id: "U9", role: "champion", last_active_date: null, days_since_active: null, active_14d: false, visits_30d: 0, key_actions_30d: 0}
    ]);
  });
});

describe("visit keys", () => {
  test("a session id that reads like a derived visit's key is still a visit of its own", async () => {
    // x1's two events without a session 10 minutes apart are one derived visit (the first of x1); the session
    // "x1:1" (written with a leading space in the export, which is trimmed) is a second visit
    const built = await buildMetrics(
      {
        accounts: [account("X")],
        contracts: [contract("CX", "X", "2026-01-01", "2026-12-31", 1000)],
        users: [],
        usage_events: [
          ev("X", "x1", "2026-06-20T10:00:00Z"),
          ev("X", "x1", "2026-06-20T10:10:00Z"),
          ev("X", "x1", "2026-06-20T12:00:00Z", {session_id: " x1:1"}),
          ev("X", "x1", "2026-06-20T12:01:00Z", {session_id: "x1:1"})
        ]
      },
      {asOf: AS_OF}
    );
    try {
      expect(await built.rows(`SELECT visits_30d FROM account_snapshot`)).toEqual([{visits_30d: 2}]);
      expect(await built.rows(`SELECT events FROM fct_visits ORDER BY events`)).toEqual([{events: 2}, {events: 2}]);
    } finally {
      built.close();
    }
  });
});

describe("as-of date and reproducibility", () => {
  const history: Exports = {
    accounts: [account("H", {seats: 4}), account("G", {seats: 2})],
    contracts: [contract("CH", "H", "2025-06-01", "2026-08-31", 30000), contract("CG", "G", "2026-01-01", "2026-12-31", 10000)],
    users: [{user_id: "h-admin", account_id: "H", role: "admin"}],
    usage_events: [
      ...visits("H", "h-admin", "2026-04-10", 6, {module: "m1"}),
      ...visits("H", "h2", "2026-05-12", 3, {module: "m2"}),
      ...visits("H", "h-admin", "2026-05-28", 2, {module: "m3", event: "save_funnel"}),
      ...visits("H", "h2", "2026-06-15", 1, {module: "m1"}),
      ...visits("G", "g1", "2026-05-20", 8, {module: "m1"}),
      ...visits("G", "g1", "2026-06-25", 1, {module: "m2"})
    ]
  };

  test("the month-end rows of a later build equal the build as of that month end", async () => {
    const later = await buildMetrics(history, {asOf: AS_OF});
    const then = await buildMetrics(history, {asOf: "2026-05-31"});
    try {
      const columns = "account_id, arr, tier, segment, lifecycle_stage, visits_30d, active_users_30d, health_score, health_band, grid_cell, grid_cell_prev, grid_migration, churn_watch, churn_reasons";
      const fromHistory = await later.rows(`SELECT ${columns} FROM health_history WHERE snapshot_date = DATE '2026-05-31' ORDER BY account_id`);
      const asThen = await then.rows(`SELECT ${columns} FROM account_snapshot WHERE has_active_contract ORDER BY account_id`);
      expect(fromHistory).toEqual(asThen);
      expect(fromHistory.length).toBe(2);
      // and the KPI row of that month end is the as-of row of the earlier build
      const {is_as_of: _a, ...laterMay} = await later.kpis("2026-05-31");
      const {is_as_of: _b, ...thenMay} = await then.kpis("2026-05-31");
      expect(laterMay).toEqual(thenMay);
    } finally {
      later.close();
      then.close();
    }
  });

  test("identical inputs give byte-identical Parquet", async () => {
    const dirs: string[] = [];
    try {
      for (let run = 0; run < 2; run++) {
        const built = await buildMetrics(history, {asOf: AS_OF});
        const dir = mkdtempSync(join(tmpdir(), "pulse-parquet-"));
        dirs.push(dir);
        await writeTables(built.db, dir, built.tables);
        built.close();
      }
      const files = readdirSync(dirs[0]).sort();
      expect(files).toEqual(["account_weekly.parquet", "accounts.parquet", "backtest_accounts.parquet", "churn_backtest.parquet", "churn_backtest_whatif.parquet", "churn_lead_times.parquet", "churns.parquet", "feature_usage.parquet", "funnel.parquet", "health_components.parquet", "health_history.parquet", "key_users.parquet", "kpis.parquet", "metric_settings.parquet", "module_usage.parquet", "renewals.parquet", "usage_daily.parquet"]);
      for (const file of files) expect(readFileSync(join(dirs[1], file)).equals(readFileSync(join(dirs[0], file))), file).toBe(true);
    } finally {
      for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
    }
  });
});
