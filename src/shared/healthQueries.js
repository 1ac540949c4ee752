// The health page's SQL, in one place for the page (DuckDB-Wasm) and for the build, which runs the
// same queries for the page's first view (no filter) and writes their answers to
// health_first_view.json, drawn while the engine starts (src/data/health_first_view.json.ts). No DOM
// and no engine here. Every query reads the health page's own copy of accounts (healthPageColumns
// and each account's sparkline, healthSparklineColumns), which the page attaches from health.duckdb.
//
//   const where = currentCustomers(whereClause(filters));  // current customers that match the filters (./customers.js)
//   const totals = await db.query(healthSummarySql(where).totals);
import {currentCustomers} from "./customers.js";
import {bands} from "./healthBands.js";
import {gridMovesSql, gridSummarySql, segmentSummarySql} from "./segmentQueries.js";
import {orderClause, splitCount, tableSql} from "./tableSql.js";

/** The accounts' support columns (NULL without a support tickets export): the support filter and the table's Support column. */
export const supportColumns = ["support_open_tickets", "support_tickets_window", "support_escalations_window", "support_satisfaction_window", "support_rated_window"];

/**
 * The accounts columns the health page reads: its copy of accounts has these, and its health columns
 * (healthColumnsSql). The health score's components are the build's (metric_settings.health_components).
 */
export const healthPageColumns = [
  "account_id", "name", "csm_owner", "region", "industry", "tier", "segment", "segment_playbook", "arr",
  "has_active_contract", "visits_window", "active_users_window", "wow_visits_change", "visits_7d", "visits_prev_7d",
  "contract_end", "days_to_renewal", "open_ended", "grid_cell", "grid_cell_prev", "grid_migration", "churn_watch",
  ...supportColumns
];

/**
 * SQL for the health columns of accounts (score, band, weakest component, each component's value and
 * points), whatever the components: every health_ column but the explanation's text.
 */
export const healthColumnsSql = "COLUMNS(c -> starts_with(c, 'health_') AND c <> 'health_explanation')";

/**
 * Each account's 13-week sparkline, as columns of the page's copy of accounts (no join per filter
 * change): visits per week (a list), the first of those weeks, whether the last one is partial.
 */
export const healthSparklineColumns = ["spark_visits", "spark_first_week", "spark_partial"];

/** Date columns of the page's rows: the first view's JSON has them as "YYYY-MM-DD" text, DuckDB-Wasm as Date. */
export const healthDateColumns = ["contract_end", "spark_first_week"];

/** The accounts columns of one health-score component: its value (0..1, NULL when not measured) and its points. */
export const componentColumns = (component) => ({value: `health_${component.id}`, points: `health_${component.id}_points`});

/**
 * The health table's default order: the accounts a CSM should call first, the largest ARR in the
 * poorest health. ARR at stake = ARR × (100 − health score) ÷ 100: the ARR weighted by how far the
 * account is from full health ($200k at score 40 → $120k; $10k at score 0 → $10k). Largest first.
 */
export const arrAtStake = {key: "arr_at_stake", sortSql: "arr * (100 - health_score) / 100"};

/**
 * The health-indicator table's query (queryTable options without the drawing): 25 rows per page,
 * the largest ARR at stake first (arrAtStake), each row with its 13-week sparkline.
 */
export const healthTableQuery = {
  from: "accounts",
  select: [
    "account_id", "name", "csm_owner", "region", "industry", "tier", "segment", "arr",
    // the score, band, weakest component and each component's value and points (the page's copy has no other health_ column)
    "COLUMNS('^health_')", `${arrAtStake.sortSql} AS ${arrAtStake.key}`,
    "visits_window", "active_users_window", "wow_visits_change", "visits_7d", "visits_prev_7d", "contract_end", "days_to_renewal",
    "open_ended", "grid_cell", "grid_cell_prev", "grid_migration", ...supportColumns, ...healthSparklineColumns
  ],
  tiebreak: "arr DESC, account_id",
  search: ["name", "account_id", "csm_owner", "region", "industry"],
  sort: {key: arrAtStake.key, direction: "descending"},
  pageSize: 25
};

/**
 * The table's default order (ARR at stake descending, NULLS LAST, then arr DESC, account_id), in which
 * the page's copy of accounts is stored: the first page of any filter is then in the file's first
 * rows, which DuckDB reads (only the sort columns are read for every matching row).
 */
