// A sortable, searchable, paged table whose rows stay in the in-browser database: each sort,
// search or "Show more" asks DuckDB for the rows on screen only (ORDER BY … LIMIT), and the CSV
// download asks for all of them. At 50,000 accounts a filter change then moves 25 rows into
// JavaScript, not 34,000. Drawn like sortableTable (same columns, same look; tableView).
//
//   const table = await queryTable(db, {
//     from: "accounts", where: "has_active_contract AND tier IN ('S')",
//     select: ["account_id", "name", "arr", "health_score"],
//     columns: [{key: "name", label: "Account", sortSql: "lower(name)"}, {key: "arr", label: "ARR", align: "right"}],
//     sort: {key: "health_score"}, tiebreak: "arr DESC, account_id", search: ["name", "account_id"],
//     rowKey: "account_id", csv: {filename: "pulse-health.csv", columns: [...]}
//   });
//
// The promise resolves once the first page is drawn, so a page's cell keeps its previous table
// on screen until the new one is complete. join adds columns from another table to the rows on
// screen only (each account's sparkline), in the same query: {sql: "LEFT JOIN t USING (id)",
// select: ["t.x AS x"]}; withRows(rows) may reshape the rows before they are drawn.
import {sqlString} from "./sql.js";
import {tableView} from "./sortableTable.js";

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

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/**
 * @param {{query: (sql: string) => Promise<object[]>}} db the page's pulseDb()
 * @param {{from: string, where?: string, select: string[], tiebreak?: string, join?: {sql: string, select: string[]},
 *   withRows?: (rows: object[]) => Promise<object[]> | object[]}
 *   & Parameters<typeof tableView>[1]} options columns may carry sortSql (the SQL to sort by; default the key)
 * @returns {Promise<HTMLElement>}
 */
export function queryTable(db, options) {
  const {from, where = "TRUE", select, tiebreak, search, join, withRows = (rows) => rows} = options;
  const selectList = select.join(", ");
  let counted = null; // {query, found, total}: counts change only with the search
  const source = {
    async fetch({sort, query, limit}) {
      const match = `(${where}) AND ${searchCondition(query, search)}`;
      const order = orderClause(sort, options.columns, tiebreak);
      const pageSql = `SELECT ${selectList} FROM ${from} WHERE ${match} ORDER BY ${order}${Number.isFinite(limit) ? ` LIMIT ${Math.trunc(limit)}` : ""}`;
      // the join runs on the page's rows only, and the order is applied again after it
      const rowsSql = join ? `SELECT page.*, ${join.select.join(", ")} FROM (${pageSql}) AS page ${join.sql} ORDER BY ${order}` : pageSql;
      const countSql =
        counted?.query === query ? null : `SELECT count(*) FILTER (${match}) AS found, count(*) FILTER (${where}) AS total FROM ${from}`;
      // the page's rows first, then the counts: DuckDB answers in turn, before any query the page sent later
      const [rows, counts] = await Promise.all([db.query(rowsSql), countSql ? db.query(countSql) : null]);
      if (counts) counted = {query, found: Number(counts[0].found), total: Number(counts[0].total)};
      return {rows: await withRows(rows), found: counted.found, total: counted.total};
    },
    async all({sort, query}) {
      const match = `(${where}) AND ${searchCondition(query, search)}`;
      return db.query(`SELECT ${selectList} FROM ${from} WHERE ${match} ORDER BY ${orderClause(sort, options.columns, tiebreak)}`);
    }
  };
  return tableView(source, options).ready;
}
