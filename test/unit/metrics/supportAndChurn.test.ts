// The two exports customer-success platforms score on: support tickets (a health component, a churn-watch rule)
// and churn events (why customers left). docs/metrics.md#support, docs/metrics.md#churn
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {account, buildMetrics, contract, visits, type Built} from "./fixture.js";

const AS_OF = "2026-06-30"; // the support window (90 days): 2026-04-02 … 2026-06-30

describe("support tickets", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildMetrics(
      {
        accounts: [account("S", {seats: 5}), account("Q", {seats: 5})],
        contracts: [contract("CS", "S", "2026-01-01", "2026-12-31", 1000), contract("CQ", "Q", "2026-01-01", "2026-12-31", 1000)],
        users: [{user_id: "s1", account_id: "S", role: "admin"}, {user_id: "q1", account_id: "Q", role: "admin"}],
        usage_events: [...visits("S", "s1", "2026-06-20", 5), ...visits("Q", "q1", "2026-06-20", 5)],
        support_tickets: [
          {ticket_id: "T1", account_id: "S", opened_at: "2026-06-01T09:00:00Z", closed_at: "2026-06-03T10:00:00Z", priority: "high", satisfaction: 2, escalated: "yes"},
          {ticket_id: "T2", account_id: "S", opened_at: "2026-06-10", closed_at: "", priority: "urgent", satisfaction: "", escalated: "TRUE"},
          {ticket_id: "T3", account_id: "S", opened_at: "2026-04-15", closed_at: "2026-06-20", priority: "low", satisfaction: "1", escalated: "0"},
          {ticket_id: "T4", account_id: "S", opened_at: "2026-01-10", closed_at: "2026-01-12", priority: "low", satisfaction: 5, escalated: "False"},
          // rejected: a second T4, a score off the 1–5 scale, a boolean that is none, closed before opened, an unknown account
          {ticket_id: "T4", account_id: "S", opened_at: "2026-02-10", escalated: "no"},
          {ticket_id: "T5", account_id: "S", opened_at: "2026-06-11", satisfaction: 7},
          {ticket_id: "T6", account_id: "S", opened_at: "2026-06-12", escalated: "maybe"},
          {ticket_id: "T7", account_id: "S", opened_at: "2026-06-12", closed_at: "2026-06-01"},
          {ticket_id: "T8", account_id: "NOPE", opened_at: "2026-06-12"}
        ]
      },
      {asOf: AS_OF}
    );
  });
  afterAll(() => built.close());

  test("bad tickets are rejected with their rule; rows read = accepted + rejected", async () => {
    const rejects = await built.rows(`SELECT "row", "column", rule, reason FROM rejects WHERE export = 'support_tickets' ORDER BY "row"`);
    expect(rejects).toEqual([
      {row: 5, column: "ticket_id", rule: "duplicate_id", reason: "duplicate ticket_id T4 (first in row 4)"},
      {row: 6, column: "satisfaction", rule: "out_of_range", reason: "must be between 1 and 5 (support.satisfactionScale), got 7"},
      {row: 7, column: "escalated", rule: "not_a_boolean", reason: "not true or false (true/false, yes/no, 1/0): maybe"},
      {row: 8, column: "closed_at", rule: "end_before_start", reason: "closed 2026-06-01 00:00:00 is before opened 2026-06-12 00:00:00"},
      {row: 9, column: "account_id", rule: "unknown_account", reason: "unknown account_id: NOPE"}
    ]);
    expect(await built.rows(`SELECT count(*) AS n FROM support_tickets`)).toEqual([{n: 4}]);
  });

  test("open tickets, escalations and satisfaction over the support window", async () => {
    // open on 06-30: T2 (no closed_at). Opened in the window: T1, T2, T3 (04-15); escalated: T1, T2.
    // Rated in the window (by closing day): T1 (2, closed 06-03) and T3 (1, closed 06-20): average 1.5 of 2 ratings;
    // T4 was opened and closed in January, outside the window
    expect(await built.account("S")).toMatchObject({
      support_open_tickets: 1, support_tickets_window: 3, support_escalations_window: 2, support_satisfaction_window: 1.5, support_rated_window: 2
    });
    expect(await built.account("Q")).toMatchObject({
      support_open_tickets: 0, support_tickets_window: 0, support_escalations_window: 0, support_satisfaction_window: null, support_rated_window: 0
    });
  });

  test("the support component: the mean of its measured parts", async () => {
    // S: open tickets 1 − min(1 / 5, 1) = 0.8; escalations 1 − min(2 / 2, 1) = 0; satisfaction (1.5 − 1) / (5 − 1) = 0.125
    //    → (0.8 + 0 + 0.125) / 3 = 0.308333…; Q: no ticket, no rating → (1 + 1) / 2 = 1
    expect((await built.account("S")).health_support).toBeCloseTo(0.925 / 3, 12);
    expect((await built.account("Q")).health_support).toBe(1);
    const [part] = await built.rows(`SELECT measured FROM ${built.tables.health_components} WHERE account_id = 'S' AND component = 'support'`);
    expect(part.measured).toBe("1 open ticket, 2 escalated in the last 90 days; average satisfaction 1.5 of 5 (2 ratings)");
  });

  test("the default support rule fires on two escalations", async () => {
    expect((await built.account("S")).churn_reasons).toContain("support_trouble");
    expect((await built.account("Q")).churn_reasons).not.toContain("support_trouble");
  });
});

