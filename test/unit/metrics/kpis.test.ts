// Business KPIs on a handful of contracts with expansion, contraction, churn and reactivation: renewal rate, GRR,
// NRR, logo churn, lifetime, LTV, LTV/CAC, ARR, concentration — and the 100% renewal edge case.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {account, buildMetrics, contract, type Built, type Exports} from "./fixture.js";

const AS_OF = "2026-06-30";
// the trailing 12 months: 2025-07-01 … 2026-06-30; "12 months ago" = 2025-06-30

const exports: Exports = {
  accounts: ["R1", "R2", "R3", "R4", "R5", "R6"].map((id) => account(id)),
  contracts: [
    // R1 expands: 10k renewed at 12k
    contract("C1", "R1", "2025-01-01", "2025-12-31", 10000, {signed_at: "2024-12-15", cac: 2000}),
    contract("C1b", "R1", "2026-01-01", "2026-12-31", 12000, {signed_at: "2025-12-10", renewal_of: "C1"}),
    // R2 churns: 10k not renewed
    contract("C2", "R2", "2025-03-01", "2026-02-28", 10000),
    // R3 contracts: 60k renewed at 50k
    contract("C3", "R3", "2025-04-01", "2026-03-31", 60000),
    contract("C3b", "R3", "2026-04-01", "2027-03-31", 50000, {signed_at: "2026-03-20", renewal_of: "C3"}),
    // R4 leaves and comes back (reactivation): 20k ends 2025-09-30 unrenewed; a new 25k contract from 2026-03-01
    contract("C4", "R4", "2025-01-01", "2025-09-30", 20000),
    contract("C4b", "R4", "2026-03-01", "2027-02-28", 25000),
    // R5 is a new logo in the period, CAC 8k
    contract("C5", "R5", "2026-01-01", "2026-12-31", 40000, {cac: 8000}),
    // R6 is steady: one 5k contract over the whole period
    contract("C6", "R6", "2025-06-01", "2027-05-31", 5000)
  ]
};

