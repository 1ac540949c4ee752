// What the site says for numbers the exports cannot measure, for renewal dates an open-ended contract
// does not have, and for an account's support tickets: words, never a 0 or a bare dash a reader would
// take for one. Expected texts are written by hand from docs/metrics.md (Not measured, Open-ended
// contracts, Support).
import {expect, test} from "vitest";
import {evidenceWords, ruleEvidence} from "../../src/components/churnReasons.js";
import {columnUnmeasured, measuredText, notMeasuredWords, unmeasured} from "../../src/components/measures.js";
import {billingPeriodWords, contractTermWords, renewalDaysText, renewalOutcomeWords, renewalWords} from "../../src/components/renewalWords.js";
import {supportSentence} from "../../src/components/supportWords.js";
import {formatCount} from "../../src/shared/format.js";
import {measuredComponents, unmeasuredNote} from "../../src/components/healthTable.js";

const everything = {users_measured: true, key_users_measured: true, support_measured: true};
const billing = {users_measured: false, key_users_measured: false, support_measured: true};

test("what a build cannot measure, and why, from metric_settings' flags", () => {
  expect(unmeasured(everything)).toEqual({users: null, keyUsers: null, support: null});
  // no user ids: active users, and with them key users, are not measured; support is
  expect(unmeasured(billing)).toEqual({users: "the usage export has no user ids", keyUsers: "the usage export has no user ids", support: null});
  // user ids but no users export: key users only
  expect(unmeasured({...everything, key_users_measured: false}).keyUsers).toBe("there is no users export to say who the key users are");
  expect(unmeasured({...everything, support_measured: false}).support).toBe("there is no support tickets export");
  // a build from before these flags measured everything
  expect(unmeasured({})).toEqual({users: null, keyUsers: null, support: null});
});

test("a column's measure: NULL is 'not measured (why)' when the build cannot measure it, and stays itself otherwise", () => {
  expect(columnUnmeasured("active_users_30d", billing)).toBe("the usage export has no user ids");
  expect(columnUnmeasured("grid_migration", billing)).toBe("the usage export has no user ids");
  expect(columnUnmeasured("support_open_tickets", billing)).toBeNull();
  expect(columnUnmeasured("visits_30d", billing)).toBeNull();
  expect(notMeasuredWords("the usage export has no user ids")).toBe("not measured (the usage export has no user ids)");
  expect(measuredText(null, formatCount, unmeasured(billing).users)).toBe("not measured (the usage export has no user ids)");
  expect(measuredText(0, formatCount, unmeasured(billing).users)).toBe("0"); // a measured 0 is 0
  expect(measuredText(12, formatCount, null)).toBe("12");
});

test("a churn rule's evidence says 'not measured' for what the build cannot measure, and knows the support rule", () => {
  const account = {days_to_renewal: 40, visits_30d: 2, active_users_30d: null, duration_30d_minutes: 12, open_ended: true, contract_end: new Date("2026-12-25"),
    support_escalations_window: 2, support_rated_window: 1, support_satisfaction_window: null};
  const lowUsage = {id: "renewal_low_usage", label: "", condition: "days_to_renewal BETWEEN 0 AND 90 AND visits_30d < 5 AND active_users_30d < 3 AND duration_30d_minutes < 30"};
  expect(ruleEvidence(lowUsage, account, {...billing, window_days: 30}).map((e) => `${e.label}: ${e.text}`)).toEqual([
    "days to renewal: 40 days", "visits in 30 days: 2", "active users in 30 days: not measured", "time in the product in 30 days: 12 min"
  ]);
  const support = {id: "support_trouble", label: "", condition: "support_escalations_window >= 2 OR (support_rated_window >= 2 AND support_satisfaction_window <= 2)"};
  // the labels carry the build's support window (60 days here); no rated ticket is said so, not a dash
  expect(ruleEvidence(support, account, {...everything, support_window_days: 60}).map((e) => `${e.label}: ${e.text}`)).toEqual([
    "escalated tickets in 60 days: 2", "rated tickets in 60 days: 1", "average satisfaction in 60 days: no rated ticket"
  ]);
  // without a support export every support column is not measured
  expect(ruleEvidence(support, {support_escalations_window: null, support_rated_window: null, support_satisfaction_window: null}, {support_measured: false}).map((e) => e.text))
    .toEqual(["not measured", "not measured", "not measured"]);
  // an open-ended contract without a renewal date
  expect(ruleEvidence({id: "r", label: "", condition: "days_to_renewal <= 90"}, {days_to_renewal: null, open_ended: true}, everything)[0].text).toBe("renewal date unknown");
  expect(evidenceWords("visits_30d", {window_days: 28})[0]).toBe("visits in 28 days");
});

