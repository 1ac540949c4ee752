// Small files the browser gets instead of big tables: computed in SQL from the built tables at
// build time, so a page shows its filter bar and its table's sparklines without downloading or
// scanning the tables they come from; and the health page's own database file and first view.
import {filterColumns} from "../../src/shared/filterColumns.js";
import {healthColumnsSql, healthPageColumns, healthTableOrder} from "../../src/shared/healthQueries.js";
import {supportFilterValues} from "../../src/shared/supportFilter.js";

/**
 * filter_options.json: one row, each filter's distinct values (unsorted; the filter bar orders
 * them). From every account, former customers too, so a link to any account's owner still works.
 * The support filter's values when the build has a support tickets export (none otherwise: the bar
 * then does not offer the filter), with the support window and satisfaction scale its words use.
 */
export const FILTER_OPTIONS_SQL = `SELECT ${Object.entries(filterColumns)
  .map(([name, column]) => `list(DISTINCT ${column}) FILTER (WHERE ${column} IS NOT NULL) AS ${name}`)
  .join(", ")},
  CASE WHEN any_value(s.support_measured) THEN [${supportFilterValues.map((value) => `'${value}'`).join(", ")}] ELSE []::VARCHAR[] END AS support,
  any_value(s.support_window_days) AS support_window_days,
  any_value(s.support_satisfaction_scale) AS support_satisfaction_scale
FROM {accounts} CROSS JOIN {metric_settings} AS s`;

/** weeks in the health table's sparkline */
export const SPARKLINE_WEEKS = 13;

/**
 * Each account's sparkline: per account, its visits in each week of account_weekly's last 13
 * (oldest first), the first of those weeks, and whether the latest is partial (fewer than 7 days
 * observed). ~50,000 rows at 50,000 accounts instead of account_weekly's 2.2 million.
 */
export const SPARKLINES_SQL = `
SELECT account_id,
       list(visits ORDER BY week_start)::INTEGER[] AS visits,
       min(week_start) AS first_week,
       last(days_observed ORDER BY week_start) < 7 AS last_week_partial
FROM {account_weekly}
WHERE week_start > (SELECT max(week_start) FROM {account_weekly}) - INTERVAL ${SPARKLINE_WEEKS} WEEK
GROUP BY account_id
ORDER BY account_id`;

/**
 * overview_accounts.parquet: the accounts columns the overview reads (its filters, the selection
 * strip, tier mix, renewal outlook and the ten largest accounts at risk, with their signals' labels, and the
 * support filter's columns) — 21 of ~100, so the
 * overview's data stays under 2 MB at 50,000 accounts. Ordered by account id, as accounts is.
 */
export const OVERVIEW_ACCOUNTS_SQL = `
SELECT account_id, name, csm_owner, tier, segment, region, industry, health_band, health_score, arr,
       has_active_contract, churn_watch, contract_end, days_to_renewal, open_ended, churn_reasons, churn_reason_labels,
       support_open_tickets, support_tickets_window, support_escalations_window, support_satisfaction_window
FROM {accounts} ORDER BY account_id`;

/**
 * overview_health_history.parquet: each account's health band and ARR at each month end, for the
 * overview's "ARR by health band" (4 of health_history's 24 columns).
 */
export const OVERVIEW_HISTORY_SQL = `
SELECT account_id, month, health_band, arr FROM {health_history} ORDER BY account_id, month`;

/**
 * overview.duckdb, the overview's database: its cuts of accounts and health_history (above) and the
 * funnel over all cohorts, in one DuckDB file the page attaches as it is. Parquet would be decoded by
 * parquet-wasm on the page's thread (its 5 MB wasm compiled there too): ~1 s of a phone's main thread
 * the reader cannot use the page, which Lighthouse counts as blocking time (bench/RESULTS.md, #15).
 */
export const OVERVIEW_DATABASE_TABLES = {
  accounts: OVERVIEW_ACCOUNTS_SQL,
  health_history: OVERVIEW_HISTORY_SQL,
  funnel: `SELECT * FROM {funnel} WHERE cohort_month IS NULL ORDER BY stage_order`
};

/**
 * health.duckdb, the health page's database (attached by the page as it is: no Parquet decoding,
 * no insert): accounts with the columns the page reads (healthPageColumns) and each account's
 * sparkline (SPARKLINES_SQL, as healthSparklineColumns). Stored current customers first, in the
 * health table's default order (healthTableOrder): the table's first page of a filter is then in
 * the file's first rows, which DuckDB fetches after sorting on the sort columns alone. The same
 * tables answer the page's first view at build time (health_first_view.json).
 */
export const HEALTH_DATABASE_TABLES = {
  accounts: `
SELECT ${healthPageColumns.map((column) => `a.${column}`).join(", ")}, ${healthColumnsSql},
       s.visits AS spark_visits, s.first_week AS spark_first_week, s.last_week_partial AS spark_partial
FROM {accounts} AS a LEFT JOIN (${SPARKLINES_SQL}) AS s USING (account_id)
ORDER BY a.has_active_contract DESC NULLS LAST, ${healthTableOrder}`
};
