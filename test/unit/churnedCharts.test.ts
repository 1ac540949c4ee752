// The "Why customers left" page's groupings: the reasons its monthly chart names, the months of its
// axis, and the monthly sums by reason. Expected values are counted by hand from the rows below.
import {expect, test} from "vitest";
import {legendReason, monthGroups, monthRange, NO_REASON, OTHER_REASONS, reasonLegend} from "../../src/components/churnedCharts.js";

const month = (m: string) => new Date(`${m}-01T00:00:00Z`);
// ARR lost by reason: Price 300 + 200 = 500, Product 400, Rival 100, Budget 50; no reason 900
const rows = [
  {churn_month: month("2026-01"), reason: "Price", accounts: 1, arr_lost: 300},
  {churn_month: month("2026-01"), reason: null, accounts: 2, arr_lost: 900},
  {churn_month: month("2026-02"), reason: "Price", accounts: 1, arr_lost: 200},
  {churn_month: month("2026-02"), reason: "Product", accounts: 2, arr_lost: 400},
  {churn_month: month("2026-02"), reason: "Rival", accounts: 1, arr_lost: 100},
  {churn_month: month("2026-02"), reason: "Budget", accounts: 1, arr_lost: 50}
];

test("the legend names the reasons with the most ARR lost; the rest are other reasons; no reason stays apart", () => {
  const {names, color} = reasonLegend(rows, 2);
  expect(names).toEqual(["Price", "Product"]);
  expect(color.domain).toEqual(["Price", "Product", OTHER_REASONS, NO_REASON]);
  expect(color.range).toHaveLength(4);
  expect(reasonLegend(rows, 6).color.domain).toEqual(["Price", "Product", "Rival", "Budget", NO_REASON]);
  expect([legendReason("Rival", names), legendReason(null, names), legendReason("Price", names)]).toEqual([OTHER_REASONS, NO_REASON, "Price"]);
});

test("monthly sums by legend group: February's Rival and Budget add up as other reasons", () => {
  const groups = monthGroups(rows, ["Price", "Product"]);
  const table = groups.map((g) => [g.churn_month.toISOString().slice(0, 7), g.group, g.accounts, g.arr_lost]);
  expect(table).toEqual([
    ["2026-01", "Price", 1, 300],
    ["2026-01", NO_REASON, 2, 900],
    ["2026-02", "Price", 1, 200],
    ["2026-02", "Product", 2, 400],
    ["2026-02", OTHER_REASONS, 2, 150]
  ]);
});

test("the axis has every month from the first to the last, none skipped", () => {
  expect(monthRange(month("2025-11"), new Date("2026-02-15T00:00:00Z")).map((d) => d.toISOString().slice(0, 7))).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  expect(monthRange(null, month("2026-01"))).toEqual([]);
});
