import {expect, test} from "vitest";
import {funnelSteps, weakestStep} from "../../src/components/funnelChart.js";

// The funnel table's rows for all cohorts, shuffled: 100 leads visited, 40 registered, 10 signed
// through a lead, and 30 customers without a lead entered at signed (40 journeys at signed).
const rows = [
  {stage_order: 5, stage: "signed", section: "pre_sale", journeys: 40, converted: 10, step_conversion: 10 / 20},
  {stage_order: 1, stage: "visited", section: "pre_sale", journeys: 100, converted: 100, step_conversion: null},
  {stage_order: 4, stage: "opportunity", section: "pre_sale", journeys: 20, converted: 20, step_conversion: 20 / 25},
  {stage_order: 2, stage: "registered", section: "pre_sale", journeys: 40, converted: 40, step_conversion: 0.4},
  {stage_order: 3, stage: "trial", section: "pre_sale", journeys: 25, converted: 25, step_conversion: 25 / 40}
];

test("steps come in stage order, with the journeys that entered without the stage before", () => {
  const steps = funnelSteps(rows);
  expect(steps.map((s) => s.stage)).toEqual(["visited", "registered", "trial", "opportunity", "signed"]);
  expect(steps[0]).toMatchObject({label: "Visited", journeys: 100, step_conversion: null, entered: 0});
  expect(steps[4]).toMatchObject({label: "Signed", journeys: 40, converted: 10, entered: 30});
});

test("the weakest step is the lowest step conversion; the first stage has none", () => {
  // registered 40% < signed 50% < trial 62.5% < opportunity 80%
  expect(weakestStep(funnelSteps(rows))?.stage).toBe("registered");
  expect(weakestStep(funnelSteps(rows.filter((r) => r.stage_order === 1)))).toBeNull();
});

test("numbers from BIGINT columns arrive as numbers", () => {
  const [step] = funnelSteps([{stage_order: 1, stage: "visited", section: "pre_sale", journeys: "9504", converted: "9504", step_conversion: null}]);
  expect(step.journeys).toBe(9504);
});
