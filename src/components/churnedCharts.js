// Why customers left (src/churned.md): churns by reason, by tier and segment at churn, and month by
// month. The rows come from the page's SQL over churns.parquet (one row per churn; docs/metrics.md#churn),
// already grouped; these functions name what has no name and draw.
import * as Plot from "@observablehq/plot";
import {html} from "htl";
import {formatCount, formatMoney, formatMonth} from "../shared/format.js";
import {segmentColor, segmentLabel, segments, tierColor, tiers} from "./palette.js";

/** A churn without a churn event (or an event without a reason): its reason in words. */
export const NO_REASON = "no reason recorded";
/** Reasons past the most frequent ones, in the monthly chart. */
export const OTHER_REASONS = "other reasons";
/** A churn whose tier or segment at churn is unknown: it left before the history span, or had no tier then. */
export const UNKNOWN_AT_CHURN = "unknown";

const NO_REASON_COLOR = "#adb5bd";
const OTHER_COLOR = "#dee2e6";
const REASON_COLORS = ["#c92a2a", "#e8590c", "#f08c00", "#5f3dc4", "#1c7ed6", "#0c8599", "#2b8a3e", "#862e9c"];

/**
 * The reasons the monthly chart names: the `count` with the most ARR lost (rows [{reason, arr_lost}],
 * any grain), no-reason kept apart; the rest are "other reasons". Returns {names, color: {domain, range}}.
 */
export function reasonLegend(rows, count = 6) {
  const totals = new Map();
  for (const row of rows) {
    const reason = row.reason ?? NO_REASON;
    if (reason !== NO_REASON) totals.set(reason, (totals.get(reason) ?? 0) + (row.arr_lost ?? 0));
  }
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([reason]) => reason);
  const names = ranked.slice(0, count);
  const hasOther = ranked.length > count;
  const hasNone = rows.some((row) => (row.reason ?? NO_REASON) === NO_REASON);
  const domain = [...names, ...(hasOther ? [OTHER_REASONS] : []), ...(hasNone ? [NO_REASON] : [])];
  const range = domain.map((name, i) => (name === NO_REASON ? NO_REASON_COLOR : name === OTHER_REASONS ? OTHER_COLOR : REASON_COLORS[i % REASON_COLORS.length]));
  return {names, color: {domain, range}};
}

/** A reason as the monthly chart groups it: one of the legend's names, "other reasons", or no reason. */
export function legendReason(reason, names) {
  if (reason == null || reason === NO_REASON) return NO_REASON;
  return names.includes(reason) ? reason : OTHER_REASONS;
}

/**
 * Reasons by accounts and by ARR lost, side by side: rows [{reason (null: none recorded), accounts,
 * arr_lost}], in the order given (the page: most ARR lost first). HTML bars, so long reasons wrap.
 */
export function reasonBars(rows) {
  const maxAccounts = Math.max(0, ...rows.map((r) => r.accounts ?? 0));
  const maxArr = Math.max(0, ...rows.map((r) => r.arr_lost ?? 0));
  const bar = (value, max, color) => html`<span class="churn-bar" style=${{width: `${max ? (70 * (value ?? 0)) / max : 0}%`, background: color}}></span>`;
  return html`<div class="churn-reasons">
    <div class="churn-reasons-head muted"><span>Reason</span><span>Accounts</span><span>ARR lost</span></div>
    ${rows.map((row) => html`<div class="churn-reason-row" data-reason=${row.reason ?? NO_REASON}>
      <div class=${`churn-reason-label${row.reason == null ? " muted" : ""}`}>${row.reason ?? NO_REASON}</div>
      <div class="churn-bar-line">${bar(row.accounts, maxAccounts, "#868e96")}<b class="churn-reason-accounts">${formatCount(row.accounts)}</b></div>
      <div class="churn-bar-line">${bar(row.arr_lost, maxArr, "#c92a2a")}<b class="churn-reason-arr">${formatMoney(row.arr_lost)}</b></div>
    </div>`)}
  </div>`;
}

/**
 * The monthly rows by legend group: [{churn_month, group, accounts, arr_lost}], reasons past the legend's
 * added up as "other reasons".
 */
