// Lifecycle stages on the as-of date, and the funnel from first visit to renewal by cohort month.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {account, buildMetrics, contract, visits, type Built} from "./fixture.js";

const AS_OF = "2026-06-30";

describe("lifecycle stage", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildMetrics(
      {
        accounts: ["HANDOVER", "ONBOARDING", "ONBOARDED", "ONB_TIMEOUT", "ROLLOUT", "STABLE", "WINDOW", "RENEWED", "EXPANDED", "CHURNED", "PROSPECT", "UPCOMING"].map((id) => account(id)),
        contracts: [
          contract("C-HANDOVER", "HANDOVER", "2026-06-25", "2027-06-24", 1000), // signed 5 days ago (< 14)
          contract("C-ONBOARDING", "ONBOARDING", "2026-05-20", "2027-05-19", 1000), // 41 days, no key action yet (< 60)
          contract("C-ONBOARDED", "ONBOARDED", "2026-05-20", "2027-05-19", 1000), // 41 days, first key action on 06-01
          contract("C-ONB_TIMEOUT", "ONB_TIMEOUT", "2026-04-01", "2027-03-31", 1000), // 90 days, never a key action
          contract("C-ROLLOUT", "ROLLOUT", "2025-01-01", "2026-12-31", 1000),
          contract("C-STABLE", "STABLE", "2025-01-01", "2026-12-31", 1000),
          contract("C-WINDOW", "WINDOW", "2025-09-01", "2026-08-31", 1000), // 62 days to renewal (<= 90)
          contract("C-RENEWED", "RENEWED", "2025-06-16", "2026-06-15", 10000),
          contract("C-RENEWED2", "RENEWED", "2026-06-16", "2027-06-15", 10000, {signed_at: "2026-06-10", renewal_of: "C-RENEWED"}), // started 14 days ago (< 30)
          contract("C-EXPANDED", "EXPANDED", "2025-08-01", "2026-07-31", 10000),
          contract("C-EXPANDED2", "EXPANDED", "2026-08-01", "2027-07-31", 15000, {signed_at: "2026-06-01", renewal_of: "C-EXPANDED"}), // signed ahead, higher ARR
          contract("C-CHURNED", "CHURNED", "2025-04-01", "2026-03-31", 1000),
          contract("C-UPCOMING", "UPCOMING", "2026-07-01", "2027-06-30", 1000, {signed_at: "2026-06-20"}) // signed, starts tomorrow
        ],
        usage_events: [
          ...visits("ONBOARDING", "o1", "2026-06-10", 2),
          ...visits("ONBOARDED", "o2", "2026-06-01", 1, {event: "save_funnel"}),
          // ROLLOUT: 1 user in the window before (May), 2 users now → active users still growing
          ...visits("ROLLOUT", "r1", "2026-05-20", 2),
          ...visits("ROLLOUT", "r1", "2026-06-20", 2),
          ...visits("ROLLOUT", "r2", "2026-06-20", 2),
          // STABLE: 2 users then, 2 users now
          ...visits("STABLE", "s1", "2026-05-20", 2),
          ...visits("STABLE", "s2", "2026-05-20", 2),
          ...visits("STABLE", "s1", "2026-06-20", 2),
          ...visits("STABLE", "s2", "2026-06-20", 2),
          ...visits("STABLE", "s1", "2025-02-01", 1, {event: "publish_report", tag: "k"})
        ]
      },
      {asOf: AS_OF}
    );
  });
  afterAll(() => built.close());

  test.each([
    ["HANDOVER", "handover"],
    ["ONBOARDING", "onboarding"],
    ["ONBOARDED", "internal_rollout"],
    ["ONB_TIMEOUT", "stable_use"],
    ["ROLLOUT", "internal_rollout"],
    ["STABLE", "stable_use"],
    ["WINDOW", "renewal_window"],
    ["RENEWED", "renewed"],
    ["EXPANDED", "expanded"],
    ["CHURNED", "churned"],
    ["PROSPECT", "prospect"],
    ["UPCOMING", "handover"]
  ])("%s → %s", async (id, stage) => {
    expect((await built.account(id)).lifecycle_stage).toBe(stage);
  });

  test("the facts behind the stages", async () => {
    expect(await built.account("HANDOVER")).toMatchObject({days_since_signing: 5});
    expect(await built.account("ONBOARDED")).toMatchObject({days_since_signing: 41, first_key_action_date: "2026-06-01"});
    expect(await built.account("WINDOW")).toMatchObject({days_to_renewal: 62});
    expect(await built.account("RENEWED")).toMatchObject({recently_renewed: true, customer_since: "2025-06-16", contract_start: "2026-06-16"});
    // a signed renewal moves the next renewal date to the end of the renewal
    expect(await built.account("EXPANDED")).toMatchObject({renewal_signed: true, renewal_expanded: true, contract_end: "2027-07-31", days_to_renewal: 396, arr: 10000});
    expect(await built.account("CHURNED")).toMatchObject({has_active_contract: false, last_contract_end: "2026-03-31", days_to_renewal: null});
    expect(await built.account("UPCOMING")).toMatchObject({has_active_contract: false, arr: 0});
  });

  test("changing the renewal window to 30 days moves WINDOW (62 days) to stable use", async () => {
    const changed = await buildMetrics(
      {accounts: [account("WINDOW")], contracts: [contract("C-WINDOW", "WINDOW", "2025-09-01", "2026-08-31", 1000)]},
      {asOf: AS_OF, config: {lifecycle: {renewalWindowDays: 30}}}
    );
    try {
      expect((await changed.account("WINDOW")).lifecycle_stage).toBe("stable_use");
    } finally {
      changed.close();
    }
  });
});

