import {expect, test} from "vitest";
import {stageCounts} from "../../src/components/lifecycleStages.js";

test("every stage between handover and expanded shows, in lifecycle order, even when empty", () => {
  const stages = stageCounts([{lifecycle_stage: "stable_use", accounts: 3, arr: 30}, {lifecycle_stage: "churned", accounts: 2, arr: 0}]);
  expect(stages.map((s) => s.lifecycle_stage)).toEqual(["handover", "onboarding", "internal_rollout", "stable_use", "renewal_window", "renewed", "expanded", "churned"]);
  expect(stages.find((s) => s.lifecycle_stage === "onboarding")).toMatchObject({label: "Onboarding", accounts: 0});
});