describe("churn events", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildMetrics(
      {
        accounts: ["CH1", "CH2", "CH3", "CH4", "CH5", "CH6", "CH7"].map((id) => account(id)),
        contracts: [
          contract("K1", "CH1", "2025-01-01", "2025-12-31", 1000),
          contract("K2", "CH2", "2025-01-01", "2026-06-20", 2000),
          contract("K3", "CH3", "2025-01-01", "2026-06-20", 3000),
          contract("K4", "CH4", "2025-01-01", "", 4000, {billing_period: "monthly"}),
          contract("K5", "CH5", "2026-01-01", "2026-12-31", 5000),
          contract("K7", "CH7", "2024-10-01", "2025-09-30", 7000)
        ],
        users: [],
        usage_events: [],
        churn_events: [
          {account_id: "CH1", churned_at: "2026-01-05", reason: "Too expensive", feedback: "Budget halved"},
          {account_id: "CH1", churned_at: "2025-12-20", reason: "Low adoption"},
          {account_id: "CH3", churned_at: "2026-06-25 14:00:00", reason: "Business closed"},
          {account_id: "CH4", churned_at: "2026-05-01", reason: "Switched to a competitor"},
          {account_id: "CH5", churned_at: "2026-06-15", reason: "Switched to a competitor"},
          {account_id: "CH6", churned_at: "2026-03-01", reason: "Merged or acquired"},
          {account_id: "CH1", churned_at: "2026-07-15", reason: "after the as-of date"},
          {account_id: "NOPE", churned_at: "2026-03-01"},
          {account_id: "CH2", churned_at: "last week"}
        ]
      },
      {asOf: AS_OF}
    );
  });
  afterAll(() => built.close());

  test("bad churn events are rejected; an event after the as-of date is not counted yet", async () => {
    const rejects = await built.rows(`SELECT "row", rule FROM rejects WHERE export = 'churn_events' ORDER BY "row"`);
    expect(rejects).toEqual([{row: 8, rule: "unknown_account"}, {row: 9, rule: "not_a_date"}]);
  });

  test("each churn with its reason, status and ARR lost", async () => {
    const churns = await built.rows(`SELECT account_id, status, source, churn_date, churn_event_date, reason, churn_events, arr_lost
      FROM ${built.tables.churns} ORDER BY account_id`);
    expect(churns).toEqual([
      // ended 2025-12-31; two events before the as-of date: the latest (2026-01-05) gives the reason
      {account_id: "CH1", status: "churned", source: "contracts and churn event", churn_date: "2025-12-31", churn_event_date: "2026-01-05",
        reason: "Too expensive", churn_events: 2, arr_lost: 1000},
      // CH2 ended 2026-06-20, 10 days before the as-of date, within renewalMatchDays (30) and without an event: not yet a churn
      // CH3 ended on the same day, but a churn event confirms it (the date part of a timestamp)
      {account_id: "CH3", status: "churned", source: "contracts and churn event", churn_date: "2026-06-20", churn_event_date: "2026-06-25",
        reason: "Business closed", churn_events: 1, arr_lost: 3000},
      // CH4's open-ended subscription is still in force: the contracts contradict the event; its ARR is at stake
      {account_id: "CH4", status: "contradicted", source: "churn event", churn_date: "2026-05-01", churn_event_date: "2026-05-01",
        reason: "Switched to a competitor", churn_events: 1, arr_lost: 4000},
      // CH5 gave notice: its contract runs until 2026-12-31
      {account_id: "CH5", status: "notice", source: "churn event", churn_date: "2026-06-15", churn_event_date: "2026-06-15",
        reason: "Switched to a competitor", churn_events: 1, arr_lost: 5000},
      // CH6 never had a contract
      {account_id: "CH6", status: "no_contract", source: "churn event", churn_date: "2026-03-01", churn_event_date: "2026-03-01",
        reason: "Merged or acquired", churn_events: 1, arr_lost: 0},
      // CH7 ended 2025-09-30 without an event: a churn the contracts alone show, with no reason recorded
      {account_id: "CH7", status: "churned", source: "contracts", churn_date: "2025-09-30", churn_event_date: null,
        reason: null, churn_events: 0, arr_lost: 7000}
    ]);
  });

  test("the accounts table: the latest churn, a notice, a contradiction", async () => {
    expect(await built.account("CH1")).toMatchObject({last_churn_date: "2025-12-31", last_churn_reason: "Too expensive", lifecycle_stage: "churned"});
    expect(await built.account("CH5")).toMatchObject({churn_notice_date: "2026-06-15", has_active_contract: true});
    expect(await built.account("CH4")).toMatchObject({churn_event_contradicted: true, has_active_contract: true});
    expect(await built.account("CH2")).toMatchObject({last_churn_date: null, lifecycle_stage: "churned"});
  });
});