describe("expanded or renewed: lifecycle.expansionMinChange", () => {
  // UPLIFT renews 10,000 at 10,300 (+3%), UPSELL at 12,000 (+20%), CUT at 9,800 (−2%); each renewal started
  // 14 days before the as-of date (< renewedDays 30), so each account's stage is renewed or expanded
  const data = {
    accounts: ["UPLIFT", "UPSELL", "CUT"].map((id) => account(id)),
    contracts: [
      ["UPLIFT", 10300],
      ["UPSELL", 12000],
      ["CUT", 9800]
    ].flatMap(([id, renewalArr]) => [
      contract(`C-${id}`, id as string, "2025-06-16", "2026-06-15", 10000),
      contract(`C-${id}2`, id as string, "2026-06-16", "2027-06-15", renewalArr as number, {signed_at: "2026-06-10", renewal_of: `C-${id}`})
    ])
  };
  const outcomes = async (built: Built) =>
    Object.fromEntries(
      (await built.rows<{contract_id: string; renewal_outcome: string}>(`SELECT contract_id, renewal_outcome FROM ${built.tables.renewals} WHERE contract_id IN ('C-UPLIFT', 'C-UPSELL', 'C-CUT')`)).map((r) => [
        r.contract_id,
        r.renewal_outcome
      ])
    );

  test("at 0 any increase is an expansion, any decrease a contraction", async () => {
    const built = await buildMetrics(data, {asOf: AS_OF, config: {lifecycle: {expansionMinChange: 0}}});
    try {
      expect((await built.account("UPLIFT")).lifecycle_stage).toBe("expanded");
      expect((await built.account("UPSELL")).lifecycle_stage).toBe("expanded");
      expect((await built.account("CUT")).lifecycle_stage).toBe("renewed");
      expect(await outcomes(built)).toEqual({"C-UPLIFT": "expanded", "C-UPSELL": "expanded", "C-CUT": "contracted"});
    } finally {
      built.close();
    }
  });

  test("by default (0.05) a 3% uplift and a 2% cut are renewals at the same value; +20% is still an expansion", async () => {
    const built = await buildMetrics(data, {asOf: AS_OF});
    try {
      // 10,300 > 10,000 × 1.05 = 10,500? no → renewed; 12,000 > 10,500 → expanded; 9,800 < 9,500? no → renewed
      expect((await built.account("UPLIFT")).lifecycle_stage).toBe("renewed");
      expect((await built.account("UPSELL")).lifecycle_stage).toBe("expanded");
      expect(await outcomes(built)).toEqual({"C-UPLIFT": "renewed", "C-UPSELL": "expanded", "C-CUT": "renewed"});
      // ARR is a sum and does not depend on the label
      expect((await built.account("UPLIFT")).arr).toBe(10300);
    } finally {
      built.close();
    }
  });
});

