// Month-by-month lines and bars for the overview: a KPI against its threshold (renewal rate and the
// 70% critical line) and ARR by health band. Months arrive as ISO dates ("2026-10-01") or Dates.
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {formatCount, formatMoney, formatMonth, formatPercent} from "../shared/format.js";
import {bandColor, bandLabel, bandScale, bands} from "./palette.js";

/** A Date at UTC midnight from an ISO date string or a Date. */
export function utcDate(value) {
  return value instanceof Date ? value : new Date(`${String(value).slice(0, 10)}T00:00:00Z`);
}

/**
 * One KPI per month as a line, with an optional threshold line (e.g. the renewal rate's critical 70%).
 * periods: [{period_month, [y]: number}]; points below the threshold are drawn in red.
 */
export function kpiTrend(periods, {y, label, format = formatPercent, threshold, thresholdLabel, width, height = 220, color = "#1c7ed6"}) {
  const data = periods.filter((d) => d[y] != null).map((d) => ({month: utcDate(d.period_month), value: d[y], end: d.period_end}));
  const values = data.map((d) => d.value);
  const low = Math.min(...values, threshold ?? Infinity);
  const high = Math.max(...values, threshold ?? -Infinity);
  const pad = (high - low) * 0.15 || 0.05;
  const latest = data.at(-1);
  return chart({
    label: data.length
      ? `${label} per month, ${formatMonth(data[0].month)} to ${formatMonth(latest.month)}: latest ${format(latest.value)}${threshold != null ? `, ${thresholdLabel ?? `threshold ${format(threshold)}`}` : ""}`
      : `${label}: no month to show`,
    width,
    height,
    marginLeft: 48,
    marginRight: 16,
    x: {type: "utc", label: null, tickFormat: formatMonth, ticks: monthTicks(data.map((d) => d.month), width)},
    y: {label, domain: [Math.max(0, low - pad), high + pad], tickFormat: (v) => format(v), grid: true, ticks: 5},
    marks: [
      threshold != null
        ? [
            Plot.ruleY([threshold], {stroke: bandColor.red, strokeDasharray: "5 4", strokeWidth: 1.5}),
            Plot.text([threshold], {
              y: (d) => d,
              frameAnchor: "left",
              dx: 4,
              dy: -7,
              text: () => thresholdLabel ?? `threshold ${format(threshold)}`,
              fill: bandColor.red,
              fontSize: 11
            })
          ]
        : [],
      Plot.line(data, {x: "month", y: "value", stroke: color, strokeWidth: 2, curve: "monotone-x"}),
      Plot.dot(data, {
        x: "month",
        y: "value",
        r: 3.5,
        fill: (d) => (threshold != null && d.value < threshold ? bandColor.red : color),
        stroke: "white"
      }),
      Plot.text(data.slice(-1), {x: "month", y: "value", text: (d) => format(d.value), dy: -12, fontWeight: 600, fill: color}),
      Plot.tip(data, Plot.pointerX({x: "month", y: "value", title: (d) => `${formatMonth(d.month)} (to ${String(d.end).slice(0, 10)})\n${label}: ${format(d.value)}`}))
    ]
  });
}

/** NRR and GRR per month end, with the 100% line: periods [{period_month, nrr, grr}]. */
export function retentionTrend(periods, {width, height = 220}) {
  const data = periods.flatMap((p) => [
    {month: utcDate(p.period_month), value: p.nrr, measure: "NRR"},
    {month: utcDate(p.period_month), value: p.grr, measure: "GRR"}
  ]).filter((d) => d.value != null);
  const last = periods.filter((p) => p.nrr != null || p.grr != null).at(-1);
  return chart({
    label: last ? `NRR and GRR per month end, latest ${formatMonth(utcDate(last.period_month))}: NRR ${formatPercent(last.nrr)}, GRR ${formatPercent(last.grr)}` : "NRR and GRR: no month to show",
    width,
    height,
    marginLeft: 48,
    x: {type: "utc", label: null, tickFormat: formatMonth, ticks: monthTicks(periods.map((p) => utcDate(p.period_month)), width)},
    y: {label: null, tickFormat: (v) => formatPercent(v, {digits: 0}), grid: true, ticks: 5},
    color: {domain: ["NRR", "GRR"], range: ["#1864ab", "#74c0fc"], legend: true},
    marks: [
      Plot.ruleY([1], {stroke: "#adb5bd"}),
      Plot.lineY(data, {x: "month", y: "value", stroke: "measure", strokeWidth: 2, marker: "circle", tip: {format: {x: formatMonth, y: (v) => formatPercent(v)}}})
    ]
  });
}

/**
 * The months that get a label on a line chart's axis: "Nov 2025" is ~60 px wide, so one every ~90 px
 * (at least two, at most seven), counted back from the latest month so that it always has one. Plot's
 * own "nice" ticks gave a phone a single label for a year of months.
 */
export function monthTicks(months, width) {
  const sorted = [...new Set(months.map((m) => +m))].sort((a, b) => a - b);
  const room = Math.max(2, Math.min(7, Math.floor((width - 64) / 90)));
  const step = Math.max(1, Math.ceil(sorted.length / room));
  return sorted.filter((_, i) => (sorted.length - 1 - i) % step === 0).map((t) => new Date(t));
}

/** A short month label for a dense axis: Jan ’26 for January and the first month, else Feb, Mar, … */
function shortMonth(date, i) {
  const month = date.toLocaleDateString("en-US", {month: "short", timeZone: "UTC"});
  return i === 0 || date.getUTCMonth() === 0 ? `${month} ’${String(date.getUTCFullYear()).slice(2)}` : month;
}

/** ARR per month stacked by health band (green at the bottom): rows [{month, health_band, arr, accounts}]. */
export function arrByBand(rows, {width, height = 240}) {
  const data = rows.map((d) => ({...d, month: utcDate(d.month)}));
  const months = [...new Set(data.map((d) => +d.month))].sort((a, b) => a - b).map((t) => new Date(t));
  // a label ("Jan ’26" ~40 px) every `step` months, so that labels keep ~48 px apart on a phone
  const step = Math.max(1, Math.ceil(months.length / Math.max(1, Math.floor((width - 70) / 48))));
  const ticks = months.filter((_, i) => (months.length - 1 - i) % step === 0); // always the latest month
  const latest = months.at(-1);
  const latestArr = data.filter((d) => +d.month === +latest).reduce((sum, d) => sum + d.arr, 0);
  return chart({
    label: months.length ? `ARR by health band, month by month, ${formatMonth(months[0])} to ${formatMonth(latest)}: ${formatMoney(latestArr)} at the latest` : "ARR by health band: no month to show",
    width,
    height,
    marginLeft: 56,
    x: {type: "band", domain: months, ticks, label: null, tickFormat: (d) => shortMonth(d, ticks.findIndex((m) => +m === +d)), padding: 0.2},
    y: {label: "ARR", tickFormat: formatMoney, grid: true, ticks: 5},
    color: {...bandScale, legend: true, tickFormat: (band) => bandLabel[band] ?? band},
    marks: [
      Plot.barY(data, {
        x: "month",
        y: "arr",
        z: "health_band",
        fill: {value: "health_band", scale: "color"},
        order: bands,
        title: (d) => `${formatMonth(d.month)}, ${bandLabel[d.health_band] ?? d.health_band}\n${formatMoney(d.arr)} ARR, ${formatCount(d.accounts)} accounts`
      }),
      Plot.ruleY([0])
    ]
  });
}
