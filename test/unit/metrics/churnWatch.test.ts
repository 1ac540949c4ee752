// The churn watch: the default rule from practice at each of its boundaries, the further signals, rules as data
// (a changed rule changes the output; a wrong rule is a clear configuration error).
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {DEFAULT_CHURN_RULES} from "../../../loaders/config/schema.js";
import {PulseConfigError} from "../../../loaders/errors.js";
import {account, buildMetrics, contract, visits, type Built, type Rows} from "./fixture.js";

const AS_OF = "2026-06-30";
// the 30-day window is 2026-06-01 … 2026-06-30; 90 days after the as-of date is 2026-09-28
const END_90 = "2026-09-28";
const END_91 = "2026-09-29";

/** Usage split over users, each visit lasting `seconds`, all on 2026-06-20 (inside the window). */
function usage(accountId: string, perUser: number[], seconds: number): Rows {
  return perUser.flatMap((n, i) => visits(accountId, `${accountId}-U${i + 1}`, "2026-06-20", n, {seconds}));
}

describe("default rule: renewal within 90 days AND < 5 visits AND < 3 active users AND < 30 minutes", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildMetrics(
      {
        accounts: ["BASE", "VISITS5", "USERS3", "MINUTES30", "DAYS91", "DAYS0", "EXPIRED"].map((id) => account(id)),
        contracts: [
          contract("C-BASE", "BASE", "2025-09-29", END_90, 10000),
          contract("C-VISITS5", "VISITS5", "2025-09-29", END_90, 10000),
          contract("C-USERS3", "USERS3", "2025-09-29", END_90, 10000),
          contract("C-MINUTES30", "MINUTES30", "2025-09-29", END_90, 10000),
          contract("C-DAYS91", "DAYS91", "2025-09-30", END_91, 10000),
          contract("C-DAYS0", "DAYS0", "2025-07-01", AS_OF, 10000),
          contract("C-EXPIRED", "EXPIRED", "2025-06-30", "2026-06-29", 10000)
        ],
        usage_events: [
          // BASE: 4 visits (2 + 2), 2 users, 4 × 435 s = 1740 s = 29 minutes, 90 days to renewal → fires
          ...usage("BASE", [2, 2], 435),
          // VISITS5: 5 visits (3 + 2), 2 users, 5 × 348 s = 1740 s = 29 minutes → does not fire (5 is not < 5)
          ...usage("VISITS5", [3, 2], 348),
          // USERS3: 4 visits by 3 users (2 + 1 + 1), 29 minutes → does not fire (3 is not < 3)
          ...usage("USERS3", [2, 1, 1], 435),
          // MINUTES30: 4 visits, 2 users, 4 × 450 s = 1800 s = 30 minutes → does not fire (30 is not < 30)
          ...usage("MINUTES30", [2, 2], 450),
          // DAYS91: as BASE but 91 days to renewal → does not fire
          ...usage("DAYS91", [2, 2], 435),
          // DAYS0: as BASE, contract ends on the as-of date: 0 days to renewal → fires
          ...usage("DAYS0", [2, 2], 435),
          // EXPIRED: as BASE but its contract ended the day before: not a customer, never on the watch
          ...usage("EXPIRED", [2, 2], 435)
        ]
      },
      {asOf: AS_OF}
    );
  });
  afterAll(() => built.close());

  test("the boundary values land in the columns the rule reads", async () => {
    expect(await built.account("BASE")).toMatchObject({visits_30d: 4, active_users_30d: 2, duration_30d_minutes: 29, days_to_renewal: 90});
    expect(await built.account("VISITS5")).toMatchObject({visits_30d: 5, duration_30d_minutes: 29});
    expect(await built.account("USERS3")).toMatchObject({visits_30d: 4, active_users_30d: 3});
    expect(await built.account("MINUTES30")).toMatchObject({duration_30d_minutes: 30});
    expect(await built.account("DAYS91")).toMatchObject({days_to_renewal: 91});
    expect(await built.account("DAYS0")).toMatchObject({days_to_renewal: 0});
  });

  test.each([
    ["BASE", true],
    ["VISITS5", false],
    ["USERS3", false],
    ["MINUTES30", false],
    ["DAYS91", false],
    ["DAYS0", true]
  ])("%s: renewal_low_usage fires = %s", async (id, fires) => {
    const row = await built.account(id);
    expect((row.churn_reasons as string[]).includes("renewal_low_usage")).toBe(fires);
    if (fires) {
      expect(row.churn_watch).toBe(true);
      expect(row.churn_reason_labels).toContain(DEFAULT_CHURN_RULES[0].label);
    }
  });

  test("an account without a contract in force is never on the watch", async () => {
    const row = await built.account("EXPIRED");
    expect(row).toMatchObject({has_active_contract: false, churn_watch: false, churn_reasons: [], lifecycle_stage: "churned"});
  });

  test("ARR at risk is the ARR of the accounts on the watch", async () => {
    const kpis = await built.kpis();
    const [{arr}] = await built.rows<{arr: number}>(`SELECT sum(arr) AS arr FROM account_snapshot WHERE churn_watch`);
    expect(kpis.arr_at_risk).toBe(arr);
  });
});

