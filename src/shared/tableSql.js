// The SQL of a table whose rows stay in the database (queryTable.js): the rows on screen (search,
// sort, LIMIT) and the counts. No DOM and no engine here, so the build runs exactly the same SQL
// for a page's precomputed first view (src/data/health_first_view.json.ts) as the page runs in
// DuckDB-Wasm.
//
//   const {rowsAndCountSql, countSql} = tableSql({from: "accounts", where: "tier IN ('S')", select: ["account_id", "arr"],
//     columns: [{key: "arr"}], tiebreak: "account_id"}, {sort: {key: "arr", direction: "descending"}, query: "", limit: 25});
import {sqlString} from "./sql.js";

/**
 * SQL condition: the row's text in the columns holds every word of the query, ignoring case and
 * accents (like sortableTable's search). "TRUE" for an empty query.
 */
export function searchCondition(query, columns) {
  const words = fold(query ?? "").split(/\s+/).filter(Boolean);
  if (!words.length || !columns?.length) return "TRUE";
  const text = `strip_accents(lower(concat_ws(' ', ${columns.map((c) => `CAST(${c} AS VARCHAR)`).join(", ")})))`;
  return words.map((word) => `contains(${text}, ${sqlString(word)})`).join(" AND ");
}

/** ORDER BY list: the sort column (missing values last both ways), then the tiebreak. */
export function orderClause(sort, columns, tiebreak) {
  const column = sort && columns.find((c) => c.key === sort.key);
  const parts = [];
  if (column) parts.push(`${column.sortSql ?? column.key} ${sort.direction === "descending" ? "DESC" : "ASC"} NULLS LAST`);
  if (tiebreak) parts.push(tiebreak);
  return parts.join(", ") || "1";
}

/** The column of rowsAndCountSql's rows that holds the count (queryTable takes it off the rows). */
export const FOUND_COLUMN = "table_found";

/**
 * The queries behind one view of the table.
 * table: {from, where?, select, columns (each {key, sortSql?}), tiebreak?, search?};
 * view: {sort, query (the search box), limit (rows on screen; Infinity for all)}.
 * rowsSql: the rows on screen, in order; rowsAndCountSql: the same rows, each with FOUND_COLUMN,
 * how many rows the search keeps, in one round trip (no row when none does; the sort and tiebreak
 * may use only selected columns, the order being applied again over the page); countSql: {found:
 * rows the search keeps, total: rows before the search}; allSql: every row the search keeps.
 */
export function tableSql(table, {sort, query = "", limit = Infinity}) {
  const {from, where = "TRUE", select, columns, tiebreak, search} = table;
  const match = `(${where}) AND ${searchCondition(query, search)}`;
  const order = orderClause(sort, columns, tiebreak);
  const allSql = `SELECT ${select.join(", ")} FROM ${from} WHERE ${match} ORDER BY ${order}`;
  const rowsSql = Number.isFinite(limit) ? `${allSql} LIMIT ${Math.trunc(limit)}` : allSql;
  // the count in a subquery over the page: in the page's own SELECT it would make DuckDB read every
  // column of every matching row before the LIMIT, instead of the sort columns and then 25 rows
  const rowsAndCountSql = `SELECT page.*, (SELECT count(*) FROM ${from} WHERE ${match}) AS ${FOUND_COLUMN} FROM (${rowsSql}) AS page ORDER BY ${order}`;
  const countSql = `SELECT count(*) FILTER (${match}) AS found, count(*) FILTER (${where}) AS total FROM ${from}`;
  return {rowsSql, rowsAndCountSql, countSql, allSql};
}

/**
 * rowsAndCountSql's answer as {rows (without the count column), found}.
 * @param {Record<string, any>[]} answer
 * @returns {{rows: Record<string, any>[], found: number}}
 */
export function splitCount(answer) {
  const found = answer.length ? Number(answer[0][FOUND_COLUMN]) : 0;
  const rows = answer.map(({[FOUND_COLUMN]: _, ...row}) => row);
  return {rows, found};
}

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}
