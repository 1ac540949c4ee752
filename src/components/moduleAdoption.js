// Module and feature adoption: which modules and features accounts use, by tier, and which are used less
// than a month ago. The page's SQL counts accounts and events per module over two windows of complete weeks
// (the last 4 and the 4 before); these functions compare them and draw the results.
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {formatCount, formatPercent} from "../shared/format.js";
import {bandColor, tierScale} from "./palette.js";

/** A module is falling when its use dropped by at least this much, last 4 weeks against the 4 before. */
export const FALLING_CHANGE = -0.1;

/** Relative change from previous to last: (last − previous) / previous; null when previous is 0 or missing (a missing last counts as 0). */
export function usageChange(last, previous) {
  const a = Number(last);
  const b = Number(previous);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return (a - b) / b;
}

/**
 * Per module: change in events and in active accounts between the two windows, and whether the module
 * is falling (events down by FALLING_CHANGE or more). rows: [{module, events_last, events_prev,
 * accounts_last, accounts_prev}]; sorted from the steepest fall.
 * @param {Array<Record<string, any>>} rows
 * @returns {Array<Record<string, any>>}
 */
export function moduleTrends(rows, threshold = FALLING_CHANGE) {
  return rows
    .map((row) => {
      const eventsChange = usageChange(row.events_last, row.events_prev);
      const accountsChange = usageChange(row.accounts_last, row.accounts_prev);
      return {...row, events_change: eventsChange, accounts_change: accountsChange, falling: eventsChange != null && eventsChange <= threshold};
    })
    .sort((a, b) => (a.events_change ?? Infinity) - (b.events_change ?? Infinity) || String(a.module).localeCompare(String(b.module)));
}

/** Share of accounts using each module: rows [{module, accounts, share}], largest first. */
export function adoptionBars(rows, {width, total}) {
  const data = [...rows].sort((a, b) => b.share - a.share);
  const narrow = width < 520;
  return chart({
    label: `Adoption by module, share of ${formatCount(total)} accounts: ${data.map((d) => `${d.module} ${formatPercent(d.share)}`).join(", ")}`,
    width,
    height: data.length * 34 + 36,
    marginLeft: 100,
    marginRight: narrow ? 90 : 110,
    x: {domain: [0, 1], tickFormat: (v) => formatPercent(v, {digits: 0}), label: `share of ${formatCount(total)} accounts →`, grid: true, ticks: narrow ? 4 : 10},
    y: {domain: data.map((d) => d.module), label: null, tickSize: 0, padding: 0.2},
    marks: [
      Plot.barX(data, {y: "module", x: "share", fill: "#1c7ed6", rx: 2, title: (d) => `${d.module}: ${formatCount(d.accounts)} accounts (${formatPercent(d.share)})`}),
      Plot.text(data, {y: "module", x: "share", text: (d) => `${formatPercent(d.share)} · ${formatCount(d.accounts)}`, textAnchor: "start", dx: 6, fontSize: 12})
    ]
  });
}

/**
 * Adoption by module (or feature) and tier: rows [{module, tier, share, accounts, tier_accounts}] as a
 * heatmap; modules is the rows' order. Features use the same chart with smaller rows and a wider margin.
 */
export function adoptionHeatmap(rows, {width, modules, tiers, rowHeight = 34, marginLeft = 100, tickFormat = undefined, fontSize = 12, label = "Adoption by tier: the share of each tier's accounts that used each module"}) {
  return chart({
    label,
    width,
    height: modules.length * rowHeight + 44,
    marginLeft,
    padding: 0.06,
    // "Tier S" is ~40 px wide: a narrow column says the letter only
    x: {domain: tiers, label: null, axis: "top", tickSize: 0, tickFormat: (t) => ((width - marginLeft) / tiers.length < 56 ? t : `Tier ${t}`)},
    y: {domain: modules, label: null, tickSize: 0, tickFormat},
    color: {type: "linear", domain: [0, 1], scheme: "blues", legend: true, label: "share of the tier's accounts", tickFormat: (v) => formatPercent(v, {digits: 0})},
    marks: [
      Plot.cell(rows, {
        x: "tier",
        y: "module",
        fill: "share",
        inset: 0.5,
        title: (d) => `${d.label ?? d.module}, tier ${d.tier}: ${formatCount(d.accounts)} of ${formatCount(d.tier_accounts)} accounts (${formatPercent(d.share)})`
      }),
      Plot.text(rows, {x: "tier", y: "module", text: (d) => formatPercent(d.share, {digits: 0}), fill: (d) => (d.share > 0.55 ? "white" : "#212529"), fontSize})
    ]
  });
}

/** A feature's module as the page shows it: events may name a feature without a module. */
export const NO_MODULE = "(no module)";

/** A feature's row key: its module and its name (two modules may have features of the same name). */
export const featureKey = (module, feature) => `${module ?? NO_MODULE}\t${feature}`;
export const featureOfKey = (key) => String(key).split("\t")[1];
/** A feature's name without its module's prefix ("warehouse_export" for "integrations.warehouse_export"): on a phone the colour says the module. */
export const shortFeatureOfKey = (key) => featureOfKey(key).replace(/^[^.]+\./, "");

/**
 * Feature rows in the order the page shows them: by module (alphabetical), then largest share first,
 * each with its key and its module named (NO_MODULE for none).
 * @param {Array<Record<string, any>>} rows
 * @returns {Array<Record<string, any>>}
 */
