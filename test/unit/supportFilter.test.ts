// The support filter's SQL run by DuckDB over hand-made accounts: each value keeps the accounts the
// words say, several values any of them, and an account without support data (no export: NULL) none.
import {DuckDBInstance} from "@duckdb/node-api";
import {expect, test} from "vitest";
import {whereClause} from "../../src/components/filterSql.js";

const none = {owner: [], tier: [], segment: [], region: [], industry: [], band: [], renewal: null};

// support_open_tickets, support_tickets_window, support_escalations_window, support_satisfaction_window
//   E: 1 escalation in the window, rated 4.0        O: a ticket open, none opened in the window
//   L: rated 1.5 on average (low: ≤ 2 on 1–5)        B: rated exactly 2.0 (low: the boundary is in)
//   H: rated 2.5 (not low)                           Z: no ticket at all
//   N: no support export (all NULL)
const accounts = `SELECT * FROM (VALUES
    ('E', 0, 2, 1, 4.0), ('O', 1, 0, 0, NULL), ('L', 0, 3, 0, 1.5), ('B', 0, 1, 0, 2.0),
    ('H', 0, 1, 0, 2.5), ('Z', 0, 0, 0, NULL), ('N', NULL, NULL, NULL, NULL))
  AS t(account_id, support_open_tickets, support_tickets_window, support_escalations_window, support_satisfaction_window)`;

async function kept(support: string[]): Promise<string[]> {
  const where = whereClause({...none, support}, {settings: {support_satisfaction_scale: [1, 5]}});
  const instance = await DuckDBInstance.create(":memory:");
  try {
    const rows = (await (await instance.connect()).runAndReadAll(`SELECT account_id FROM (${accounts}) WHERE ${where} ORDER BY account_id`)).getRowObjectsJson();
    return rows.map((row) => String(row.account_id));
  } finally {
    instance.closeSync();
  }
}

test("each support value keeps the accounts its words say", async () => {
  expect(await kept(["escalated"])).toEqual(["E"]);
  expect(await kept(["open_tickets"])).toEqual(["O"]);
  expect(await kept(["low_satisfaction"])).toEqual(["B", "L"]);
  expect(await kept(["no_tickets"])).toEqual(["Z"]);
});

test("several values keep the accounts that match any; no value keeps every account, NULLs included", async () => {
  expect(await kept(["escalated", "no_tickets"])).toEqual(["E", "Z"]);
  expect(await kept([])).toEqual(["B", "E", "H", "L", "N", "O", "Z"]);
  // an unknown value (a link from another build) matches nothing
  expect(await kept(["bogus"])).toEqual([]);
});
