import {expect, test} from "vitest";
import {paretoPoints, topCount, topShare} from "../../src/components/paretoCurve.js";

test("the top 20% counts ceil(20% × accounts), as the kpis table does", () => {
  expect(topCount(10, 0.2)).toBe(2);
  expect(topCount(11, 0.2)).toBe(3); // 2.2 → 3
  expect(topCount(1359, 0.2)).toBe(272); // the sample's paying accounts → 272, as kpis.top_accounts says
  expect(topCount(15, 0.2)).toBe(3); // 0.2 × 15 = 3.0000000000000004 in floating point: still 3
});

test("top share: the ARR of the largest accounts over all ARR of paying accounts", () => {
  // 10 accounts: 50k, 30k and eight of 2.5k = 100k; top 2 hold 80k → 80%
  const arr = [2_500, 50_000, 2_500, 2_500, 30_000, 2_500, 2_500, 2_500, 2_500, 2_500];
  expect(topShare(arr, 0.2)).toBeCloseTo(0.8, 12);
  // accounts without ARR are not paying and do not count
  expect(topShare([...arr, 0, 0, null], 0.2)).toBeCloseTo(0.8, 12);
  expect(topShare([], 0.2)).toBeNull();
});

test("the curve runs from (0, 0) to (1, 1), largest accounts first", () => {
  const points = paretoPoints([10, 30, 60]);
  expect(points.map((p) => [p.accountShare, p.arrShare])).toEqual([
    [0, 0],
    [1 / 3, 0.6],
    [2 / 3, 0.9],
    [1, 1]
  ]);
});
