// The health-indicator table of the health page: one row per current customer with score, band,
// each component's points, 30-day visits, week-over-week change, a 13-week sparkline, the grid
// move and the renewal date. Sorting, search and paging run in DuckDB (queryTable), so the page
// moves 25 rows into JavaScript per change whatever the number of accounts; each account's
// sparkline is in its row (healthSparklineColumns).
//
//   const table = await healthTable(db, {where: "has_active_contract AND tier IN ('S')", described: "tier S", settings});
//   (settings: metric_settings: what the build cannot measure, and the health score's components,
//   settings.health_components unless components is given: no list of components here)
//   db.prefetch([healthTableFirstQuery(where)]); // as a filter changes, before the table's cell runs
import {el} from "./dom.js";
import {accountLink} from "./accountLink.js";
import {migrationBadge, scoreBar, tierBadge} from "./badges.js";
import {formatCount, formatDate, formatDaysUntil, formatDelta, formatMoney, formatPercent, formatScore} from "../shared/format.js";
import {unmeasured} from "./measures.js";
import {bandColor, bandTextColor} from "./palette.js";
import {arrAtStake, componentColumns, healthDateColumns, healthTableQuery} from "../shared/healthQueries.js";
import {renewalCell} from "./renewalWords.js";
import {supportCell} from "./supportWords.js";
import {firstQuery, queryTable} from "./queryTable.js";
import {sparkline} from "./sparkline.js";
import {gridMoveRankSql} from "../shared/gridMoves.js";

/** The CSV's columns; components: the build's health-score components (metric_settings.health_components). */
export function healthCsvColumns(components) {
  return [
    "account_id", "name", "csm_owner", "region", "industry", "tier", "segment", "arr", {name: arrAtStake.key, digits: 0}, "health_score", "health_band",
    ...components.map((c) => ({name: componentColumns(c).points, label: `${c.id}_points`})),
    "visits_window", "active_users_window", "wow_visits_change", "grid_cell", "grid_migration", "contract_end", "days_to_renewal", "open_ended",
    "support_open_tickets", "support_tickets_window", "support_escalations_window", "support_satisfaction_window"
  ];
}

/** Red-ish (0) to green-ish (1) background of a component cell: how close it is to full points. */
export function componentTint(share) {
  const from = [0xfb, 0xe3, 0xe3];
  const to = [0xcf, 0xe9, 0xd4];
  const t = Math.max(0, Math.min(1, Number(share) || 0));
  return `rgb(${from.map((v, i) => Math.round(v + (to[i] - v) * t)).join(", ")})`;
}

/** One column per health-score component: the points it adds, tinted by how close it is to full points. */
function componentTableColumns(components) {
  return components.map((c) => {
    const {value, points: pointsColumn} = componentColumns(c);
    return {
      key: pointsColumn,
      label: c.short ?? c.label,
      title: `${c.label}: points it adds to the score (greener = closer to full points; outlined = the weakest component)`,
      align: "right",
      className: "component",
      format: (points, row) =>
        row[value] == null
          ? el("span", {class: "muted not-measured", title: `${c.label}: not measured for this account (its weight goes to the components that are)`}, "not measured")
          : el("span", {
              class: `component-cell${row.health_weakest === c.id ? " weakest" : ""}`,
              style: {background: componentTint(row[value])},
              title: `${c.label}: ${formatScore(points)} points, ${formatPercent(row[value], {digits: 0})} of full${row.health_weakest === c.id ? " (the weakest component)" : ""}`
            }, formatScore(points))
    };
  });
}

const tableColumns = (components, settings) => {
  const why = unmeasured(settings);
  return [
  {key: "name", label: "Account", className: "account-col", sortSql: "lower(name)",
    format: (name, row) => [accountLink(row.account_id, name), el("div", {class: "sub muted", title: row.account_id}, row.csm_owner ?? "no owner")]},
  {key: "tier", label: "Tier", format: tierBadge, align: "center"},
  {key: "arr", label: "ARR", format: formatMoney, align: "right"},
  {...arrAtStake, label: "At stake", align: "right", format: formatMoney,
    title: "ARR at stake: ARR × (100 − health score) ÷ 100, the ARR weighted by how far the account is from full health. The table opens on the largest: the accounts to call first."},
  {key: "health_score", label: "Score", title: "health score 0–100 and its band",
    format: (score, row) => [scoreBar(score, row.health_band), el("div", {class: "sub band-sub", style: {color: bandTextColor[row.health_band]}}, row.health_band)]},
  ...componentTableColumns(components),
  {key: "visits_window", label: "Visits", title: `visits in the last ${settings?.window_days ?? 30} days`, format: formatCount, align: "right"},
  {
    key: "wow_visits_change", label: "WoW", align: "right", title: "visits in the last 7 days against the 7 days before",
    format: (change, row) => el("span", {class: change < 0 ? "down" : change > 0 ? "up" : null, title: `${row.visits_7d} visits in the last 7 days, ${row.visits_prev_7d} the 7 days before`},
      change == null ? (row.visits_7d ? "new" : "–") : formatDelta(change, (x) => formatPercent(x, {digits: 0})))
  },
  {
    key: "weekly", label: "13 weeks", sortable: false, title: "visits per week; a hollow dot is the current, partial week",
    format: (series, row) =>
      series
        ? sparkline(series.visits, {
            width: 66,
            color: bandColor[row.health_band],
            partialLast: series.last_week_partial,
            title: `visits per week from ${formatDate(series.first_week)}: ${series.visits.join(", ")}`
          })
        : el("span", {class: "muted"}, "no activity")
  },
  // without user ids no account has a grid cell: no column, the page says so (unmeasuredNote)
  ...(why.users ? [] : [{key: "grid_migration", label: "Grid", title: "move in the 3×3 health grid since last month", align: "center",
    sortSql: gridMoveRankSql(),
    format: (m, row) => migrationBadge(m, {from: row.grid_cell_prev, to: row.grid_cell})}]),
  {key: "support_escalations_window", label: "Tickets", align: "right", className: "nowrap",
    title: `support tickets: open now; escalated and average satisfaction in the last ${settings?.support_window_days ?? 90} days (sorted by escalations)`,
    format: (_, row) => supportCell(row, {why: why.support, windowDays: settings?.support_window_days, scale: settings?.support_satisfaction_scale})},
  {key: "contract_end", label: "Renewal", className: "nowrap", format: (_, row) => renewalCell(row)}
  ];
};

