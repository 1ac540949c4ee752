import {expect, test} from "vitest";
import {ruleColumns, ruleEvidence} from "../../src/components/churnReasons.js";
import {cellRank, cellShort, cellWords, gridCellKeys, gridCells} from "../../src/components/healthGrid.js";
import {migrationTotals} from "../../src/components/migrationMatrix.js";
import {choiceSummary} from "../../src/components/multiSelect.js";
import {segmentCells} from "../../src/components/segmentMap.js";

test("the 3×3 grid: nine cells breadth-major, ranks 0–4, zeros where no account is", () => {
  expect(gridCellKeys).toEqual(["low-low", "low-medium", "low-high", "medium-low", "medium-medium", "medium-high", "high-low", "high-medium", "high-high"]);
  expect(gridCellKeys.map(cellRank)).toEqual([0, 1, 2, 1, 2, 3, 2, 3, 4]);
  const cells = gridCells([{grid_cell: "high-low", accounts: 3, arr: 300, moved_up: 1, moved_down: 2}, {grid_cell: "low-low", accounts: 1, arr: 10}]);
  expect(cells).toHaveLength(9);
  expect(cells.find((c) => c.key === "high-low")).toMatchObject({breadth: "high", depth: "low", rank: 2, accounts: 3, moved_up: 1, moved_down: 2, share: 0.75});
  expect(cells.find((c) => c.key === "medium-medium")).toMatchObject({accounts: 0, arr: 0, share: 0});
  expect(cellShort("medium-medium")).toBe("med·med");
  expect(cellWords("high-low")).toBe("high breadth, low depth");
  expect(cellWords(null)).toBe("–");
});

test("migration totals add up accounts and ARR per direction; no earlier cell counts as new", () => {
  const totals = migrationTotals([
    {grid_migration: "up", accounts: 2, arr: 20},
    {grid_migration: "up", accounts: 1, arr: 5},
    {grid_migration: "down", accounts: 4, arr: 40},
    {grid_migration: "same", accounts: 10, arr: 100},
    {grid_migration: null, accounts: 3, arr: 30}
  ]);
  expect(totals.up).toEqual({accounts: 3, arr: 25});
  expect(totals.down).toEqual({accounts: 4, arr: 40});
  expect(totals.new).toEqual({accounts: 3, arr: 30});
  expect(totals.compared).toBe(17); // new accounts are not compared
});

test("the 2×2 map always has four segments, with shares of the accounts and ARR shown", () => {
  const cells = segmentCells([{segment: "high_freq_high_value", accounts: 3, arr: 750, median_score: 80}, {segment: "low_freq_low_value", accounts: 1, arr: 250}]);
  expect(cells.map((c) => c.segment)).toEqual(["high_freq_high_value", "high_freq_low_value", "low_freq_high_value", "low_freq_low_value"]);
  expect(cells[0]).toMatchObject({accounts: 3, accountShare: 0.75, arrShare: 0.75, median_score: 80});
  expect(cells[2]).toMatchObject({accounts: 0, arr: 0, accountShare: 0, median_score: null});
  expect(segmentCells([]).every((c) => c.accountShare === null)).toBe(true);
});

test("a rule's evidence: the account columns its condition reads, not words inside quotes", () => {
  const columns = ["days_to_renewal", "visits_30d", "grid_migration", "health_band", "arr"];
  expect(ruleColumns("days_to_renewal BETWEEN 0 AND 90 AND visits_30d < 5", columns)).toEqual(["days_to_renewal", "visits_30d"]);
  expect(ruleColumns("grid_migration = 'down' AND health_band <> 'arr'", columns)).toEqual(["grid_migration", "health_band"]);
  const evidence = ruleEvidence(
    {id: "x", label: "x", condition: "wow_visits_change <= -0.5 OR NOT key_user_active_14d OR custom_col > 1"},
    {wow_visits_change: -0.75, key_user_active_14d: false, custom_col: 3}
  );
  expect(evidence).toEqual([
    {column: "wow_visits_change", label: "visits week over week", text: "−75%"},
    {column: "key_user_active_14d", label: "key user active in the last 14 days", text: "no"},
    {column: "custom_col", label: "custom col", text: "3"}
  ]);
});

test("a multiple choice sums up what is chosen", () => {
  expect(choiceSummary([])).toBe("All");
  expect(choiceSummary([], {all: "All owners"})).toBe("All owners");
  expect(choiceSummary(["Alice Wong"])).toBe("Alice Wong");
  expect(choiceSummary(["Alice Wong", "Chen Li", "Eve Martin"])).toBe("Alice Wong +2");
});