describe("retention KPIs as of 2026-06-30", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildMetrics(exports, {asOf: AS_OF});
  });
  afterAll(() => built.close());

  test("renewal rate counts ARR up for renewal, at the expiring value", async () => {
    // ended in the period: C1 10k (renewed), C2 10k (not), C3 60k (renewed, at a lower price), C4 20k (not)
    // renewed 10k + 60k = 70k of 100k → 70%
    expect(await built.kpis()).toMatchObject({contracts_due: 4, contracts_renewed: 2, arr_due: 100000, arr_renewed: 70000, renewal_rate: 0.7, renewal_rate_critical: false});
    const renewals = await built.rows(`SELECT contract_id, renewal_outcome FROM ${built.tables.renewals} ORDER BY contract_id`);
    expect(renewals).toEqual([
      {contract_id: "C1", renewal_outcome: "expanded"},
      {contract_id: "C1b", renewal_outcome: "open"},
      {contract_id: "C2", renewal_outcome: "not_renewed"},
      {contract_id: "C3", renewal_outcome: "contracted"},
      {contract_id: "C3b", renewal_outcome: "open"},
      {contract_id: "C4", renewal_outcome: "not_renewed"},
      {contract_id: "C4b", renewal_outcome: "open"},
      {contract_id: "C5", renewal_outcome: "open"},
      {contract_id: "C6", renewal_outcome: "open"}
    ]);
  });

  test("GRR, NRR and logo churn over the accounts active 12 months ago; a reactivation counts as lost", async () => {
    // active on 2025-06-30: R1 10k, R2 10k, R3 60k, R4 20k, R6 5k → 105k (R5 is new and does not count)
    // now: R1 12k, R2 0, R3 50k, R4 0 (it left in between: reactivation = lost, although it pays 25k now), R6 5k
    // GRR = (min(12,10) + 0 + min(50,60) + 0 + 5) / 105 = 65 / 105
    // NRR = (12 + 0 + 50 + 0 + 5) / 105 = 67 / 105
    // logo churn = 2 (R2, R4) / 5
    const kpis = await built.kpis();
    expect(kpis).toMatchObject({cohort_accounts: 5, cohort_arr_then: 105000, cohort_arr_retained: 65000, cohort_arr_now: 67000, churned_accounts: 2, reactivated_accounts: 1});
    expect(kpis.grr).toBeCloseTo(65 / 105, 12);
    expect(kpis.nrr).toBeCloseTo(67 / 105, 12);
    expect(kpis.logo_churn_rate).toBeCloseTo(2 / 5, 12);
  });

  test("ARR, lifetime, LTV and LTV/CAC", async () => {
    // ARR now: R1 12k + R3 50k + R4 25k + R5 40k + R6 5k = 132k over 5 paying accounts → 26.4k average
    // lifetime = 1 / (1 - 0.7) = 3.333… years; LTV = 26.4k × 0.8 × 3.333… = 70.4k
    // CAC: new-logo contracts starting in the period with a cac: C5 (8k) → LTV/CAC = 70.4k / 8k = 8.8, healthy (> 3)
    const kpis = await built.kpis();
    expect(kpis).toMatchObject({arr: 132000, paying_accounts: 5, avg_arr_per_account: 26400, lifetime_finite: true, gross_margin: 0.8, new_logos: 1, new_logos_with_cac: 1, avg_cac: 8000, ltv_to_cac_healthy: true});
    expect(kpis.lifetime_years).toBeCloseTo(1 / 0.3, 12);
    expect(kpis.ltv).toBeCloseTo(70400, 6);
    expect(kpis.ltv_to_cac).toBeCloseTo(8.8, 9);
    // top 20%: ceil(0.2 × 5) = 1 account, R3 with 50k of 132k
    expect(kpis.top_accounts_arr_share).toBeCloseTo(50 / 132, 12);
  });

  test("ARR reconciles with the accounts table", async () => {
    const [{arr}] = await built.rows<{arr: number}>(`SELECT sum(arr) AS arr FROM account_snapshot`);
    expect(arr).toBe(132000);
    expect((await built.account("R4")).arr).toBe(25000);
  });

  test("the kpis table has the as-of period and each of the 12 month ends before it", async () => {
    const periods = await built.rows<{period_end: string; is_as_of: boolean}>(`SELECT period_end, is_as_of FROM kpis ORDER BY period_end`);
    expect(periods.length).toBe(13);
    expect(periods[0].period_end).toBe("2025-06-30");
    expect(periods[11].period_end).toBe("2026-05-31");
    expect(periods[12]).toEqual({period_end: AS_OF, is_as_of: true});
  });

  test("an earlier month end has its own trailing period", async () => {
    // as of 2026-01-31 (period 2025-02-01 … 2026-01-31): due C1 10k (renewed) and C4 20k (not) → 10/30
    // cohort of 2025-01-31: R1 10k, R4 20k; on 2026-01-31 R1 pays 12k, R4 nothing
    // GRR = 10/30, NRR = 12/30, logo churn = 1/2; ARR = R1 12k + R2 10k + R3 60k + R5 40k + R6 5k = 127k
    const kpis = await built.kpis("2026-01-31");
    expect(kpis.renewal_rate).toBeCloseTo(1 / 3, 12);
    expect(kpis.grr).toBeCloseTo(10 / 30, 12);
    expect(kpis.nrr).toBeCloseTo(12 / 30, 12);
    expect(kpis.logo_churn_rate).toBe(0.5);
    expect(kpis.arr).toBe(127000);
  });

  test("without renewal_of in the export, a contract starting within 30 days of the end renews it", async () => {
    // C1b starts the day after C1 ends, C3b the day after C3; C4b starts 152 days after C4 ended: not a renewal
    const byDates = await buildMetrics(exports, {asOf: AS_OF, omit: {contracts: ["renewal_of"]}});
    try {
      expect(await byDates.kpis()).toMatchObject({arr_due: 100000, arr_renewed: 70000, renewal_rate: 0.7, reactivated_accounts: 1});
      const settings = await byDates.rows(`SELECT renewals_from_links FROM metric_settings`);
      expect(settings).toEqual([{renewals_from_links: false}]);
    } finally {
      byDates.close();
    }
  });

  test("a contract signed after the as-of date is ignored", async () => {
    // as of 2026-03-25 C3b (signed 2026-03-20) is known; as of 2026-03-15 it is not:
    // C3 (ends 2026-03-31) is still running, and R3's contract_end is C3's, not C3b's
    const before = await buildMetrics(exports, {asOf: "2026-03-15"});
    const after = await buildMetrics(exports, {asOf: "2026-03-25"});
    try {
      expect(await before.account("R3")).toMatchObject({contract_end: "2026-03-31", days_to_renewal: 16, renewal_signed: false, lifecycle_stage: "renewal_window"});
      expect(await after.account("R3")).toMatchObject({contract_end: "2027-03-31", days_to_renewal: 371, renewal_signed: true, lifecycle_stage: "renewed"});
      expect(await before.rows(`SELECT count(*) AS n FROM ${before.tables.renewals} WHERE contract_id = 'C3b'`)).toEqual([{n: 0}]);
    } finally {
      before.close();
      after.close();
    }
  });
});

describe("lifetime at a 100% renewal rate", () => {
  test("has no finite lifetime: lifetime and LTV are NULL, never a division by zero", async () => {
    const built = await buildMetrics(
      {
        accounts: [account("A")],
        contracts: [
          contract("K1", "A", "2025-01-01", "2025-12-31", 10000, {cac: 1000}),
          contract("K2", "A", "2026-01-01", "2026-12-31", 10000, {renewal_of: "K1"})
        ]
      },
      {asOf: AS_OF}
    );
    try {
      expect(await built.kpis()).toMatchObject({renewal_rate: 1, lifetime_years: null, lifetime_finite: false, ltv: null, ltv_to_cac: null});
      // a period with nothing up for renewal has no rate, and no lifetime either
      expect(await built.kpis("2025-06-30")).toMatchObject({contracts_due: 0, renewal_rate: null, lifetime_years: null, lifetime_finite: null});
    } finally {
      built.close();
    }
  });
});
