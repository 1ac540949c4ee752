// A sortable, searchable, paged table whose rows stay in the in-browser database: each sort,
// search or "Show more" asks DuckDB for the rows on screen only (ORDER BY … LIMIT), and the CSV
// download asks for all of them. At 50,000 accounts a filter change then moves 25 rows into
// JavaScript, not 34,000. Drawn like sortableTable (same columns, same look; tableView). The SQL
// is built in tableSql.js, which the build also uses for a page's precomputed first view.
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
//
// initial: {rows, found, total}, the first page as the build computed it with the same SQL (a
// page's first view, while the engine starts). The table is drawn from it at once and the promise
// resolves at once; the same page is then asked of the database, and the table gets the attribute
// data-ready when rows from the database are on screen (sorting, search and paging answer).
import {tableSql} from "./tableSql.js";
import {tableView} from "./sortableTable.js";

export {orderClause, searchCondition} from "./tableSql.js";

/**
 * @param {{query: (sql: string) => Promise<object[]>}} db the page's pulseDb()
 * @param {{from: string, where?: string, select: string[], tiebreak?: string, join?: {sql: string, select: string[]},
 *   withRows?: (rows: object[]) => object[], initial?: {rows: object[], found: number, total: number}}
 *   & Parameters<typeof tableView>[1]} options columns may carry sortSql (the SQL to sort by; default the key)
 * @returns {Promise<HTMLElement>}
 */
export function queryTable(db, options) {
  const {withRows = (rows) => rows, initial} = options;
  let counted = null; // {query, found, total}: counts change only with the search
  const source = {
    async fetch({sort, query, limit}) {
      const {rowsSql, countSql} = tableSql(options, {sort, query, limit});
      // the page's rows first, then the counts: DuckDB answers in turn, before any query the page sent later
      const [rows, counts] = await Promise.all([db.query(rowsSql), counted?.query === query ? null : db.query(countSql)]);
      if (counts) counted = {query, found: Number(counts[0].found), total: Number(counts[0].total)};
      return {rows: withRows(rows), found: counted.found, total: counted.total};
    },
    all({sort, query}) {
      return db.query(tableSql(options, {sort, query}).allSql);
    }
  };
  const view = tableView(source, {...options, initial: initial && {...initial, rows: withRows(initial.rows)}});
  return initial ? Promise.resolve(view) : view.ready;
}