export function featureOrder(rows) {
  return rows
    .map((d) => ({...d, module: d.module ?? NO_MODULE, key: featureKey(d.module, d.feature)}))
    .sort((a, b) => a.module.localeCompare(b.module) || b.share - a.share || String(a.feature).localeCompare(String(b.feature)));
}

/**
 * Adoption per feature: rows [{module, feature, share, accounts}], grouped by module (alphabetical, the
 * colours of the weekly module chart) and, within a module, largest share first.
 */
export function featureAdoptionBars(rows, {width, total}) {
  const data = featureOrder(rows);
  const modules = [...new Set(data.map((d) => d.module))];
  const narrow = width < 520;
  return chart({
    label: `Adoption by feature, share of ${formatCount(total)} accounts, ${data.length} features in ${modules.length} modules`,
    width,
    height: data.length * 20 + 70,
    marginLeft: narrow ? 110 : 190,
    marginRight: narrow ? 80 : 90,
    // most features reach a small share of accounts: the axis ends a little past the largest, not at 100%
    x: {domain: [0, Math.min(1, Math.max(0.05, ...data.map((d) => d.share)) * 1.25)], nice: true, tickFormat: (v) => formatPercent(v, {digits: 0}), label: `share of ${formatCount(total)} accounts →`, grid: true, ticks: narrow ? 3 : 8},
    y: {domain: data.map((d) => d.key), label: null, tickSize: 0, padding: 0.15, tickFormat: narrow ? shortFeatureOfKey : featureOfKey},
    color: {domain: modules, scheme: "tableau10", legend: true},
    marks: [
      Plot.barX(data, {y: "key", x: "share", fill: "module", rx: 2, title: (d) => `${d.feature} (${d.module}): ${formatCount(d.accounts)} accounts (${formatPercent(d.share)})`}),
      Plot.text(data, {y: "key", x: "share", text: (d) => `${formatPercent(d.share)} · ${formatCount(d.accounts)}`, textAnchor: "start", dx: 5, fontSize: 11})
    ]
  });
}

/** Change per module, last 4 weeks against the 4 before, as diverging bars; falling ones in red. */
export function changeChart(trends, {width, threshold = FALLING_CHANGE}) {
  const data = trends.filter((d) => d.events_change != null);
  const extent = Math.max(0.15, ...data.map((d) => Math.abs(d.events_change))) * 1.35;
  const narrow = width < 520;
  return chart({
    label: `Change in events per module, last 4 weeks against the 4 before: ${data.map((d) => `${d.module} ${d.events_change > 0 ? "+" : ""}${formatPercent(d.events_change)}`).join(", ")}`,
    width,
    height: data.length * 34 + 40,
    marginLeft: 100,
    x: {domain: [-extent, extent], tickFormat: (v) => `${v > 0 ? "+" : ""}${formatPercent(v, {digits: 0})}`, label: narrow ? "change in events, 4 weeks vs 4 before" : "change in events, last 4 weeks vs the 4 before", grid: true, ticks: narrow ? 4 : 10},
    y: {domain: data.map((d) => d.module), label: null, tickSize: 0, padding: 0.2},
    marks: [
      Plot.ruleX([threshold], {stroke: bandColor.red, strokeDasharray: "4 3"}),
      Plot.barX(data, {
        y: "module",
        x: "events_change",
        fill: (d) => (d.falling ? bandColor.red : d.events_change < 0 ? "#ffa8a8" : bandColor.green),
        rx: 2,
        title: (d) => `${d.module}: ${formatCount(d.events_prev)} → ${formatCount(d.events_last)} events`
      }),
      // Plot's dx is one number per mark, so the labels of falls and rises are two marks
      Plot.text(data.filter((d) => d.events_change < 0), {
        y: "module",
        x: "events_change",
        text: (d) => formatPercent(d.events_change),
        textAnchor: "end",
        dx: -6,
        fontSize: 12
      }),
      Plot.text(data.filter((d) => d.events_change >= 0), {
        y: "module",
        x: "events_change",
        text: (d) => `+${formatPercent(d.events_change)}`,
        textAnchor: "start",
        dx: 6,
        fontSize: 12
      }),
      Plot.ruleX([0])
    ]
  });
}

/** Weekly active accounts per module: rows [{week_start, module, accounts}], complete weeks only. */
export function weeklyModuleChart(rows, {width, height = 260}) {
  return chart({
    label: `Weekly active accounts per module, ${new Set(rows.map((d) => d.module)).size} modules`,
    width,
    height,
    marginLeft: 48,
    x: {type: "utc", label: null, ticks: Math.max(2, Math.floor((width - 60) / 90))},
    y: {label: "accounts active in the module", grid: true, zero: true},
    color: {legend: true, scheme: "tableau10"},
    marks: [
      Plot.lineY(rows, {x: "week_start", y: "accounts", stroke: "module", strokeWidth: 1.8, curve: "monotone-x"}),
      Plot.tip(rows, Plot.pointer({x: "week_start", y: "accounts", stroke: "module", title: (d) => `${d.module}, week of ${d.week_start.toISOString().slice(0, 10)}: ${formatCount(d.accounts)} accounts`}))
    ]
  });
}

export {tierScale};
