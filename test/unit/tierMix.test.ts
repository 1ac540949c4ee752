import {expect, test} from "vitest";
import {tierShares} from "../../src/components/tierMix.js";

test("tier shares come in S, A, B, C order with a missing tier as 0; accounts without a tier do not count", () => {
  const shares = tierShares([
    {tier: "C", accounts: 6, arr: 10_000},
    {tier: "S", accounts: 2, arr: 90_000},
    {tier: null, accounts: 5, arr: 0}
  ]);
  expect(shares.map((s) => [s.tier, s.accounts, s.arrShare])).toEqual([
    ["S", 2, 0.9],
    ["A", 0, 0],
    ["B", 0, 0],
    ["C", 6, 0.1]
  ]);
  expect(shares[0].accountShare).toBeCloseTo(0.25, 12);
});
