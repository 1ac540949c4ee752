// The SQL of a table whose rows stay in the database (queryTable.js): the rows on screen (search,
// sort, LIMIT, and an optional join for those rows only) and the counts. No DOM and no engine here,
// so the build runs exactly the same SQL for a page's precomputed first view
// (loaders/site/browserTables.ts) as the page runs in DuckDB-Wasm.
//
//   const {rowsSql, countSql} = tableSql({from: "accounts", where: "tier IN ('S')", select: ["account_id", "arr"],
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

/**
 * The two queries behind one view of the table.
 * table: {from, where?, select, columns (each {key, sortSql?}), tiebreak?, search?, join?: {sql, select}};
 * view: {sort, query (the search box), limit (rows on screen; Infinity for all)}.
 * rowsSql: the rows on screen, in order (the join runs on those rows only, and the order is applied
 * again after it); countSql: {found: rows the search keeps, total: rows before the search}.
 */
export function tableSql(table, {sort, query = "", limit = Infinity}) {
  const {from, where = "TRUE", select, columns, tiebreak, search, join} = table;
  const match = `(${where}) AND ${searchCondition(query, search)}`;
  const order = orderClause(sort, columns, tiebreak);
  const pageSql = `SELECT ${select.join(", ")} FROM ${from} WHERE ${match} ORDER BY ${order}${Number.isFinite(limit) ? ` LIMIT ${Math.trunc(limit)}` : ""}`;
  const rowsSql = join ? `SELECT page.*, ${join.select.join(", ")} FROM (${pageSql}) AS page ${join.sql} ORDER BY ${order}` : pageSql;
  const countSql = `SELECT count(*) FILTER (${match}) AS found, count(*) FILTER (${where}) AS total FROM ${from}`;
  return {rowsSql, countSql, allSql: `SELECT ${select.join(", ")} FROM ${from} WHERE ${match} ORDER BY ${order}`};
}

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}