test("a renewal in words: a fixed term, an open-ended contract with a billing period, and one without", () => {
  // fixed term ending 2026-12-31, 46 days after the as-of date 2026-11-15
  expect(renewalWords({has_active_contract: true, contract_end: new Date("2026-12-31"), days_to_renewal: 46, open_ended: false}))
    .toEqual({known: true, date: "2026-12-31", note: "in 46 days"});
  // monthly from 2026-01-15: the next billing date 2026-12-15, 30 days away
  expect(renewalWords({has_active_contract: true, contract_end: new Date("2026-12-15"), days_to_renewal: 30, open_ended: true}))
    .toEqual({known: true, date: "2026-12-15", note: "in 30 days · auto-renews"});
  // open-ended, no billing period: no renewal date is known
  expect(renewalWords({has_active_contract: true, contract_end: null, days_to_renewal: null, open_ended: true}))
    .toEqual({known: false, date: "until cancelled", note: "renewal date unknown: open-ended, no billing period"});
  expect(renewalWords({has_active_contract: false, contract_end: null, days_to_renewal: null, open_ended: false}).note).toBe("no contract in force");
  expect(renewalWords({contract_end: new Date("2026-11-15"), days_to_renewal: 0, open_ended: true}).note).toBe("today · auto-renews");
  // the overview's "Renews in" column
  expect(renewalDaysText({days_to_renewal: 46, open_ended: false})).toBe("46 days");
  expect(renewalDaysText({days_to_renewal: 3, open_ended: true})).toBe("3 days · auto-renews");
  expect(renewalDaysText({days_to_renewal: null, contract_end: null, open_ended: true})).toBe("renewal date unknown");
});

test("a contract's term and outcome in its history: 'until cancelled (monthly)' and running", () => {
  expect([1, 3, 6, 12, 2, null].map(billingPeriodWords)).toEqual(["monthly", "quarterly", "semiannual", "annual", "every 2 months", null]);
  const start = new Date("2026-01-15");
  expect(contractTermWords({start_date: start, end_date: null, billing_period_months: 1})).toBe("2026-01-15 → until cancelled (monthly)");
  expect(contractTermWords({start_date: start, end_date: null, billing_period_months: null})).toBe("2026-01-15 → until cancelled (no billing period)");
  expect(contractTermWords({start_date: start, end_date: new Date("2026-12-31"), billing_period_months: 12})).toBe("2026-01-15 → 2026-12-31");
  expect(renewalOutcomeWords({renewal_outcome: "open", end_date: null, billing_period_months: 1})).toBe("running, renews monthly");
  expect(renewalOutcomeWords({renewal_outcome: "open", end_date: null, billing_period_months: null})).toBe("running, renewal date unknown");
  expect(renewalOutcomeWords({renewal_outcome: "open", end_date: new Date("2026-12-31")})).toBe("running");
  expect(renewalOutcomeWords({renewal_outcome: "expanded", end_date: new Date("2025-12-31")})).toBe("renewed, expanded");
});

test("an account's support numbers in one sentence (the worked example of docs/metrics.md#support)", () => {
  // T1..T4 as of 2026-06-30: 1 open, 3 opened in the window, 2 escalated, satisfaction 1.5 over 2 ratings
  const row = {support_open_tickets: 1, support_tickets_window: 3, support_escalations_window: 2, support_satisfaction_window: 1.5, support_rated_window: 2};
  expect(supportSentence(row, {windowDays: 90, scale: [1, 5]})).toBe(
    "In the last 90 days: 3 tickets opened, 2 escalated; average satisfaction 1.5 of 5 over 2 rated tickets. 1 ticket open now."
  );
  expect(supportSentence({support_open_tickets: 0, support_tickets_window: 0, support_escalations_window: 0, support_satisfaction_window: null, support_rated_window: 0}))
    .toBe("No ticket opened in the last 90 days, and none open.");
  expect(supportSentence({support_open_tickets: 2, support_tickets_window: 0, support_escalations_window: 0, support_satisfaction_window: null, support_rated_window: 0}))
    .toBe("No ticket opened in the last 90 days. 2 tickets open now.");
  expect(supportSentence({support_open_tickets: 0, support_tickets_window: 1, support_escalations_window: 0, support_satisfaction_window: null, support_rated_window: 0}))
    .toBe("In the last 90 days: 1 ticket opened, 0 escalated; none rated. None open now.");
});

test("the health table's columns: the components measured for some account; the others in one sentence", () => {
  const components = ["activity", "depth", "seats", "support"].map((id) => ({id, label: id[0].toUpperCase() + id.slice(1), short: id}));
  const why = "not measured: the usage export has no user ids";
  const billingSettings = {...billing, health_components: components,
    health_components_unmeasured: [{id: "depth", label: "Depth", why}, {id: "seats", label: "Seats", why}]};
  expect(measuredComponents(billingSettings).map((c) => c.id)).toEqual(["activity", "support"]);
  expect(unmeasuredNote(billingSettings)).toBe(
    "Not measured for any account, so not in the table: Depth, Seats and the move in the 3×3 grid (the usage export has no user ids). The components' weight goes to those that are measured."
  );
  // every component measured somewhere (seats unknown for some accounts only): every column, nothing to say
  expect(measuredComponents({...everything, health_components: components}).map((c) => c.id)).toEqual(["activity", "depth", "seats", "support"]);
  expect(unmeasuredNote({...everything, health_components: components, health_components_unmeasured: []})).toBe("");
  // no support export: the support component alone
  expect(unmeasuredNote({...everything, support_measured: false, health_components: components,
    health_components_unmeasured: [{id: "support", label: "Support", why: "not measured: there is no support tickets export"}]})).toBe(
    "Not measured for any account, so not in the table: Support (there is no support tickets export). The component's weight goes to those that are measured."
  );
});
