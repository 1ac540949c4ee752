// The lifecycle funnel: visited → registered → trial → opportunity → signed (pre-sale, from leads)
// → onboarded → active → renewed (post-sale). Rows are the funnel table's: one per stage, with
// journeys (reached the stage), converted (also reached the stage before) and step_conversion.
// Customers without a lead record enter at "signed", so signed can hold more journeys than
// opportunity: the chart shows the part that came through the funnel darker.
import * as Plot from "@observablehq/plot";
import {formatCount, formatMonth, formatPercent} from "./format.js";

export const funnelStages = ["visited", "registered", "trial", "opportunity", "signed", "onboarded", "active", "renewed"];
export const funnelStageLabel = {
  visited: "Visited",
  registered: "Registered",
  trial: "Trial",
  opportunity: "Opportunity",
  signed: "Signed",
  onboarded: "Onboarded",
  active: "Active",
  renewed: "Renewed"
};
export const sectionColor = {pre_sale: "#74c0fc", post_sale: "#1c7ed6"};
const convertedColor = "#1864ab";

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

/** Horizontal funnel bars with counts and step conversion; compact for the overview. */
export function funnelChart(steps, {width, compact = false}) {
  const rowHeight = compact ? 24 : 34;
  const labelled = steps.map((s) => ({
    ...s,
    text: `${formatCount(s.journeys)}${s.step_conversion == null ? "" : `  ·  ${formatPercent(s.step_conversion, {digits: compact ? 0 : 1})} of previous`}`
  }));
  const max = Math.max(1, ...steps.map((s) => s.journeys));
  return Plot.plot({
    width,
    height: steps.length * rowHeight + 30,
    marginLeft: compact ? 84 : 96,
    marginRight: compact ? 12 : 24,
    x: {domain: [0, max * (compact ? 1.6 : 1.45)], axis: null},
    y: {domain: steps.map((s) => s.label), label: null, tickSize: 0, padding: 0.18},
    color: {domain: ["pre_sale", "post_sale"], range: [sectionColor.pre_sale, sectionColor.post_sale]},
    marks: [
      Plot.barX(labelled, {
        y: "label",
        x: "journeys",
        fill: "section",
        rx: 2,
        title: (s) =>
          `${s.label}: ${formatCount(s.journeys)} journeys` +
          (s.entered > 0 && s.step_conversion != null ? `\n${formatCount(s.converted)} came from the stage before, ${formatCount(s.entered)} entered here` : "") +
          (s.step_conversion == null ? "" : `\nstep conversion ${formatPercent(s.step_conversion)}`)
      }),
      // the part that came from the stage before, where others entered directly (signed without a lead)
      Plot.barX(labelled.filter((s) => s.entered > 0 && s.step_conversion != null), {y: "label", x: "converted", fill: convertedColor, rx: 2}),
      Plot.text(labelled, {y: "label", x: "journeys", text: "text", textAnchor: "start", dx: 6, fontSize: compact ? 11 : 12})
    ]
  });
}

/**
 * Step conversion by cohort month as a heatmap: rows of the funnel table with a cohort_month;
 * the most recent `months` cohorts, newest on top.
 */
export function cohortHeatmap(rows, {width, months = 18}) {
  const cohorts = [...new Set(rows.filter((r) => r.cohort_month != null).map((r) => +new Date(r.cohort_month)))].sort((a, b) => b - a).slice(0, months);
  const shown = new Set(cohorts);
  const data = rows
    .filter((r) => r.cohort_month != null && shown.has(+new Date(r.cohort_month)) && r.stage_order > 1)
    .map((r) => ({
      cohort: formatMonth(new Date(r.cohort_month)),
      stage: funnelStageLabel[r.stage] ?? r.stage,
      value: r.step_conversion == null ? null : Number(r.step_conversion),
      journeys: Number(r.journeys)
    }));
  return Plot.plot({
    width,
    height: cohorts.length * 22 + 50,
    marginLeft: 72,
    padding: 0.06,
    x: {domain: funnelStages.slice(1).map((s) => funnelStageLabel[s]), label: null, axis: "top", tickSize: 0},
    y: {domain: cohorts.map((c) => formatMonth(new Date(c))), label: null, tickSize: 0},
    color: {type: "linear", domain: [0, 1], scheme: "blues", legend: true, label: "step conversion", tickFormat: (v) => formatPercent(v, {digits: 0})},
    marks: [
      Plot.cell(data, {x: "stage", y: "cohort", fill: "value", inset: 0.5, tip: {format: {fill: (v) => formatPercent(v)}}, channels: {journeys: "journeys"}}),
      Plot.text(data, {
        x: "stage",
        y: "cohort",
        text: (d) => (d.value == null ? "–" : formatPercent(d.value, {digits: 0})),
        fill: (d) => (d.value != null && d.value > 0.55 ? "white" : "#333"),
        fontSize: 11
      })
    ]
  });
}