describe("the further signals", () => {
  let built: Built;
  beforeAll(async () => {
    const contracts = ["DOWN50", "DOWN25", "SMALL", "NOPREV", "KEY13", "KEY14", "NOKEY"].map((id) =>
      contract(`C-${id}`, id, "2026-01-01", "2026-12-31", 5000)
    );
    built = await buildMetrics(
      {
        accounts: ["DOWN50", "DOWN25", "SMALL", "NOPREV", "KEY13", "KEY14", "NOKEY"].map((id) => account(id)),
        contracts,
        users: [
          {user_id: "KEY13-admin", account_id: "KEY13", role: "admin"},
          {user_id: "KEY14-champ", account_id: "KEY14", role: "champion"},
          {user_id: "NOKEY-member", account_id: "NOKEY", role: "member"}
        ],
        usage_events: [
          // last 7 days = 06-24 … 06-30, the 7 before = 06-17 … 06-23
          // DOWN50: 6 visits the week before, 3 this week: (3 - 6) / 6 = -0.5 → logins_down fires (<= -0.5, from ≥ 5)
          ...visits("DOWN50", "u", "2026-06-18", 6),
          ...visits("DOWN50", "u", "2026-06-25", 3),
          // DOWN25: 4 then 3: (3 - 4) / 4 = -0.25 → does not fire
          ...visits("DOWN25", "u", "2026-06-18", 4),
          ...visits("DOWN25", "u", "2026-06-25", 3),
          // SMALL: 4 then 2: -0.5, but from fewer than 5 visits the week before → does not fire
          ...visits("SMALL", "u", "2026-06-18", 4),
          ...visits("SMALL", "u", "2026-06-25", 2),
          // NOPREV: none the week before, 3 this week: change is NULL (no base) → does not fire
          ...visits("NOPREV", "u", "2026-06-25", 3),
          // key-user window = the last 14 days, 06-17 … 06-30
          // KEY13: the admin's last event is 13 days before the as-of date (06-17) → active, rule does not fire
          ...visits("KEY13", "KEY13-admin", "2026-06-17", 1),
          // KEY14: the champion's last event is 14 days before (06-16) → not active, no_key_user_activity fires
          ...visits("KEY14", "KEY14-champ", "2026-06-16", 1),
          // NOKEY: only a member is active → no key-user activity
          ...visits("NOKEY", "NOKEY-member", "2026-06-29", 1)
        ]
      },
      {asOf: AS_OF}
    );
  });
  afterAll(() => built.close());

  test("logins down 50% or more week over week", async () => {
    expect(await built.account("DOWN50")).toMatchObject({visits_7d: 3, visits_prev_7d: 6, wow_visits_change: -0.5});
    expect((await built.account("DOWN50")).churn_reasons).toContain("logins_down");
    expect(await built.account("DOWN25")).toMatchObject({wow_visits_change: -0.25});
    expect((await built.account("DOWN25")).churn_reasons).not.toContain("logins_down");
    expect(await built.account("SMALL")).toMatchObject({visits_7d: 2, visits_prev_7d: 4, wow_visits_change: -0.5});
    expect((await built.account("SMALL")).churn_reasons).not.toContain("logins_down");
    expect(await built.account("NOPREV")).toMatchObject({visits_7d: 3, visits_prev_7d: 0, wow_visits_change: null});
    expect((await built.account("NOPREV")).churn_reasons).not.toContain("logins_down");
  });

  test("no key-user activity for 14 days", async () => {
    expect(await built.account("KEY13")).toMatchObject({key_user_active_14d: true, key_user_last_active_date: "2026-06-17"});
    expect((await built.account("KEY13")).churn_reasons).not.toContain("no_key_user_activity");
    expect(await built.account("KEY14")).toMatchObject({key_user_active_14d: false, key_user_last_active_date: "2026-06-16"});
    expect((await built.account("KEY14")).churn_reasons).toContain("no_key_user_activity");
    expect((await built.account("NOKEY")).churn_reasons).toContain("no_key_user_activity");
  });

  test("reasons are listed in the config's order, with their labels", async () => {
    const row = await built.account("KEY14");
    const ids = DEFAULT_CHURN_RULES.map((r) => r.id).filter((id) => (row.churn_reasons as string[]).includes(id));
    expect(row.churn_reasons).toEqual(ids);
    expect(row.churn_reason_labels).toEqual(ids.map((id) => DEFAULT_CHURN_RULES.find((r) => r.id === id)!.label));
  });
});

