import {expect, test} from "vitest";
import {crossTab, crossTabRows} from "../../src/components/crossTab.js";

// GROUP BY tier, health_band rows; tier B has no green account, tier C none at all
const rows = [
  {tier: "A", health_band: "red", accounts: 3},
  {tier: "S", health_band: "green", accounts: 5},
  {tier: "S", health_band: "red", accounts: 1},
  {tier: "B", health_band: "yellow", accounts: 2},
  {tier: "A", health_band: "green", accounts: 4},
  {tier: null, health_band: "red", accounts: 9} // churned accounts have no tier: left out
];

test("pivots into one row per tier and one column per band, in the given orders, missing cells 0", () => {
  const tab = crossTab(rows, {row: "tier", column: "health_band", value: "accounts", rowOrder: ["S", "A", "B", "C"], columnOrder: ["green", "yellow", "red"]});
  expect(tab.columns).toEqual(["green", "yellow", "red"]);
  expect(tab.rows).toEqual([
    {tier: "S", green: 5, yellow: 0, red: 1, total: 6},
    {tier: "A", green: 4, yellow: 0, red: 3, total: 7},
    {tier: "B", green: 0, yellow: 2, red: 0, total: 2}
  ]);
  expect(tab.totals).toEqual({tier: "Total", green: 9, yellow: 2, red: 4, total: 15});
  expect(crossTabRows(tab).at(-1)).toEqual(tab.totals);
});

test("categories not in the order follow, sorted; no rows gives an empty tab", () => {
  const tab = crossTab([{r: "x", c: "b", v: 1}, {r: "x", c: "a", v: 2}], {row: "r", column: "c", value: "v", columnOrder: ["b"]});
  expect(tab.columns).toEqual(["b", "a"]);
  expect(crossTab([], {row: "r", column: "c", value: "v"})).toEqual({rows: [], columns: [], totals: {r: "Total", total: 0}});
});
