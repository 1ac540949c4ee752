// The funnel's numbers and words, without drawing: steps in stage order with what entered where, the
// weakest step, and the renewals a young cohort cannot have had yet. No Plot here, so that a page can
// compute them before it loads its charts (funnelChart.js draws them).
import {formatCount, formatPercent} from "../shared/format.js";
import {funnelStageLabel} from "./palette.js";

/**
 * The steps of one cohort (or all cohorts) in stage order, with numbers as numbers:
 * [{stage, label, section, journeys, converted, step_conversion, entered}] where entered = journeys
 * that reached the stage without the stage before (customers without a lead at "signed").
 */
export function funnelSteps(rows) {
  return [...rows]
    .sort((a, b) => a.stage_order - b.stage_order)
    .map((row) => ({
      stage: row.stage,
      label: funnelStageLabel[row.stage] ?? row.stage,
      section: row.section,
      journeys: Number(row.journeys),
      converted: Number(row.converted),
      step_conversion: row.step_conversion == null ? null : Number(row.step_conversion),
      entered: Number(row.journeys) - Number(row.converted)
    }));
}

/** The step with the lowest conversion from the stage before (where most journeys stop), or null. */
export function weakestStep(steps) {
  let weakest = null;
  for (const step of steps) {
    if (step.step_conversion == null) continue;
    if (!weakest || step.step_conversion < weakest.step_conversion) weakest = step;
  }
  return weakest;
}

/**
 * The steps where journeys entered without the stage before (customers without a lead record enter at
 * signed): [{stage, label, journeys, converted, entered, before: the stage before's label and journeys}].
 * A page says in words why such a stage can hold more journeys than the one before it.
 */
export function enteredSteps(steps) {
  return steps
    .map((step, i) => ({...step, before: steps[i - 1]}))
    .filter((step) => step.before && step.entered > 0 && step.step_conversion != null);
}

/** The bar's words: "2,000 · 40%" (compact) or "2,000 · 40.0% of previous". */
export function funnelText(step, {compact = false} = {}) {
  if (step.step_conversion == null) return formatCount(step.journeys);
  return `${formatCount(step.journeys)}  ·  ${formatPercent(step.step_conversion, {digits: compact ? 0 : 1})}${compact ? "" : " of previous"}`;
}

/**
 * A cohort too young for its journeys to have renewed: its month began less than
 * RENEWAL_MIN_AGE_MONTHS before the as-of date (a yearly contract signed then has not come up for
 * renewal yet). Its renewed step then reads "not yet" instead of 0%, unless some of it did renew
 * (shorter terms).
 */
export const RENEWAL_MIN_AGE_MONTHS = 12;

/** Whether a funnel row (one cohort and stage) is the renewed step of a cohort too young to have renewed. */
export function renewalNotYet(row, asOf) {
  if (row.stage !== "renewed" || row.cohort_month == null || asOf == null || Number(row.converted) > 0) return false;
  const cohort = new Date(row.cohort_month);
  const day = new Date(asOf);
  const months = (day.getUTCFullYear() - cohort.getUTCFullYear()) * 12 + day.getUTCMonth() - cohort.getUTCMonth();
  return months < RENEWAL_MIN_AGE_MONTHS;
}

/** The step conversion as the page writes it: "40%", "–" when the stage before is empty, "not yet" for renewals to come. */
export function stepText(row, asOf, {digits = 0} = {}) {
  if (renewalNotYet(row, asOf)) return "not yet";
  return row.step_conversion == null ? "–" : formatPercent(Number(row.step_conversion), {digits});
}
