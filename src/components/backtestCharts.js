// The Backtest page's charts: the bands' churn rates against the base rate, the lead-time distribution, and the
// churned ARR by month, flagged in time or missed. Each takes rows already grouped in SQL (backtestQueries.js).
// Drawn by chart() (an accessible name each, docs/site.md#accessibility), with ticks thinned on a phone.
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {formatCount, formatMoney, formatMonth, formatPercent, formatTick} from "../shared/format.js";
import {bandColor, bandLabel, bands} from "./palette.js";

const narrow = (width) => width < 520;

// a card that is still being laid out may measure a few pixels wide: below this a chart would have negative bars
const MIN_WIDTH = 240;

/** Churn rate within the horizon per band (precision of band:<band>), with the base rate as a line. */
export function bandRatesChart(rows, {width, horizon}) {
  const data = bands.map((band) => ({band, ...rows.find((r) => r.signal === `band:${band}`)})).filter((d) => d.accounts);
  const base = rows.find((r) => r.base_rate != null)?.base_rate;
  return chart({
    label: `Share of each health band's customers who left within ${horizon} days: ${data.map((d) => `${bandLabel[d.band] ?? d.band} ${formatPercent(d.precision)}`).join(", ")}${base == null ? "" : `; all customers ${formatPercent(base)}`}`,
    width: Math.max(width, MIN_WIDTH), height: 170, marginLeft: 64, marginRight: 48,
    x: {label: `left within ${horizon} days →`, tickFormat: (d) => formatPercent(d, {digits: 0}), grid: true, ticks: narrow(width) ? 4 : 8},
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
  // "150–179" is ~45 px wide at 10 px: the bins' names turned when a bin is narrower than that
  const turned = (Math.max(width, MIN_WIDTH) - 60) / domain.length < 56;
  const total = data.reduce((sum, d) => sum + d.churns, 0);
  return chart({
    label: `Lead time of the ${formatCount(total)} churns the watch flagged in time, in bins of ${binDays} days: ${data.map((d) => `${d.label} days ${formatCount(d.churns)}`).join(", ")}`,
    width: Math.max(width, MIN_WIDTH), height: 220, marginBottom: turned ? 56 : 40,
    x: {domain, label: narrow(width) ? "days, first flag to last day in force" : "days from the first flagged month end to the last day in force", tickSize: 0, tickRotate: turned ? -35 : 0},
    y: {grid: true, label: "churns", tickFormat: formatTick, domain: [0, Math.max(5, ...data.map((d) => d.churns))], nice: true},
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
  const months = [...new Set(rows.map((r) => +new Date(r.churn_month)))].sort((a, b) => a - b);
  // "Nov 2025" is ~60 px wide: a label every `step` months keeps them ~80 px apart, always the latest
  const step = Math.max(1, Math.ceil(months.length / Math.max(1, Math.floor((Math.max(width, MIN_WIDTH) - 70) / 80))));
  const ticks = months.filter((_, i) => (months.length - 1 - i) % step === 0).map((t) => new Date(t));
  const total = (outcome) => rows.filter((r) => r.outcome === outcome).reduce((sum, r) => sum + r.arr_lost, 0);
  return chart({
    label: months.length ? `Churned ARR by month, ${formatMonth(new Date(months[0]))} to ${formatMonth(new Date(months.at(-1)))}: ${formatMoney(total("flagged"))} on the watch in time, ${formatMoney(total("missed"))} missed` : "Churned ARR: no month to show",
    width: Math.max(width, MIN_WIDTH), height: 240, marginLeft: 56, marginBottom: 36,
    x: {type: "band", label: null, domain: months.map((t) => new Date(t)), ticks, tickFormat: (d) => formatMonth(d)},
    y: {grid: true, label: "churned ARR", tickFormat: formatMoney},
    color: {domain: outcomes, range: outcomes.map((o) => outcomeColor[o]), legend: true, tickFormat: (o) => outcomeLabel[o]},
    marks: [
      Plot.barY(rows, {x: "churn_month", y: "arr_lost", fill: "outcome", order: outcomes,
        channels: {churns: "churns"}, tip: {format: {x: (d) => formatMonth(d), y: formatMoney, fill: (o) => outcomeLabel[o]}}}),
      Plot.ruleY([0])
    ]
  });
}