export const healthTableOrder = orderClause(healthTableQuery.sort, [arrAtStake], healthTableQuery.tiebreak);

/** "Moved down this month": the accounts that moved to a lower grid cell, largest ARR first. */
export function movedDownQuery(where) {
  return {
    from: "accounts",
    where: `${where} AND grid_migration = 'down'`,
    select: ["account_id", "name", "csm_owner", "tier", "arr", "health_score", "health_band", "grid_cell_prev", "grid_cell"],
    tiebreak: "account_id",
    sort: {key: "arr", direction: "descending"},
    pageSize: 25
  };
}

/** bin width of the score histogram, in points */
export const SCORE_BIN = 5;

/** SQL: {bin (lower edge: 0, 5, …, 95; 100 falls in 95), health_band, accounts} over accounts where the condition holds. */
export function scoreBinsSql(where) {
  return `SELECT least(floor(health_score / ${SCORE_BIN}), ${100 / SCORE_BIN - 1}) * ${SCORE_BIN} AS bin, health_band, count(*) AS accounts
    FROM accounts WHERE (${where}) AND health_score IS NOT NULL GROUP BY ALL ORDER BY bin, health_band`;
}

/**
 * The page's aggregates for the accounts where the condition holds: totals (one row: the KPI cards),
 * scoreBins (the histogram), segments (the 2×2 map), grid (the 3×3 grid), moves (the migration matrix).
 */
export function healthSummarySql(where) {
  return {
    totals: `
      -- no account is $0, not "–" (COALESCE)
      SELECT count(*) AS accounts, COALESCE(sum(arr), 0) AS arr, median(health_score) AS median_score,
             count(*) FILTER (grid_migration = 'down') AS moved_down, COALESCE(sum(arr) FILTER (grid_migration = 'down'), 0) AS moved_down_arr,
             count(*) FILTER (churn_watch) AS watched, COALESCE(sum(arr) FILTER (churn_watch), 0) AS watched_arr,
             ${bands.map((band) => `count(*) FILTER (health_band = '${band}') AS ${band}_accounts, COALESCE(sum(arr) FILTER (health_band = '${band}'), 0) AS ${band}_arr`).join(", ")}
      FROM accounts WHERE ${where}`,
    scoreBins: scoreBinsSql(where),
    segments: segmentSummarySql(where),
    grid: gridSummarySql(where),
    moves: gridMovesSql(where)
  };
}

/**
 * The health table's first page in its default order, with its count (tableSql's rowsAndCountSql),
 * for where: what the page's table asks first (healthTable.js, healthTableFirstQuery).
 */
function healthTableFirstSql(where) {
  const {sort, pageSize} = healthTableQuery;
  return tableSql({...healthTableQuery, where, columns: [arrAtStake]}, {sort, limit: pageSize}).rowsAndCountSql;
}

/** Former customers (no contract in force): one row, {former}; the page says they are left out. */
export const formerSql = `SELECT count(*) FILTER (NOT has_active_contract) AS former FROM accounts`;

/**
 * The queries of the page's first view (no filter, default sort, no search), by name, as the build
 * runs them for health_first_view.json ({where, queries}); healthFirstView(where, answers) makes
 * the file's content of their answers. The page uses the file only while its filters give the same where.
 */
export function healthFirstViewSql() {
  const where = currentCustomers();
  const moved = movedDownQuery(where);
  return {
    where,
    queries: {
      table: healthTableFirstSql(where),
      movedDown: tableSql({...moved, columns: [{key: moved.sort.key}]}, {sort: moved.sort, limit: moved.pageSize}).rowsAndCountSql,
      ...healthSummarySql(where),
      former: formerSql
    }
  };
}

/**
 * health_first_view.json from the answers of healthFirstViewSql's queries: {where, table: {rows,
 * found, total}, movedDown: {…}, totals, scoreBins, segments, grid, moves, former}. With no search,
 * a table's total is its count.
 */
export function healthFirstView(where, answers) {
  const table = (answer) => {
    const {rows, found} = splitCount(answer);
    return {rows, found, total: found};
  };
  return {
    where,
    table: table(answers.table),
    movedDown: table(answers.movedDown),
    totals: answers.totals[0],
    scoreBins: answers.scoreBins,
    segments: answers.segments,
    grid: answers.grid,
    moves: answers.moves,
    former: answers.former[0].former
  };
}
