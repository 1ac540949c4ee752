// A table of accounts (or any rows) that a reader can sort by any column, search and page through,
// with a CSV download of exactly the rows it holds after the search, in the order shown.
// Built with DOM calls (dom.js), so text from the exports (account names!) is always text, never HTML.
//
//   sortableTable(accounts, {
//     columns: [{key: "name", label: "Account", format: (name, row) => accountLink(row)}, {key: "arr", label: "ARR", format: formatMoney, align: "right"}],
//     sort: {key: "arr", direction: "descending"}, rowKey: "account_id", search: ["name", "account_id"],
//     csv: {filename: "pulse-health.csv", columns: [...]}, empty: "No account matches the filters."
//   })
//
// Only pageSize rows are drawn at first ("Show more" draws the next page), so 50,000 accounts stay fast.
//
// The site's tables: this one sorts and searches rows already in the page (a few thousand at most);
// queryTable.js leaves the rows in the in-browser database and asks it for the rows on screen (the
// health table, 50,000 accounts); tableCard.js puts a sortableTable on a card with a title. The
// first two draw the same element, tableView.js.
import {tableView} from "./tableView.js";

/** Compares two values for sorting: numbers, dates, booleans and text (natural order); missing values last. */
export function compareValues(a, b) {
  const aMissing = a == null || (typeof a === "number" && Number.isNaN(a));
  const bMissing = b == null || (typeof b === "number" && Number.isNaN(b));
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (a instanceof Date) a = +a;
  if (b instanceof Date) b = +b;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return String(a).localeCompare(String(b), "en", {numeric: true, sensitivity: "base"});
}

/**
 * The rows sorted by one column (stable: equal rows keep their order); missing values go last in
 * both directions. value(row) gives the sort value (default: row[key]).
 */
export function sortRows(rows, key, direction = "ascending", value = (row) => row[key]) {
  const sign = direction === "descending" ? -1 : 1;
  return rows
    .map((row, index) => ({row, index, value: value(row)}))
    .sort((a, b) => {
      const missingA = a.value == null || Number.isNaN(a.value);
      const missingB = b.value == null || Number.isNaN(b.value);
      if (missingA !== missingB) return missingA ? 1 : -1;
      return sign * compareValues(a.value, b.value) || a.index - b.index;
    })
    .map(({row}) => row);
}

/** The rows whose text in any of keys contains every word of the query (case and accents ignored). */
export function searchRows(rows, query, keys) {
  const words = fold(query ?? "").split(/\s+/).filter(Boolean);
  if (!words.length) return rows;
  return rows.filter((row) => {
    const text = keys.map((key) => fold(String(row[key] ?? ""))).join(" ");
    return words.every((word) => text.includes(word));
  });
}

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/**
 * The table element over rows in memory. Its value is the rows it holds after the search, in the
 * order shown; it fires "input" when the search or the order changes, so a page can use it with view().
 * @param {Record<string, unknown>[]} rows
 * @param {{
 *   columns: Array<{key: string, label: string, format?: (value: unknown, row: object) => unknown, sortValue?: (row: object) => unknown,
 *                   align?: "left" | "right" | "center", title?: string, sortable?: boolean, className?: string}>,
 *   sort?: {key: string, direction?: "ascending" | "descending"},
 *   rowKey?: string, search?: string[], searchLabel?: string, pageSize?: number,
 *   csv?: {filename: string, columns?: Array<string | {name: string, label?: string}>},
 *   empty?: unknown, noun?: [string, string], caption?: unknown
 * }} options
 */
export function sortableTable(rows, options) {
  const byKey = new Map(options.columns.map((column) => [column.key, column]));
  let shown = rows;
  const source = {
    // synchronous, so the table is complete when returned
    fetch({sort, query, limit}) {
      const found = options.search ? searchRows(rows, query, options.search) : rows;
      const column = sort && byKey.get(sort.key);
      shown = column ? sortRows(found, column.key, sort.direction, column.sortValue) : found;
      return {rows: shown.slice(0, limit), found: shown.length, total: rows.length};
    },
    all: () => shown
  };
  const root = tableView(source, options);
  root.addEventListener("update", () => {
    root.value = shown;
    root.dispatchEvent(new Event("input", {bubbles: true}));
  });
  root.value = shown;
  return root;
}
