// Month-by-month lines and bars for the overview: a KPI against its threshold (renewal rate and the
// 70% critical line) and ARR by health band. Months arrive as ISO dates ("2026-10-01") or Dates.
import * as Plot from "@observablehq/plot";
import {formatMoney, formatMonth, formatPercent} from "./format.js";
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
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    marginRight: 16,
    x: {type: "utc", label: null, tickFormat: formatMonth, ticks: Math.min(data.length, width < 520 ? 4 : 7)},
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
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: {type: "utc", label: null, tickFormat: formatMonth, ticks: width < 520 ? 4 : 7},
    y: {label: null, tickFormat: (v) => formatPercent(v, {digits: 0}), grid: true, ticks: 5},
    color: {domain: ["NRR", "GRR"], range: ["#1864ab", "#74c0fc"], legend: true},
    marks: [
      Plot.ruleY([1], {stroke: "#adb5bd"}),
      Plot.lineY(data, {x: "month", y: "value", stroke: "measure", strokeWidth: 2, marker: "circle", tip: {format: {x: formatMonth, y: (v) => formatPercent(v)}}})
    ]
  });
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
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    x: {type: "band", domain: months, label: null, tickFormat: (d) => shortMonth(d, months.findIndex((m) => +m === +d)), padding: 0.2},
    y: {label: "ARR", tickFormat: formatMoney, grid: true, ticks: 5},
    color: {...bandScale, legend: true, tickFormat: (band) => bandLabel[band] ?? band},
    marks: [
      Plot.barY(data, {
        x: "month",
        y: "arr",
        z: "health_band",
        fill: {value: "health_band", scale: "color"},
        order: bands,
        title: (d) => `${formatMonth(d.month)}, ${bandLabel[d.health_band] ?? d.health_band}\n${formatMoney(d.arr)} ARR, ${d.accounts} accounts`
      }),
      Plot.ruleY([0])
    ]
  });
}
