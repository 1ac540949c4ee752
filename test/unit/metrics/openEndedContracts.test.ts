// Open-ended contracts (no end date), with and without a billing period: in force from their start, renewal dates
// counted from the start, renewal rate, retention and lifecycle. docs/metrics.md#open-ended-contracts
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {account, buildMetrics, contract, type Built} from "./fixture.js";

const AS_OF = "2026-06-30"; // KPI period: 2025-07-01 … 2026-06-30; cohort date 2025-06-30

let built: Built;
beforeAll(async () => {
  built = await buildMetrics(
    {
      accounts: ["M", "M2", "Y", "N", "X", "F"].map((id) => account(id)),
      contracts: [
        // M: monthly from a month's end: renewal dates 02-28, 03-31, 04-30, 05-31, 06-30 (the as-of date), 07-31
        contract("CM", "M", "2026-01-31", "", 1200, {billing_period: "Monthly"}),
        // M2: monthly from the 15th: … 06-15, then 07-15
        contract("CM2", "M2", "2026-01-15", "", 600, {billing_period: "1 month"}),
        // Y: annual, written in lower case: first renewal 2026-08-01
        contract("CY", "Y", "2025-08-01", "", 12000, {billing_period: "annual"}),
        // N: open-ended without a billing period: no renewal date is known
        contract("CN", "N", "2025-03-01", "", 6000),
        // X: a monthly subscription cancelled on 2026-03-09 (its last day in force)
        contract("CX", "X", "2025-01-10", "2026-03-09", 2400, {billing_period: "monthly"}),
        // F: a fixed annual term, then an open-ended annual subscription from the next day (it renews the term)
        contract("CF1", "F", "2025-01-01", "2025-12-31", 10000),
        contract("CF2", "F", "2026-01-01", "", 11000, {billing_period: "12"})
      ],
      users: [],
      usage_events: []
    },
    {asOf: AS_OF}
  );
});
afterAll(() => built.close());

describe("in force and renewal dates", () => {
  test("an open-ended contract is in force from its start; its renewal date is the first period boundary on or after the date", async () => {
    expect(await built.account("M")).toMatchObject({has_active_contract: true, open_ended: true, arr: 1200, contract_end: "2026-06-30", days_to_renewal: 0});
    // 2026-01-15 + 6 months = 2026-07-15: 15 days; the term that ends then is 06-15 … 07-15, 30 days
    expect(await built.account("M2")).toMatchObject({contract_end: "2026-07-15", days_to_renewal: 15, renewal_term_days: 30});
    // 2025-08-01 + 12 months = 2026-08-01: 32 days; a 365-day term
    expect(await built.account("Y")).toMatchObject({contract_end: "2026-08-01", days_to_renewal: 32, renewal_term_days: 365});
  });

  test("without a billing period the renewal date is unknown, never 0", async () => {
    expect(await built.account("N")).toMatchObject({has_active_contract: true, open_ended: true, arr: 6000, contract_end: null, days_to_renewal: null});
  });

  test("a cancelled subscription ends on its end date; a fixed term renewed by an open-ended one is one customer spell", async () => {
    expect(await built.account("X")).toMatchObject({has_active_contract: false, arr: 0, last_contract_end: "2026-03-09", lifecycle_stage: "churned"});
    // F's next renewal is CF2's first: 2027-01-01
    expect(await built.account("F")).toMatchObject({has_active_contract: true, arr: 11000, contract_end: "2027-01-01", customer_since: "2025-01-01"});
    const spells = await built.rows(`SELECT account_id, spell_start, spell_end FROM fct_customer_spells WHERE account_id IN ('F', 'N', 'X') ORDER BY account_id`);
    expect(spells).toEqual([
      {account_id: "F", spell_start: "2025-01-01", spell_end: null}, // open: CF2 has no end
      {account_id: "N", spell_start: "2025-03-01", spell_end: null},
      {account_id: "X", spell_start: "2025-01-10", spell_end: "2026-03-09"}
    ]);
  });

  test("a month-end snapshot uses its own date: M on 2026-05-31 renews that day", async () => {
    const [state] = await built.rows(`SELECT contract_end, days_to_renewal FROM snap_contract_state WHERE account_id = 'M' AND snapshot_date = DATE '2026-05-31'`);
    expect(state).toEqual({contract_end: "2026-05-31", days_to_renewal: 0});
  });
});

describe("lifecycle and the churn watch", () => {
  test("the renewal window is a stage of terms longer than the window: Y (annual, 32 days) is in it, M2 (monthly) is not", async () => {
    expect((await built.account("Y")).lifecycle_stage).toBe("renewal_window");
    // M2: signed 2026-01-15 (166 days), no key action but past onboarding's 60 days, a 30-day term: stable use
    expect((await built.account("M2")).lifecycle_stage).toBe("stable_use");
  });

  test("the default renewal rule fires on a known renewal date within 90 days, and not on an unknown one", async () => {
    // Y: 32 days to renewal, no visits, no active users, no time: every condition holds
    expect((await built.account("Y")).churn_reasons).toContain("renewal_low_usage");
    // N: days_to_renewal is NULL, so the rule's condition is NULL: it does not fire
    expect((await built.account("N")).churn_reasons).not.toContain("renewal_low_usage");
  });
});