/**
 * Rows as drawn: each row's 13-week sparkline (healthSparklineColumns) as row.weekly = {visits,
 * first_week, last_week_partial} or null; dates as Date, also in rows from the first view's JSON
 * (text there).
 */
export function withSparklines(rows) {
  return rows.map(({spark_visits: visits, spark_first_week: first_week, spark_partial: last_week_partial, ...row}) => {
    for (const key of healthDateColumns) if (typeof row[key] === "string") row[key] = new Date(row[key]);
    return {...row, weekly: visits ? {visits, first_week: typeof first_week === "string" ? new Date(first_week) : first_week, last_week_partial} : null};
  });
}

/**
 * The table element, once its first page is drawn. where: SQL over accounts (current customers
 * and the filters); described: the filters in words, for the empty state; initial: the first page
 * as the build computed it ({rows, found, total} from health_first_view.json), drawn at once while
 * the same page is asked of the database.
 */
export function healthTable(db, {where, described = "", initial, settings, components = measuredComponents(settings)}) {
  return queryTable(db, tableOptions({where, described, initial, settings, components}));
}

/**
 * The components the table has a column for: the build's (settings.health_components), but those
 * measured for no account (settings.health_components_unmeasured: the page says so in a sentence,
 * unmeasuredNote). A component not measured for some accounts keeps its column: "not measured" there.
 * @param {Record<string, any>} settings
 * @returns {Array<{id: string, label: string, short?: string}>}
 */
export function measuredComponents(settings) {
  const none = new Set((settings.health_components_unmeasured ?? []).map((c) => c.id));
  return (settings.health_components ?? []).filter((c) => !none.has(c.id));
}

/**
 * What the table leaves out in words, or "": the components measured for no account and, without user
 * ids, the grid move. "Not measured for any account, so not in the table: Depth of use, Seats in use,
 * Key-user activity and the move in the 3×3 grid (the usage export has no user ids). The components'
 * weight goes to those that are measured."
 */
export function unmeasuredNote(settings) {
  const parts = settings.health_components_unmeasured ?? [];
  const gridWhy = unmeasured(settings).users;
  const items = [...parts.map((c) => c.label), ...(gridWhy ? ["the move in the 3×3 grid"] : [])];
  if (!items.length) return "";
  const list = items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : items[0];
  const reasons = [...new Set([...parts.map((c) => String(c.why ?? "").replace(/^not measured: /, "")), gridWhy ?? ""].filter(Boolean))];
  const weight = parts.length ? ` The ${parts.length === 1 ? "component's" : "components'"} weight goes to those that are measured.` : "";
  return `Not measured for any account, so not in the table: ${list}${reasons.length ? ` (${reasons.join("; ")})` : ""}.${weight}`;
}

/** The SQL a new health table asks first for where (its first page and count), e.g. for db.prefetch. */
export function healthTableFirstQuery(where) {
  return firstQuery(tableOptions({where, settings: {}, components: []}));
}

function tableOptions({where, described = "", initial, settings, components}) {
  return {
    ...healthTableQuery,
    where,
    initial,
    withRows: withSparklines,
    rowKey: "account_id",
    searchLabel: "Search accounts, owners, regions…",
    noun: ["account", "accounts"],
    empty: described ? `No current customer matches these filters (${described}). Clear a filter to see more.` : "There are no current customers in this build.",
    // the CSV has every component of the build, a not-measured one as empty cells
    csv: {filename: "pulse-health.csv", columns: healthCsvColumns(settings.health_components ?? components)},
    columns: tableColumns(components, settings)
  };
}
