// The activity columns are named for their window (visits_window, key_user_active_recent), not for its default
// length; the old names (visits_30d, key_user_active_14d, …) stay one release as extra columns holding the same
// values, in the tables and in churn-watch conditions (docs/metrics.md#deprecated-names).
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {account, buildMetrics, contract, visits, type Built} from "./fixture.js";

/** deprecated name → its new name, as docs/metrics.md#deprecated-names lists them */
const ACCOUNT_ALIASES: Record<string, string> = {
  visits_30d: "visits_window",
  page_views_30d: "page_views_window",
  active_users_30d: "active_users_window",
  duration_30d_minutes: "duration_window_minutes",
  modules_30d: "modules_window",
  modules_offered_used_30d: "modules_offered_used_window",
  features_30d: "features_window",
  key_actions_30d: "key_actions_window",
  events_30d: "events_window",
  pages_per_visit_30d: "pages_per_visit_window",
  key_users_active_30d: "key_users_active_window",
  visits_prev_30d: "visits_prev_window",
  active_users_prev_30d: "active_users_prev_window",
  key_user_active_14d: "key_user_active_recent"
};

const KEY_USER_ALIASES: Record<string, string> = {
  active_14d: "active_recent",
  visits_30d: "visits_window",
  events_30d: "events_window",
  key_actions_30d: "key_actions_window",
  duration_30d_minutes: "duration_window_minutes",
  active_days_30d: "active_days_window"
};

const AS_OF = "2026-06-30";
// windowDays 7: the window is 06-24 … 06-30, the one before 06-17 … 06-23; keyUserWindowDays 3: 06-28 … 06-30
const config = {
  activity: {windowDays: 7, keyUserWindowDays: 3},
  churnWatch: {
    rules: [
      {id: "old_name", label: "old name", condition: "visits_30d >= 3 AND key_user_active_14d"},
      {id: "new_name", label: "new name", condition: "visits_window >= 3 AND key_user_active_recent"}
    ]
  }
};

let built: Built;

beforeAll(async () => {
  built = await buildMetrics(
    {
      accounts: [account("A")],
      contracts: [contract("C", "A", "2026-01-01", "2026-12-31", 1000)],
      users: [{user_id: "u", account_id: "A", role: "admin"}],
      // in the window: 3 visits on 06-29 (in the key-user window too); in the window before: 2 on 06-20;
      // before both: 4 on 06-01, which a 30-day window would have counted
      usage_events: [...visits("A", "u", "2026-06-29", 3), ...visits("A", "u", "2026-06-20", 2), ...visits("A", "u", "2026-06-01", 4)]
    },
    {asOf: AS_OF, config}
  );
});

afterAll(() => built?.close());

describe("window-independent names", () => {
  test("the new names hold the configured window, not 30 or 14 days", async () => {
    // 3 visits in 06-24 … 06-30, 2 in 06-17 … 06-23; the admin was active on 06-29, within the 3 days
    expect(await built.account("A")).toMatchObject({visits_window: 3, visits_prev_window: 2, active_users_window: 1, key_user_active_recent: true});
  });

  test("accounts: every deprecated name is an extra column with its new name's value", async () => {
    const row = await built.account("A");
    for (const [old, name] of Object.entries(ACCOUNT_ALIASES)) {
      expect(row, old).toHaveProperty(name);
      expect(row[old], old).toEqual(row[name]);
    }
  });

  test("health_history and key_users keep their deprecated names too", async () => {
    const [history] = await built.rows(`SELECT visits_window, visits_30d, active_users_window, active_users_30d FROM ${built.tables.health_history} WHERE is_as_of`);
    expect(history).toEqual({visits_window: 3, visits_30d: 3, active_users_window: 1, active_users_30d: 1});
    const [user] = await built.rows(`SELECT * FROM ${built.tables.key_users} WHERE user_id = 'u'`);
    // 3 visits and 3 events in the window (06-29), on one day; active within the key-user window
    expect(user).toMatchObject({active_recent: true, visits_window: 3, events_window: 3, active_days_window: 1});
    for (const [old, name] of Object.entries(KEY_USER_ALIASES)) expect(user[old], old).toEqual(user[name]);
  });

  test("a churn-watch condition may use either name", async () => {
    expect((await built.account("A")).churn_reasons).toEqual(["old_name", "new_name"]);
  });
});