export function monthGroups(rows, names) {
  const groups = new Map();
  for (const row of rows) {
    const group = legendReason(row.reason, names);
    const key = `${+new Date(row.churn_month)}|${group}`;
    const sum = groups.get(key) ?? {churn_month: row.churn_month, group, accounts: 0, arr_lost: 0};
    sum.accounts += row.accounts ?? 0;
    sum.arr_lost += row.arr_lost ?? 0;
    groups.set(key, sum);
  }
  return [...groups.values()];
}

/** ARR lost per churn month, stacked by reason (rows [{churn_month, reason, accounts, arr_lost}]); months: the axis, every month. */
export function churnMonths(rows, {width, months}) {
  const {names, color} = reasonLegend(rows);
  const data = monthGroups(rows, names);
  const every = Math.ceil(months.length / 12);
  return Plot.plot({
    width, height: 300, marginLeft: 56, marginBottom: 36,
    x: {type: "band", domain: months, label: null, ticks: months.filter((_, i) => i % every === 0),
      tickFormat: (d, i) => (i === 0 || d.getUTCMonth() < every ? formatMonth(d).replace(" ", "\n") : formatMonth(d).slice(0, 3))},
    y: {grid: true, label: "ARR lost", tickFormat: formatMoney},
    color: {...color, legend: true},
    marks: [
      Plot.barY(data, {x: "churn_month", y: "arr_lost", fill: "group", order: color.domain,
        title: (d) => `${formatMonth(d.churn_month)} · ${d.group}\n${formatCount(d.accounts)} account${d.accounts === 1 ? "" : "s"}, ${formatMoney(d.arr_lost)} ARR lost`}),
      Plot.ruleY([0])
    ]
  });
}

/**
 * The months from first to last (Dates at UTC midnight on the 1st), for a band axis without gaps.
 */
export function monthRange(first, last) {
  const months = [];
  if (first == null || last == null) return months;
  const end = new Date(last);
  for (let d = new Date(Date.UTC(new Date(first).getUTCFullYear(), new Date(first).getUTCMonth(), 1)); d <= end; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    months.push(d);
  }
  return months;
}

/**
 * Accounts and ARR lost per tier or segment at churn: rows [{key (null: unknown), accounts, arr_lost}];
 * by: "tier" or "segment". One bar of ARR per group, labelled with its accounts.
 */
export function churnGroups(rows, {by, width}) {
  const order = by === "tier" ? tiers : segments;
  const colors = by === "tier" ? tierColor : segmentColor;
  // on a narrow card (a phone): a segment's name on two lines, shorter labels, narrower margins
  const narrow = width < 420;
  const name = (key) => (key == null ? UNKNOWN_AT_CHURN : by === "tier" ? `Tier ${key}` : (segmentLabel[key] ?? key).replace(" · ", narrow ? "\n" : " · "));
  const data = [...rows]
    .sort((a, b) => rank(order, a.key) - rank(order, b.key))
    .map((row) => ({...row, name: name(row.key), color: row.key == null ? NO_REASON_COLOR : colors[row.key] ?? NO_REASON_COLOR}));
  const label = (d) => `${formatMoney(d.arr_lost)} · ${formatCount(d.accounts)}${narrow ? "" : ` account${d.accounts === 1 ? "" : "s"}`}`;
  // margins for the names and the labels, never wider than the chart (a card mid-layout can be a few pixels wide)
  const left = by === "tier" ? 60 : narrow ? 100 : 190;
  const right = narrow ? 90 : 150;
  const fit = Math.max(0, Math.min(1, (width - 40) / (left + right)));
  return Plot.plot({
    width, height: 40 + (narrow && by !== "tier" ? 44 : 34) * data.length,
    marginLeft: Math.round(left * fit), marginRight: Math.round(right * fit),
    x: {label: "ARR lost →", tickFormat: formatMoney, grid: true, nice: true, ticks: narrow ? 3 : undefined},
    y: {domain: data.map((d) => d.name), label: null, tickSize: 0},
    marks: [
      Plot.barX(data, {y: "name", x: "arr_lost", fill: "color", rx: 2, title: (d) => `${d.name.replace("\n", " · ")}: ${formatCount(d.accounts)} account${d.accounts === 1 ? "" : "s"}, ${formatMoney(d.arr_lost)} ARR lost`}),
      Plot.text(data, {y: "name", x: "arr_lost", text: label, textAnchor: "start", dx: 6, fontSize: 12}),
      Plot.ruleX([0])
    ]
  });
}

const rank = (order, key) => (key == null ? order.length + 1 : order.includes(key) ? order.indexOf(key) : order.length);