describe("rules are data", () => {
  const exports = {
    accounts: [account("SMALL"), account("BIG"), account("GONE")],
    contracts: [
      contract("C1", "SMALL", "2026-01-01", END_91, 5000),
      contract("C2", "BIG", "2026-01-01", "2026-12-31", 60000),
      contract("C3", "GONE", "2025-01-01", "2025-12-31", 60000)
    ],
    usage_events: [...visits("SMALL", "s1", "2026-06-20", 2, {seconds: 600}), ...visits("BIG", "b1", "2026-06-20", 2)]
  };

  test("a team's own rules replace the defaults; each flagged account lists which fired", async () => {
    const built = await buildMetrics(exports, {
      asOf: AS_OF,
      config: {
        churnWatch: {
          rules: [
            {id: "few_visits", label: "Fewer than 3 visits", condition: "visits_30d < 3"},
            {id: "big_account", label: "ARR of 50k or more", condition: "arr >= 50000"}
          ]
        }
      }
    });
    try {
      expect(await built.account("SMALL")).toMatchObject({churn_watch: true, churn_reasons: ["few_visits"], churn_reason_labels: ["Fewer than 3 visits"]});
      expect(await built.account("BIG")).toMatchObject({churn_reasons: ["few_visits", "big_account"]});
      // GONE has no contract in force: no rule is evaluated for it
      expect(await built.account("GONE")).toMatchObject({churn_watch: false, churn_reasons: []});
    } finally {
      built.close();
    }
  });

  test("tuning the default rule's renewal window from 90 to 120 days flags the 91-day account", async () => {
    // SMALL: 2 visits, 1 user, 20 minutes, 91 days to renewal
    const rule = DEFAULT_CHURN_RULES[0];
    const before = await buildMetrics(exports, {asOf: AS_OF});
    const after = await buildMetrics(exports, {
      asOf: AS_OF,
      config: {churnWatch: {rules: [{...rule, condition: rule.condition.replace("BETWEEN 0 AND 90", "BETWEEN 0 AND 120")}]}}
    });
    try {
      expect((await before.account("SMALL")).churn_reasons).not.toContain("renewal_low_usage");
      expect((await after.account("SMALL")).churn_reasons).toEqual(["renewal_low_usage"]);
    } finally {
      before.close();
      after.close();
    }
  });

  test("a condition naming an unknown column is a configuration error naming the rule", async () => {
    const config = {
      churnWatch: {
        rules: [DEFAULT_CHURN_RULES[0], {id: "typo", label: "Typo", condition: "vists_30d < 3"}]
      }
    };
    const error = await buildMetrics(exports, {asOf: AS_OF, config}).catch((e) => e);
    expect(error).toBeInstanceOf(PulseConfigError);
    expect(error.message).toMatch(/^configuration: churnWatch\.rules\[1\]\.condition \(rule 'typo'\) cannot be evaluated over the accounts columns: .*vists_30d/);
  });

  test("a condition that is not true/false is a configuration error", async () => {
    const config = {churnWatch: {rules: [{id: "count", label: "Count", condition: "visits_30d + 1"}]}};
    const error = await buildMetrics(exports, {asOf: AS_OF, config}).catch((e) => e);
    expect(error).toBeInstanceOf(PulseConfigError);
    expect(error.message).toBe("configuration: churnWatch.rules[0].condition (rule 'count') must be a true/false condition, but 'visits_30d + 1' gives BIGINT");
  });

  test("a condition that fails on the data names the rule", async () => {
    const config = {churnWatch: {rules: [{id: "cast", label: "Cast", condition: "CAST(name AS INTEGER) > 0"}]}};
    const error = await buildMetrics(exports, {asOf: AS_OF, config}).catch((e) => e);
    expect(error).toBeInstanceOf(PulseConfigError);
    expect(error.message).toMatch(/^configuration: churnWatch\.rules\[0\]\.condition \(rule 'cast'\) fails on the data: /);
  });
});
