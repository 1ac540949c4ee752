import {expect, test} from "vitest";
import {compareValues, searchRows, sortRows} from "../../src/components/sortableTable.js";

const rows = [
  {id: "a", name: "Zeta Labs", score: 40, arr: 1000, end: new Date("2026-12-01")},
  {id: "b", name: "alpha Foods", score: null, arr: 5000, end: new Date("2026-11-20")},
  {id: "c", name: "Ålesund Data", score: 12.5, arr: 5000, end: null},
  {id: "d", name: "Account 10", score: 40, arr: 200, end: new Date("2027-01-05")},
  {id: "e", name: "Account 9", score: 80, arr: 300, end: new Date("2026-11-20")}
];
const ids = (list: {id: string}[]) => list.map((r) => r.id).join("");

test("numbers sort by value, missing values last in both directions, ties keep their order", () => {
  expect(ids(sortRows(rows, "score", "ascending"))).toBe("cadeb"); // a and d tie at 40: a stays first
  expect(ids(sortRows(rows, "score", "descending"))).toBe("eadcb"); // b (no score) still last
});

test("text sorts naturally and ignores case and accents; dates sort by time", () => {
  expect(ids(sortRows(rows, "name"))).toBe("edcba"); // Account 9 < Account 10 < Ålesund ≈ alesund < alpha < Zeta
  expect(ids(sortRows(rows, "end"))).toBe("beadc"); // 11-20 (b, e in input order), 12-01, 2027-01-05, missing
});

test("a sort value function replaces the column's value", () => {
  const band = ["green", "yellow", "red"];
  const banded = [{id: "r", band: "red"}, {id: "g", band: "green"}, {id: "y", band: "yellow"}];
  expect(ids(sortRows(banded, "band", "ascending", (row) => band.indexOf(row.band)))).toBe("gyr");
});

test("compareValues: booleans, mixed numbers", () => {
  expect(compareValues(false, true)).toBeLessThan(0);
  expect(compareValues(2, 10)).toBeLessThan(0);
  expect(compareValues(null, 1)).toBeGreaterThan(0);
});

test("search keeps rows whose text holds every word, in any of the keys", () => {
  expect(ids(searchRows(rows, "account", ["name"]))).toBe("de");
  expect(ids(searchRows(rows, "ALESUND", ["name"]))).toBe("c"); // accents and case ignored
  expect(ids(searchRows(rows, "account 9", ["name"]))).toBe("e");
  expect(ids(searchRows(rows, "  ", ["name"]))).toBe("abcde");
  expect(ids(searchRows(rows, "b", ["id"]))).toBe("b");
});