describe("renewal rate and retention", () => {
  test("every contract that came up for renewal counts once in the period, at its ARR", async () => {
    // due in 2025-07-01 … 2026-06-30:
    //   CM  (renewal dates 02-28 … 06-30)  1,200  renewed: it carried on
    //   CM2 (renewal dates 02-15 … 06-15)    600  renewed
    //   CX  (end date 2026-03-09)          2,400  not renewed
    //   CF1 (end date 2025-12-31)         10,000  renewed by CF2
    //   not due: CY (first renewal date 2026-08-01), CN (no billing period), CF2 (first 2027-01-01)
    // rate = (1,200 + 600 + 10,000) / (1,200 + 600 + 2,400 + 10,000) = 11,800 / 14,200
    const kpis = await built.kpis();
    expect(kpis).toMatchObject({contracts_due: 4, contracts_renewed: 3, arr_due: 14200, arr_renewed: 11800});
    expect(kpis.renewal_rate).toBeCloseTo(11800 / 14200, 12);
  });

  test("ARR, GRR, NRR and logo churn count open-ended contracts as in force", async () => {
    // ARR: 1,200 + 600 + 12,000 + 6,000 + 11,000 = 30,800 over 5 paying accounts
    // cohort on 2025-06-30: N 6,000, X 2,400, F 10,000 (M, M2 and Y started later)
    //   now: N 6,000 (open), X 0 (ended 2026-03-09), F 11,000 (one spell: CF1 then CF2)
    //   GRR = (6,000 + 0 + 10,000) / 18,400; NRR = (6,000 + 0 + 11,000) / 18,400; logo churn 1 of 3
    const kpis = await built.kpis();
    expect(kpis).toMatchObject({arr: 30800, paying_accounts: 5, cohort_accounts: 3, churned_accounts: 1});
    expect(kpis.grr).toBeCloseTo(16000 / 18400, 12);
    expect(kpis.nrr).toBeCloseTo(17000 / 18400, 12);
    expect(kpis.logo_churn_rate).toBeCloseTo(1 / 3, 12);
  });

  test("renewals.parquet: an open-ended contract is open until it carries an end date", async () => {
    const rows = await built.rows(`SELECT contract_id, billing_period_months, renewal_outcome FROM ${built.tables.renewals} ORDER BY contract_id`);
    expect(rows).toEqual([
      {contract_id: "CF1", billing_period_months: null, renewal_outcome: "expanded"}, // renewed at 11,000 > 10,000
      {contract_id: "CF2", billing_period_months: 12, renewal_outcome: "open"},
      {contract_id: "CM", billing_period_months: 1, renewal_outcome: "open"},
      {contract_id: "CM2", billing_period_months: 1, renewal_outcome: "open"},
      {contract_id: "CN", billing_period_months: null, renewal_outcome: "open"},
      {contract_id: "CX", billing_period_months: 1, renewal_outcome: "not_renewed"},
      {contract_id: "CY", billing_period_months: 12, renewal_outcome: "open"}
    ]);
  });
});

describe("billing periods as exports write them", () => {
  test("monthly, quarterly, semiannual, annual and yearly in any case, and whole numbers of months; others are rejected", async () => {
    const periods = ["MONTHLY", "Quarterly", "semi-annual", "Yearly", "year", "3", "24 months", "weekly", "0", "121", "1.5"];
    const checked = await buildMetrics(
      {
        accounts: [account("A")],
        contracts: periods.map((period, i) => contract(`C${i}`, "A", "2026-01-01", "", 100, {billing_period: period})),
        users: [],
        usage_events: []
      },
      {asOf: AS_OF}
    );
    try {
      const accepted = await checked.rows<{contract_id: string; billing_period: number}>(`SELECT contract_id, billing_period FROM contracts ORDER BY contract_id`);
      expect(Object.fromEntries(accepted.map((r) => [r.contract_id, r.billing_period]))).toEqual({C0: 1, C1: 3, C2: 6, C3: 12, C4: 12, C5: 3, C6: 24});
      const rejected = await checked.rows(`SELECT "row", rule, reason FROM rejects WHERE export = 'contracts' ORDER BY "row"`);
      expect(rejected.map((r) => r.rule)).toEqual(["not_a_period", "not_a_period", "not_a_period", "not_a_period"]);
      expect(rejected[0].reason).toBe("not a billing period (monthly, quarterly, annual, or a number of months from 1 to 120): weekly");
    } finally {
      checked.close();
    }
  });
});
