// The account page's charts: weekly activity, health over the months, module use per week. In a
// module of their own, imported by the page once its numbers are drawn, so that Plot and d3 (most of
// the page's JavaScript) do not hold up the first draw.
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {formatCount, formatDate, formatMonth, formatNumber, formatTick} from "../shared/format.js";
import {cellShort} from "./healthGrid.js";
import {bandColor} from "./palette.js";

/**
 * Visits, active users and key actions per week; the partial current week as hollow dots. A series
 * the build cannot measure (active users without user ids: NULL every week) is left out, not drawn as zeros.
 */
export function weeklyChart(weekly, width) {
  const measures = weeklyMeasures(weekly);
  const long = weekly.flatMap((w) => measures.map(([key]) => ({week: w.week_start, measure: key.replace("_", " "), value: w[key], partial: w.days_observed < 7})));
  // counts: whole-number ticks, and an axis up to at least 5 so that a quiet account is not drawn on 0.0–1.0
  const max = Math.max(0, ...long.map((d) => d.value ?? 0));
  const last = weekly.at(-1);
  return chart({
    label: last ? `Weekly activity, ${weekly.length} weeks to the week of ${formatDate(last.week_start)}: ${formatCount(last.visits)} visits, ${formatCount(last.active_users)} active users, ${formatCount(last.key_actions)} key actions that week` : "Weekly activity: no week",
    width, height: 240, marginLeft: 40,
    x: {type: "utc", label: null, ticks: Math.max(2, Math.floor((width - 50) / 90))},
    y: {grid: true, label: "per week", domain: [0, Math.max(5, max)], nice: true, tickFormat: (v) => (Number.isInteger(v) ? formatCount(v) : "")},
    color: {domain: measures.map(([key]) => key.replace("_", " ")), range: measures.map(([, color]) => color), legend: true},
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(long, {x: "week", y: "value", stroke: "measure", strokeWidth: 1.5}),
      Plot.dot(long.filter((d) => d.partial), {x: "week", y: "value", stroke: "measure", fill: "white", r: 3}),
      Plot.tip(long, Plot.pointerX({x: "week", y: "value", stroke: "measure", title: (d) => `week of ${formatDate(d.week)}${d.partial ? " (partial)" : ""}\n${d.measure}: ${formatCount(d.value)}`}))
    ]
  });
}

/** The weekly chart's series ([column, colour]) that have a value in some week: a not-measured one (all NULL) is left out. */
export function weeklyMeasures(weekly) {
  const all = [["visits", "#1c7ed6"], ["active_users", "#2b8a3e"], ["key_actions", "#f08c00"]];
  return all.filter(([key]) => weekly.some((w) => w[key] != null));
}

/** The health score at each month end, on the bands' colours (settings: health_band_yellow, health_band_green). */
export function historyChart(history, width, settings) {
  const first = history[0].snapshot_date;
  const last = history.at(-1).snapshot_date;
  const zones = [
    {band: "red", y1: 0, y2: settings.health_band_yellow},
    {band: "yellow", y1: settings.health_band_yellow, y2: settings.health_band_green},
    {band: "green", y1: settings.health_band_green, y2: 100}
  ];
  // each point's cell ("high·med", ~35 px at 9 px) only where points are far enough apart, else the latest's
  const spacing = (width - 60) / Math.max(1, history.length - 1);
  const labelled = spacing >= 40 ? history : history.slice(-1);
  const latest = history.at(-1);
  return chart({
    label: `Health score at each month end, ${formatMonth(first)} to ${formatDate(last)}: ${formatNumber(latest.health_score)} now, band ${latest.health_band}`,
    width, height: 240, marginLeft: 40, marginRight: 20,
    x: {type: "utc", label: null, inset: 10, ticks: Math.max(2, Math.floor((width - 60) / 90))},
    y: {domain: [0, 100], label: "health score", grid: true},
    marks: [
      Plot.rect(zones, {x1: first, x2: last, y1: "y1", y2: "y2", fill: (d) => bandColor[d.band], fillOpacity: 0.08}),
      Plot.lineY(history, {x: "snapshot_date", y: "health_score", stroke: "#495057", strokeWidth: 1.5}),
      Plot.dot(history, {x: "snapshot_date", y: "health_score", fill: (d) => bandColor[d.health_band], r: 4,
        channels: {cell: "grid_cell", tier: "tier"}, tip: {format: {x: (d) => formatDate(d), fill: false}}}),
      Plot.text(labelled, {x: "snapshot_date", y: "health_score", text: (d) => cellShort(d.grid_cell), dy: -11, fontSize: 9, fill: "#5c636a"})
    ]
  });
}

/** Visits per module and week (weeks: their start times, oldest first; modules: the rows of those weeks). Active users in the tip when measured. */
export function moduleWeeksChart(modules, weeks, width) {
  const usersMeasured = modules.some((m) => m.active_users != null);
  const used = new Set(modules.map((m) => m.module));
  // a week's label ("06-30", ~32 px) every 4 weeks, or every 8 when the weeks are narrow
  const every = (width - 100) / weeks.length * 4 >= 44 ? 4 : 8;
  return chart({
    label: `Visits per module and week, the last ${weeks.length} weeks: ${used.size} modules used`,
    width, height: 50 + 26 * used.size, marginLeft: 100,
    x: {type: "band", domain: weeks.map((t) => new Date(t)), label: null, tickFormat: (d) => formatDate(d).slice(5), ticks: weeks.filter((_, i) => (weeks.length - 1 - i) % every === 0).map((t) => new Date(t))},
    y: {label: null},
    color: {scheme: "blues", type: "sqrt", legend: true, label: "visits per week", tickFormat: formatTick},
    marks: [
      Plot.cell(modules, {x: "week_start", y: "module", fill: "visits", inset: 0.5,
        channels: usersMeasured ? {users: "active_users", "key actions": "key_actions"} : {"key actions": "key_actions"}, tip: {format: {x: (d) => `week of ${formatDate(d)}`}}})
    ]
  });
}
