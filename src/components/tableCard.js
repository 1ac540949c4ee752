// A table on a card: a title, a note, and the site's sortable table (sortableTable.js: sort, search,
// row count and a CSV download of exactly the rows it holds, already filtered by the page's SQL).
// When there are no rows, the table says why.
//
//   tableCard(rows, {
//     title: "Largest ARR at risk", filename: "pulse-arr-at-risk.csv",
//     columns: [{key: "name", label: "Account", account: true}, {key: "arr", label: "ARR", format: formatMoney, align: "right"}],
//     empty: "No account in this selection is on the churn watch."
//   })
//
// Cells are text or elements built by htl, so data never becomes HTML. A column with account: true
// shows the account's name as a link to its account page (the row needs account_id).
import {html} from "htl";
import {accountLink} from "./accountLink.js";
import {sortableTable} from "./sortableTable.js";

/**
 * @param {Record<string, unknown>[]} rows
 * @param {{title: unknown, subtitle?: unknown, filename: string, id?: string, empty: string,
 *   columns: Array<{key: string, label: string, format?: (value: unknown, row: object) => unknown,
 *     account?: boolean, align?: "left" | "right" | "center", sortable?: boolean}>,
 *   csvColumns?: string[], sort?: {key: string, direction?: "ascending" | "descending"},
 *   search?: string[] | false, pageSize?: number, noun?: [string, string]}} options
 */
export function tableCard(rows, {title, subtitle, filename, id, empty, columns, csvColumns, sort, search, pageSize, noun}) {
  const hasAccount = columns.some((column) => column.account);
  const tableColumns = columns.map(({account, ...column}) =>
    account ? {...column, format: (name, row) => accountLink(row.account_id, name)} : column
  );
  const csv = {filename, columns: csvColumns ?? [...new Set([...(hasAccount ? ["account_id"] : []), ...columns.map((column) => column.key)])]};
  const table = sortableTable(rows, {
    columns: tableColumns,
    rowKey: hasAccount ? "account_id" : undefined,
    search: search === false ? undefined : search ?? (hasAccount ? ["name", "account_id"] : undefined),
    searchLabel: hasAccount ? "Search accounts" : "Search",
    sort,
    pageSize,
    csv,
    empty,
    noun: noun ?? (hasAccount ? ["account", "accounts"] : ["row", "rows"])
  });
  return html`<div class="card table-card" id=${id} data-rows=${rows.length}>
    <h2>${title}</h2>
    ${subtitle ? html`<p class="muted table-card-note">${subtitle}</p>` : ""}
    ${table}
  </div>`;
}
