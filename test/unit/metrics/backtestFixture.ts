// The worked example of docs/metrics.md#backtest as exports: five accounts over four month ends, two rules, two
// horizons, what-if thresholds. Used by test/unit/metrics/backtest.test.ts (the definitions) and
// test/unit/backtestQueries.test.ts (the Backtest page's queries give the same numbers).
import {account, buildMetrics, contract, visits, type Built, type Exports} from "./fixture.js";

export const AS_OF = "2026-06-30";

// history.months 4 → month ends 2026-02-28, 03-31, 04-30, 05-31 (and the as-of date, never scored)
// the health score is activity alone: 100 × min(visits_30d / 10, 1) → 8 visits 80 green, 5 → 50 and 4 → 40 yellow, 2 → 20 red
// two rules: quiet (visits_30d < 3) and renewal_soon (days_to_renewal BETWEEN 0 AND 20)
export const BACKTEST_CONFIG = {
  history: {months: 4},
  health: {weights: {activity: 1, breadth: 0, depth: 0, seats: 0, keyUsers: 0, trend: 0, support: 0}, activityTargetVisits: 10},
  churnWatch: {
    rules: [
      {id: "quiet", label: "Fewer than 3 visits in 30 days", condition: "visits_30d < 3"},
      {id: "renewal_soon", label: "Renewal within 20 days", condition: "days_to_renewal BETWEEN 0 AND 20"}
    ]
  },
  backtest: {
    horizonsDays: [60, 30],
    whatIf: [
      {rule: "quiet", threshold: "visits_30d <", values: [5, 2]},
      {rule: "renewal_soon", threshold: "days_to_renewal BETWEEN 0 AND", values: [30]}
    ],
    redBandCutoffs: [50, 30]
  }
};

// the 30-day windows: 02-28 → 01-30 … 02-28, 03-31 → 03-02 … 03-31, 04-30 → 04-01 … 04-30, 05-31 → 05-02 … 05-31
const monthly = (id: string, counts: [string, number][]) => counts.flatMap(([day, n]) => visits(id, "u", day, n));

export const BACKTEST_EXPORTS: Exports = {
  accounts: [
    account("A", {csm_owner: "Ann"}),
    account("B", {csm_owner: "Bob"}),
    account("C", {csm_owner: "Ann"}),
    account("D", {csm_owner: "Bob"}),
    account("E", {csm_owner: "Ann"})
  ],
  contracts: [
    // A renews 25 days late (03-15 → 04-10, within renewalMatchDays 30): one spell to 2027-04-09, no churn;
    // on 03-31 it has no contract in force, so it is not in that month end's population
    contract("KA1", "A", "2025-03-16", "2026-03-15", 1000),
    contract("KA2", "A", "2026-04-10", "2027-04-09", 1200),
    // B leaves on 04-20
    contract("KB", "B", "2025-04-21", "2026-04-20", 2000),
    // C leaves on 05-29: the last day of 04-30's 30-day window (04-30 … 05-29)
    contract("KC", "C", "2025-05-30", "2026-05-29", 3000),
    // D ends on 06-10: 06-10 + 30 = 07-10 is after the as-of date, so not (yet) a churn
    contract("KD", "D", "2025-06-11", "2026-06-10", 4000),
    contract("KE", "E", "2025-01-01", "2026-12-31", 5000)
  ],
  usage_events: [
    ...monthly("A", [["2026-02-15", 2], ["2026-04-15", 8], ["2026-05-15", 8]]),
    ...monthly("B", [["2026-02-15", 1], ["2026-03-15", 5]]),
    ...monthly("C", [["2026-02-15", 4], ["2026-03-15", 4], ["2026-04-15", 4], ["2026-05-15", 4]]),
    ...monthly("D", [["2026-02-15", 8], ["2026-03-15", 8], ["2026-04-15", 8], ["2026-05-15", 8]]),
    ...monthly("E", [["2026-02-15", 2], ["2026-03-15", 8], ["2026-04-15", 8], ["2026-05-15", 8]])
  ]
};

export function buildBacktest(): Promise<Built> {
  return buildMetrics(BACKTEST_EXPORTS, {asOf: AS_OF, config: BACKTEST_CONFIG});
}
