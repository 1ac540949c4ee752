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
// on screen until the new one is complete. Each view is one query: the rows on screen and, with
// them, how many rows the search keeps (tableSql's rowsAndCountSql). withRows(rows) may reshape
// the rows before they are drawn. firstQuery(options) is the SQL a new table asks first: a page can
// send it early (db.prefetch) and the table then takes that answer.
//
// initial: {rows, found, total}, the first page as the build computed it with the same SQL (a
// page's first view, while the engine starts). The table is drawn from it at once and the promise
// resolves at once; the same page is then asked of the database, and the table gets the attribute
// data-ready when rows from the database are on screen (sorting, search and paging answer).
import {splitCount, tableSql} from "../shared/tableSql.js";
import {DEFAULT_PAGE_SIZE, tableView} from "./tableView.js";

export {orderClause, searchCondition} from "../shared/tableSql.js";

/**
 * @param {{query: (sql: string) => Promise<object[]>}} db the page's pulseDb()
 * @param {{from: string, where?: string, select: string[], tiebreak?: string,
 *   withRows?: (rows: object[]) => object[], initial?: {rows: object[], found: number, total: number}}
 *   & Parameters<typeof tableView>[1]} options columns may carry sortSql (the SQL to sort by; default the key)
 * @returns {Promise<HTMLElement>}
 */
export function queryTable(db, options) {
  const {withRows = (rows) => rows, initial} = options;
  let total = null; // rows before the search: the table's where alone, the same for every view
  let counted = null; // {query, found}: the count changes only with the search
  const source = {
    async fetch({sort, query, limit}) {
      const {rowsSql, rowsAndCountSql, countSql} = tableSql(options, {sort, query, limit});
      if (total != null && counted?.query === query) return {rows: withRows(await db.query(rowsSql)), found: counted.found, total};
      // total is known from the first view (no search: every row of the where); a table that
      // would start with a search asks for it apart
      const [answer, counts] = await Promise.all([db.query(rowsAndCountSql), total == null && query ? db.query(countSql) : null]);
      const {rows, found} = splitCount(answer);
      total = counts ? Number(counts[0].total) : (total ?? found);
      counted = {query, found};
      return {rows: withRows(rows), found, total};
    },
    all({sort, query}) {
      return db.query(tableSql(options, {sort, query}).allSql);
    }
  };
  const view = tableView(source, {...options, initial: initial && {...initial, rows: withRows(initial.rows)}});
  return initial ? Promise.resolve(view) : view.ready;
}

/** The SQL a new table with these options asks first: its first page and count, with no search. */
export function firstQuery(options) {
  return tableSql(options, {sort: options.sort, query: "", limit: options.pageSize ?? DEFAULT_PAGE_SIZE}).rowsAndCountSql;
}
