// The Backtest page's charts: the bands' churn rates against the base rate, the lead-time distribution, and the
// churned ARR by month, flagged in time or missed. Each takes rows already grouped in SQL (backtestQueries.js).
import * as Plot from "@observablehq/plot";
import {formatMoney, formatMonth, formatPercent} from "./format.js";
import {bandColor, bands} from "./palette.js";

// a card that is still being laid out may measure a few pixels wide: below this a chart would have negative bars
const MIN_WIDTH = 240;

/** Churn rate within the horizon per band (precision of band:<band>), with the base rate as a line. */
export function bandRatesChart(rows, {width, horizon}) {
  const data = bands.map((band) => ({band, ...rows.find((r) => r.signal === `band:${band}`)})).filter((d) => d.accounts);
  const base = rows.find((r) => r.base_rate != null)?.base_rate;
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height: 170, marginLeft: 64, marginRight: 48,
    x: {label: `left within ${horizon} days →`, tickFormat: (d) => formatPercent(d, {digits: 0}), grid: true},
    y: {domain: bands, label: null, tickFormat: (b) => b[0].toUpperCase() + b.slice(1)},
    color: {domain: bands, range: bands.map((b) => bandColor[b])},
    marks: [
      Plot.barX(data, {y: "band", x: (d) => d.precision ?? 0, fill: {value: "band", scale: "color"},
        channels: {customers: "flagged", left: "flagged_churned"}, tip: {format: {x: (d) => formatPercent(d), fill: false}}}),
      Plot.text(data, {y: "band", x: (d) => d.precision ?? 0, text: (d) => formatPercent(d.precision), dx: 4, textAnchor: "start"}),
      base == null ? null : Plot.ruleX([base], {stroke: "currentColor", strokeDasharray: "4,3"}),
      base == null ? null : Plot.text([base], {x: (d) => d, frameAnchor: "top", dy: -2, text: () => `all customers ${formatPercent(base)}`, textAnchor: "start", dx: 4}),
      Plot.ruleX([0])
    ]
  });
}

/** How long before leaving the watch first flagged each churn it caught, in bins of binDays. */
export function leadTimeChart(bins, {width, horizon, binDays = 30}) {
  const data = bins.map((d) => ({...d, label: `${d.bin_start}–${Math.min(d.bin_start + binDays, horizon) - 1}`}));
  const domain = Array.from({length: Math.ceil(horizon / binDays)}, (_, i) => i * binDays).map((start) => `${start}–${Math.min(start + binDays, horizon) - 1}`);
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height: 220, marginBottom: 40,
    x: {domain, label: "days from the first flagged month end to the last day in force", tickSize: 0},
    y: {grid: true, label: "churns"},
    marks: [
      Plot.barY(data, {x: "label", y: "churns", fill: "#1c7ed6", tip: true}),
      Plot.ruleY([0])
    ]
  });
}

export const outcomes = ["flagged", "missed"];
export const outcomeColor = {flagged: "#1c7ed6", missed: "#c92a2a"};
export const outcomeLabel = {flagged: "on the watch in time", missed: "missed"};

/** Churned ARR by the month customers left, stacked: flagged in time by the watch, or missed. */
export function churnedArrChart(rows, {width}) {
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height: 240, marginLeft: 56, marginBottom: 36,
    x: {type: "band", label: null, tickFormat: (d) => formatMonth(d)},
    y: {grid: true, label: "churned ARR", tickFormat: formatMoney},
    color: {domain: outcomes, range: outcomes.map((o) => outcomeColor[o]), legend: true, tickFormat: (o) => outcomeLabel[o]},
    marks: [
      Plot.barY(rows, {x: "churn_month", y: "arr_lost", fill: "outcome", order: outcomes,
        channels: {churns: "churns"}, tip: {format: {x: (d) => formatMonth(d), y: formatMoney, fill: (o) => outcomeLabel[o]}}}),
      Plot.ruleY([0])
    ]
  });
}
