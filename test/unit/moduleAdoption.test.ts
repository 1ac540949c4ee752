import {expect, test} from "vitest";
import {FALLING_CHANGE, featureKey, featureOfKey, featureOrder, moduleTrends, shortFeatureOfKey, NO_MODULE, usageChange} from "../../src/components/moduleAdoption.js";

test("usage change is relative to the 4 weeks before; nothing to compare with gives null", () => {
  expect(usageChange(90, 100)).toBeCloseTo(-0.1, 12);
  expect(usageChange(5, 0)).toBeNull();
  expect(usageChange(null, 10)).toBe(-1); // Number(null) is 0: no use at all is a 100% fall
});

test("a module is falling when its events dropped by 10% or more; steepest fall first", () => {
  expect(FALLING_CHANGE).toBe(-0.1);
  const trends = moduleTrends([
    {module: "reports", events_last: 1_100, events_prev: 1_000, accounts_last: 50, accounts_prev: 50},
    {module: "alerts", events_last: 900, events_prev: 1_000, accounts_last: 40, accounts_prev: 50}, // −10%: falling
    {module: "funnels", events_last: 950, events_prev: 1_000, accounts_last: 45, accounts_prev: 50}, // −5%: not yet
    {module: "new", events_last: 10, events_prev: 0, accounts_last: 1, accounts_prev: 0} // new: no change
  ]);
  expect(trends.map((t) => [t.module, t.falling])).toEqual([
    ["alerts", true],
    ["funnels", false],
    ["reports", false],
    ["new", false]
  ]);
  expect(trends[0].accounts_change).toBeCloseTo(-0.2, 12);
  expect(trends[3].events_change).toBeNull();
});

test("features are shown by module, largest share first; a feature name in two modules stays two rows", () => {
  const ordered = featureOrder([
    {module: "reports", feature: "export", share: 0.2},
    {module: "alerts", feature: "create", share: 0.1},
    {module: "reports", feature: "run", share: 0.4},
    {module: null, feature: "search", share: 0.5},
    {module: "alerts", feature: "export", share: 0.3}
  ]);
  // "(no module)" sorts before letters: '(' is 0x28
  expect(ordered.map((f) => [f.module, f.feature])).toEqual([
    [NO_MODULE, "search"],
    ["alerts", "export"],
    ["alerts", "create"],
    ["reports", "run"],
    ["reports", "export"]
  ]);
  expect(new Set(ordered.map((f) => f.key)).size).toBe(5);
  expect(ordered.map((f) => featureOfKey(f.key))).toEqual(["search", "export", "create", "run", "export"]);
});

test("shortFeatureOfKey: a feature's name without its module's prefix, for a phone's axis (the colour names the module)", () => {
  expect(shortFeatureOfKey(featureKey("integrations", "integrations.warehouse_export"))).toBe("warehouse_export");
  expect(shortFeatureOfKey(featureKey(null, "search"))).toBe("search"); // no prefix: unchanged
  expect(shortFeatureOfKey(featureKey("reports", "reports.run.v2"))).toBe("run.v2"); // only the first part goes
});
