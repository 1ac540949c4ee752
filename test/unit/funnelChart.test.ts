import {expect, test} from "vitest";
import {enteredSteps, funnelSteps, funnelText, renewalNotYet, stepText, weakestStep} from "../../src/components/funnelChart.js";

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

test("a stage entered without the stage before is named, with what came from it", () => {
  // signed: 40 journeys, 10 from the 20 opportunities (50%), 30 customers without a lead
  const [signed] = enteredSteps(funnelSteps(rows));
  expect(signed).toMatchObject({stage: "signed", journeys: 40, converted: 10, entered: 30});
  expect(signed.before).toMatchObject({stage: "opportunity", journeys: 20});
  expect(funnelText(signed, {compact: true})).toBe("40  ·  50%");
  expect(funnelText(signed)).toBe("40  ·  50.0% of previous");
});

test("a cohort under 12 months old has not renewed yet: 'not yet', not 0%", () => {
  const asOf = "2026-11-15";
  const renewed = (cohort_month: string, converted = 0) => ({stage: "renewed", cohort_month, converted, step_conversion: converted / 50});
  // Dec 2025 began 11 months before Nov 2026: too young; Nov 2025, 12 months: a yearly contract could have renewed
  expect(renewalNotYet(renewed("2025-12-01"), asOf)).toBe(true);
  expect(stepText(renewed("2025-12-01"), asOf)).toBe("not yet");
  expect(renewalNotYet(renewed("2025-11-01"), asOf)).toBe(false);
  expect(stepText(renewed("2025-11-01"), asOf)).toBe("0%");
  // a young cohort that did renew (monthly terms) shows its share: 5 of 50 = 10%
  expect(stepText(renewed("2026-06-01", 5), asOf)).toBe("10%");
  // other stages, and the all-cohorts row, are never "not yet"; an empty stage before reads "–"
  expect(renewalNotYet({stage: "active", cohort_month: "2026-10-01", converted: 0}, asOf)).toBe(false);
  expect(renewalNotYet({stage: "renewed", cohort_month: null, converted: 0}, asOf)).toBe(false);
  expect(stepText({stage: "trial", cohort_month: "2026-10-01", converted: 0, step_conversion: null}, asOf)).toBe("–");
});