describe("funnel: visited → registered → trial → opportunity → signed → onboarded → active → renewed", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildMetrics(
      {
        accounts: ["A1", "A8", "A9"].map((id) => account(id)),
        contracts: [
          contract("K1", "A1", "2026-03-01", "2027-02-28", 1000, {signed_at: "2026-03-01"}),
          contract("K8", "A8", "2025-02-01", "2026-01-31", 1000),
          contract("K8b", "A8", "2026-02-01", "2027-01-31", 1000, {signed_at: "2026-01-20", renewal_of: "K8"}),
          contract("K9", "A9", "2026-01-15", "2027-01-14", 1000)
        ],
        leads: [
          // L1: every pre-sale step, then A1 signs
          {lead_id: "L1", account_id: "A1", visited_at: "2026-01-05", registered_at: "2026-01-06", trial_at: "2026-01-10", opportunity_at: "2026-02-01", signed_at: "2026-03-01"},
          {lead_id: "L2", visited_at: "2026-01-10", registered_at: "2026-01-12"},
          // L3 skips registration in the CRM: its trial implies it registered
          {lead_id: "L3", visited_at: "2026-02-03", trial_at: "2026-02-10"},
          // L4 is after the as-of date: not counted
          {lead_id: "L4", visited_at: "2026-07-15"},
          // L5 is A1's second lead: its own visit only (A1's post-sale stages belong to L1, its earliest lead)
          {lead_id: "L5", account_id: "A1", visited_at: "2026-04-01"}
        ],
        usage_events: [
          // A1: a key action on 03-05 (onboarded); 1 + 5 visits within 30 days by 03-10 (active: >= 5)
          ...visits("A1", "a", "2026-03-05", 1, {event: "save_funnel", tag: "k"}),
          ...visits("A1", "a", "2026-03-10", 5),
          // A8 (no lead: enters at signed): onboarded and active in March 2025, renewed (K8b signed 2026-01-20)
          ...visits("A8", "b", "2025-03-05", 1, {event: "save_funnel", tag: "k"}),
          ...visits("A8", "b", "2025-03-10", 5)
          // A9 (no lead): signed, nothing else
        ]
      },
      {asOf: AS_OF}
    );
  });
  afterAll(() => built.close());

  test("all cohorts: counts, and step conversion among journeys that reached the stage before", async () => {
    const rows = await built.rows(`SELECT stage, journeys, converted, step_conversion FROM funnel WHERE cohort_month IS NULL ORDER BY stage_order`);
    expect(rows).toEqual([
      {stage: "visited", journeys: 4, converted: 4, step_conversion: null}, // L1, L2, L3, L5
      {stage: "registered", journeys: 3, converted: 3, step_conversion: 0.75}, // L1, L2, L3 (implied) of 4
      {stage: "trial", journeys: 2, converted: 2, step_conversion: 2 / 3}, // L1, L3 of 3
      {stage: "opportunity", journeys: 1, converted: 1, step_conversion: 0.5}, // L1 of 2
      {stage: "signed", journeys: 3, converted: 1, step_conversion: 1}, // L1, A8, A9; only L1 was an opportunity: 1 of 1
      {stage: "onboarded", journeys: 2, converted: 2, step_conversion: 2 / 3}, // L1 (A1), A8 of 3
      {stage: "active", journeys: 2, converted: 2, step_conversion: 1}, // L1, A8 of 2
      {stage: "renewed", journeys: 1, converted: 1, step_conversion: 0.5} // A8 of 2
    ]);
  });

  test("by cohort month (the month of a journey's first date)", async () => {
    const january = await built.rows(`SELECT stage, journeys FROM funnel WHERE cohort_month = DATE '2026-01-01' ORDER BY stage_order`);
    // L1, L2 and A9 start in January 2026
    expect(january.map((r) => r.journeys)).toEqual([2, 2, 1, 1, 2, 1, 1, 0]);
    const cohorts = await built.rows(`SELECT DISTINCT cohort_month FROM funnel WHERE cohort_month IS NOT NULL ORDER BY 1`);
    expect(cohorts.map((r) => r.cohort_month)).toEqual(["2025-02-01", "2026-01-01", "2026-02-01", "2026-04-01"]);
  });
});
