// Churn-watch reasons in words. The rules are data (metric_settings.churn_rules: id, label, SQL
// condition over the accounts columns); an account's churn_reasons lists the ids that fired and
// churn_reason_labels their labels. This module shows the labels, counts accounts and ARR per rule,
// and explains why a rule fired for one account by showing the values of the columns its condition reads.
import {html} from "htl";
import {formatCount, formatDate, formatDays, formatDelta, formatMinutes, formatMoney, formatNumber, formatPercent} from "../shared/format.js";
import {columnUnmeasured, measureOfColumn, NOT_MEASURED} from "./measures.js";
import {UNKNOWN_RENEWAL} from "./renewalWords.js";

/**
 * How a column of the accounts table reads in a sentence, and how its value is written (the labels
 * with the default windows: 30 days, 14 for key users, 90 for support; evidenceWords says the build's).
 */
export const columnWords = {
  days_to_renewal: ["days to renewal", formatDays],
  contract_end: ["renews on", formatDate],
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
  lifecycle_stage: ["lifecycle stage", String],
  active_users_prev_30d: ["active users in the 30 days before", formatCount],
  depth: ["visits per active user", (v) => formatNumber(v)],
  support_open_tickets: ["open support tickets", formatCount],
  support_tickets_window: ["support tickets in 90 days", formatCount],
  support_escalations_window: ["escalated tickets in 90 days", formatCount],
  support_satisfaction_window: ["average satisfaction in 90 days", (v) => formatNumber(v)],
  support_rated_window: ["rated tickets in 90 days", formatCount]
};

// The window-independent names of the activity columns (docs/metrics.md#deprecated-names) say the same; a rule
// may use either name for one release (the default rules still use the old ones).
const windowNames = {
  visits_30d: "visits_window", visits_prev_30d: "visits_prev_window", active_users_30d: "active_users_window",
  active_users_prev_30d: "active_users_prev_window", duration_30d_minutes: "duration_window_minutes",
  page_views_30d: "page_views_window", modules_30d: "modules_window", features_30d: "features_window",
  key_actions_30d: "key_actions_window", key_users_active_30d: "key_users_active_window", key_user_active_14d: "key_user_active_recent"
};
for (const [old, name] of Object.entries(windowNames)) columnWords[name] = columnWords[old];

/** The window a column's words name: the support window, the key-user window or the activity window. */
function windowOf(column) {
  if (column.startsWith("support_")) return "90 days";
  if (column.includes("14d") || column.endsWith("_recent")) return "14 days";
  if (column.includes("30d") || /_window(_|$)/.test(column)) return "30 days";
  return null;
}

/** A column's words with this build's windows (settings: metric_settings): "escalated tickets in 60 days". */
export function evidenceWords(column, settings) {
  const [label, format] = columnWords[column] ?? [column.replaceAll("_", " "), (v) => (v == null ? "–" : String(v))];
  if (!settings) return [label, format];
  const windows = {"30 days": settings.window_days, "14 days": settings.key_user_window_days, "90 days": settings.support_window_days};
  const window = windowOf(column);
  return [window && windows[window] != null ? label.replace(window, `${windows[window]} days`) : label, format];
}

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

/**
 * Why a rule concerns an account: [{column, label, text}] for each column its condition reads. A
 * value the build cannot measure reads "not measured" (a condition on it does not fire); an unknown
 * renewal date "renewal date unknown"; an average satisfaction without a rated ticket "no rated ticket".
 * settings: metric_settings (the windows in the labels, and what is not measured).
 */
export function ruleEvidence(rule, account, settings) {
  return ruleColumns(rule.condition, Object.keys(account)).map((column) => {
    const [label, format] = evidenceWords(column, settings);
    const value = account[column];
    let text;
    if (value == null && columnUnmeasured(column, settings)) text = NOT_MEASURED;
    else if (value == null && (column === "days_to_renewal" || column === "contract_end") && account.open_ended) text = UNKNOWN_RENEWAL;
    else if (value == null && column === "support_satisfaction_window") text = "no rated ticket";
    else text = format(value);
    return {column, label, text};
  });
}

/**
 * Why a rule cannot fire in this build, in words, or null: its condition reads a column the exports
 * cannot measure (NULL: the condition is NULL and does not fire). "it reads active users in 30 days,
 * not measured: the usage export has no user ids".
 */
export function ruleUnmeasured(rule, settings) {
  const columns = ruleColumns(rule.condition, Object.keys(measureOfColumn)).filter((column) => columnUnmeasured(column, settings));
  if (!columns.length) return null;
  const words = columns.map((column) => evidenceWords(column, settings)[0]);
  return `it reads ${words.join(" and ")}, not measured: ${columnUnmeasured(columns[0], settings)}`;
}

/** The reasons an account is on the watch, as a list of their labels. */
export function reasonList(labels) {
  if (!labels?.length) return html`<span class="muted">–</span>`;
  return html`<ul class="reasons">${labels.map((label) => html`<li>${label}</li>`)}</ul>`;
}

/**
 * ARR at risk per rule, one bar each, with the count of accounts: rows [{id, label, accounts, arr,
 * unmeasured}] in the config's order. An account with several reasons counts under each. A rule that
 * cannot fire in this build (unmeasured: why, ruleUnmeasured) says so instead of a bar of $0. HTML
 * bars, so long labels wrap like text.
 */
export function reasonChart(rows) {
  const max = Math.max(0, ...rows.map((row) => row.arr ?? 0));
  return html`<div class="reason-chart">${rows.map((row) => html`<div class="reason-row" data-rule=${row.id}>
    <div class="reason-label">${row.label}</div>
    ${row.unmeasured ? html`<div class="reason-unmeasured muted not-measured-rule">Cannot fire: ${row.unmeasured}.</div>` : html`<div class="reason-bar-line">
      <span class="reason-bar" style=${{width: `${max ? (70 * (row.arr ?? 0)) / max : 0}%`}}></span>
      <span class="reason-value"><b>${formatMoney(row.arr)}</b> · ${formatCount(row.accounts)} account${row.accounts === 1 ? "" : "s"}</span>
    </div>`}
  </div>`)}</div>`;
}
