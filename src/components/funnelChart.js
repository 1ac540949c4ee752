// The lifecycle funnel: visited → registered → trial → opportunity → signed (pre-sale, from leads)
// → onboarded → active → renewed (post-sale). Rows are the funnel table's: one per stage, with
// journeys (reached the stage), converted (also reached the stage before) and step_conversion.
// Customers without a lead record enter at "signed", so signed can hold more journeys than
// opportunity: the chart shows the part that came through the funnel darker.
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {formatCount, formatMonth, formatPercent} from "../shared/format.js";
import {enteredSteps, funnelText, renewalNotYet, stepText} from "./funnelSteps.js";
import {funnelStageLabel, funnelStages} from "./palette.js";

// the stages and their names live in palette.js, with the site's other category names (csv.js uses them);
// the funnel's numbers and words in funnelSteps.js (no Plot: a page loads them before its charts)
export {funnelStageLabel, funnelStages};
export {enteredSteps, funnelSteps, funnelText, renewalNotYet, RENEWAL_MIN_AGE_MONTHS, stepText, weakestStep} from "./funnelSteps.js";
export const sectionColor = {pre_sale: "#74c0fc", post_sale: "#1c7ed6"};
const convertedColor = "#1864ab";

/** Horizontal funnel bars with counts and step conversion; compact for the overview. */
export function funnelChart(steps, {width, compact = false}) {
  const rowHeight = compact ? 24 : 34;
  const fontSize = compact ? 11 : 12;
  const labelled = steps.map((s) => ({...s, text: funnelText(s, {compact})}));
  const max = Math.max(1, ...steps.map((s) => s.journeys));
  const marginLeft = compact ? 84 : 96;
  const marginRight = compact ? 12 : 24;
  // room for the longest words right of the longest bar (~0.6 em a character), so they stay inside the chart
  const plotWidth = Math.max(60, width - marginLeft - marginRight);
  const textWidth = Math.max(...labelled.map((s) => s.text.length)) * fontSize * 0.6 + 8;
  const domainMax = max * Math.max(1.2, plotWidth / Math.max(plotWidth * 0.35, plotWidth - textWidth));
  const entered = enteredSteps(steps);
  return chart({
    label: `Funnel, journeys reaching each stage: ${steps.map((s) => `${s.label} ${formatCount(s.journeys)}`).join(", ")}` +
      entered.map((s) => `. ${formatCount(s.entered)} of the ${formatCount(s.journeys)} at ${s.label} entered there without the stage before`).join(""),
    width,
    height: steps.length * rowHeight + 30,
    marginLeft,
    marginRight,
    x: {domain: [0, domainMax], axis: null},
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
      Plot.text(labelled, {y: "label", x: "journeys", text: "text", textAnchor: "start", dx: 6, fontSize})
    ]
  });
}

/**
 * Step conversion by cohort month as a heatmap: rows of the funnel table with a cohort_month;
 * the most recent `months` cohorts, newest on top. asOf: the build's as-of date (renewals not due yet
 * read "not yet"). On a narrow card the stage names are turned, so they never run into each other.
 */
export function cohortHeatmap(rows, {width, months = 18, asOf}) {
  const cohorts = [...new Set(rows.filter((r) => r.cohort_month != null).map((r) => +new Date(r.cohort_month)))].sort((a, b) => b - a).slice(0, months);
  const shown = new Set(cohorts);
  const data = rows
    .filter((r) => r.cohort_month != null && shown.has(+new Date(r.cohort_month)) && r.stage_order > 1)
    .map((r) => {
      const notYet = renewalNotYet(r, asOf);
      return {
        cohort: formatMonth(new Date(r.cohort_month)),
        stage: funnelStageLabel[r.stage] ?? r.stage,
        value: r.step_conversion == null || notYet ? null : Number(r.step_conversion),
        text: stepText(r, asOf),
        journeys: Number(r.journeys)
      };
    });
  const stages = funnelStages.slice(1).map((s) => funnelStageLabel[s]);
  const marginLeft = 72;
  // "Opportunity" is ~65 px wide at 11 px: turned when a column is narrower than that, upright when much narrower
  const column = (width - marginLeft) / stages.length;
  const turned = column < 70;
  const angle = column >= 50 ? -45 : -90;
  return chart({
    label: `Step conversion by cohort month, the last ${cohorts.length} cohorts: the share of each stage's journeys that reached the next stage`,
    width,
    height: cohorts.length * 22 + (turned ? 110 : 50),
    marginLeft,
    marginTop: turned ? 76 : undefined,
    padding: 0.06,
    x: {domain: stages, label: null, axis: "top", tickSize: 0, tickRotate: turned ? angle : 0},
    y: {domain: cohorts.map((c) => formatMonth(new Date(c))), label: null, tickSize: 0},
    color: {type: "linear", domain: [0, 1], scheme: "blues", legend: true, label: "step conversion", tickFormat: (v) => formatPercent(v, {digits: 0})},
    marks: [
      Plot.cell(data, {x: "stage", y: "cohort", fill: "value", inset: 0.5, tip: {format: {fill: (v) => formatPercent(v)}}, channels: {journeys: "journeys"}}),
      Plot.text(data, {
        x: "stage",
        y: "cohort",
        text: "text",
        fill: (d) => (d.value != null && d.value > 0.55 ? "white" : "#333"),
        fontSize: (d) => (d.text === "not yet" ? 9 : 11)
      })
    ]
  });
}
