// Churn-watch reasons in words. The rules are data (metric_settings.churn_rules: id, label, SQL
// condition over the accounts columns); an account's churn_reasons lists the ids that fired and
// churn_reason_labels their labels. This module shows the labels, counts accounts and ARR per rule,
// and explains why a rule fired for one account by showing the values of the columns its condition reads.
import {html} from "htl";
import {formatCount, formatDate, formatDays, formatDelta, formatMinutes, formatMoney, formatNumber, formatPercent} from "./format.js";

/** How a column of the accounts table reads in a sentence, and how its value is written. */
export const columnWords = {
  days_to_renewal: ["days to renewal", formatDays],
  contract_end: ["contract ends", formatDate],
  visits_30d: ["visits in 30 days", formatCount],
  visits_7d: ["visits in the last 7 days", formatCount],
  visits_prev_7d: ["visits in the 7 days before", formatCount],
  visits_prev_30d: ["visits in the 30 days before", formatCount],
  active_users_30d: ["active users in 30 days", formatCount],
  duration_30d_minutes: ["time in the product in 30 days", formatMinutes],
  page_views_30d: ["page views in 30 days", formatCount],
  modules_30d: ["modules used in 30 days", formatCount],
  features_30d: ["features used in 30 days", formatCount],
  key_actions_30d: ["key actions in 30 days", formatCount],
  key_users_active_30d: ["key users active in 30 days", formatCount],
  wow_visits_change: ["visits week over week", (v) => formatDelta(v, (x) => formatPercent(x, {digits: 0}))],
  key_user_active_14d: ["key user active in the last 14 days", (v) => (v ? "yes" : "no")],
  key_user_last_active_date: ["last key-user activity", formatDate],
  grid_migration: ["health-grid move since last month", (v) => v ?? "none (no earlier month)"],
  grid_cell: ["health-grid cell (breadth-depth)", String],
  grid_cell_prev: ["health-grid cell last month", (v) => v ?? "–"],
  health_band: ["health band", String],
  health_score: ["health score", (v) => formatNumber(v)],
  arr: ["ARR", formatMoney],
  tier: ["tier", String],
  segment: ["segment", String],
  lifecycle_stage: ["lifecycle stage", String]
};

/** The columns of `columns` (names) that a rule's SQL condition reads, in the order they appear. */
export function ruleColumns(condition, columns) {
  const known = new Set(columns);
  const code = String(condition ?? "").replace(/'(?:[^']|'')*'/g, " "); // string literals are values, not columns
  const found = [];
  for (const [word] of code.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    if (known.has(word) && !found.includes(word)) found.push(word);
  }
  return found;
}

/** Why a rule concerns an account: [{column, label, text}] for each column its condition reads. */
export function ruleEvidence(rule, account) {
  return ruleColumns(rule.condition, Object.keys(account)).map((column) => {
    const [label, format] = columnWords[column] ?? [column.replaceAll("_", " "), (v) => (v == null ? "–" : String(v))];
    return {column, label, text: format(account[column])};
  });
}

/** The reasons an account is on the watch, as a list of their labels. */
export function reasonList(labels) {
  if (!labels?.length) return html`<span class="muted">–</span>`;
  return html`<ul class="reasons">${labels.map((label) => html`<li>${label}</li>`)}</ul>`;
}

/**
 * ARR at risk per rule, one bar each, with the count of accounts: rows [{id, label, accounts, arr}]
 * in the config's order. An account with several reasons counts under each. HTML bars, so long
 * labels wrap like text.
 */
export function reasonChart(rows) {
  const max = Math.max(0, ...rows.map((row) => row.arr ?? 0));
  return html`<div class="reason-chart">${rows.map((row) => html`<div class="reason-row" data-rule=${row.id}>
    <div class="reason-label">${row.label}</div>
    <div class="reason-bar-line">
      <span class="reason-bar" style=${{width: `${max ? (70 * (row.arr ?? 0)) / max : 0}%`}}></span>
      <span class="reason-value"><b>${formatMoney(row.arr)}</b> · ${formatCount(row.accounts)} account${row.accounts === 1 ? "" : "s"}</span>
    </div>
  </div>`)}</div>`;
}
