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
// The same table over a query instead of rows in memory (sorting, search and paging in SQL):
// queryTable.js; both draw with tableView() below, from a source of rows.
import {downloadButton} from "./csv.js";
import {el} from "./dom.js";

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

/** Rows drawn at first, and per "Show more": one page size on every page of the site (issue #15). */
export const DEFAULT_PAGE_SIZE = 25;

/**
 * The table's element, drawn from a source of rows:
 *   fetch({sort, query, limit}) → {rows: the first `limit` rows after search and sort, found: how
 *     many rows the search keeps, total: how many before it}, or a promise of it;
 *   all({sort, query}) → every row after search and sort (for the CSV), or a promise of them.
 * options.initial ({rows, found, total}, the default view computed beforehand) is drawn at once,
 * before the source answers. Fires "update" (not bubbling) after each draw; root.ready is a promise
 * of the first draw from the source, after which the element has the attribute data-ready.
 */
export function tableView(source, options) {
  const {columns, rowKey, search, pageSize = DEFAULT_PAGE_SIZE, csv, empty = "No rows.", noun = ["row", "rows"], caption} = options;
  let sort = options.sort ? {direction: "ascending", ...options.sort} : null;
  let query = "";
  let limit = pageSize;
  let asked = 0; // the latest fetch; older answers that arrive later are dropped

  const header = columns.map((column) => {
    const th = el("th", {scope: "col", role: "columnheader", class: thClass(column), title: column.title ?? ""},
      column.sortable === false ? column.label : el("button", {type: "button", class: "sort"}, column.label, el("span", {class: "sort-arrow", "aria-hidden": "true"})));
    th.dataset.key = column.key;
    if (column.sortable !== false) {
      th.querySelector("button").onclick = () => {
        const descendingFirst = column.align === "right"; // numbers: largest first
        const direction =
          sort?.key === column.key ? (sort.direction === "ascending" ? "descending" : "ascending") : descendingFirst ? "descending" : "ascending";
        sort = {key: column.key, direction};
        limit = pageSize;
        update();
      };
    }
    return th;
  });
  const tbody = el("tbody", {role: "rowgroup"});
  const count = el("span", {class: "table-count"});
  const more = el("div", {class: "table-more"});
  const searchInput = search
    ? el("input", {type: "search", class: "table-search", placeholder: options.searchLabel ?? "Search", "aria-label": options.searchLabel ?? "Search"})
    : null;
  const root = el("div", {class: "pulse-table"},
    el("div", {class: "table-toolbar"}, searchInput, count, csv ? downloadButton(() => source.all({sort, query}), csv) : null),
    // explicit roles: on a phone the rows are laid out as blocks (style.css), which makes some browsers forget it is a table
    el("div", {class: "table-scroll"}, el("table", {role: "table"}, caption ? el("caption", null, caption) : null, el("thead", {role: "rowgroup"}, el("tr", {role: "row"}, header)), tbody)),
    more);

  if (searchInput) {
    searchInput.oninput = () => {
      query = searchInput.value;
      limit = pageSize;
      update();
    };
  }

  function update() {
    const ask = ++asked;
    const answer = source.fetch({sort, query, limit});
    if (typeof answer?.then !== "function") return drawn(answer);
    root.setAttribute("aria-busy", "true");
    return answer.then((page) => {
      if (ask !== asked) return;
      root.removeAttribute("aria-busy");
      drawn(page);
    });
  }

  // rows from the source are on screen (not only options.initial): sort, search and paging answer.
  // An answer identical to the rows on screen (the source confirming options.initial) is not drawn again.
  function drawn(page) {
    if (!sameView(page, onScreen)) draw(page);
    onScreen = null;
    root.dataset.ready = "";
  }

  function draw({rows, found, total}) {
    for (const th of header) {
      const active = sort?.key === th.dataset.key;
      if (active) th.setAttribute("aria-sort", sort.direction);
      else th.removeAttribute("aria-sort");
    }
    count.textContent =
      found === total
        ? `${total.toLocaleString("en-US")} ${total === 1 ? noun[0] : noun[1]}`
        : `${found.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} ${noun[1]}`;
    tbody.replaceChildren(...rows.map(drawRow));
    if (!found) {
      const why = query && total ? `Nothing matches “${query}”.` : empty;
      tbody.append(el("tr", {class: "table-empty", role: "row"}, el("td", {role: "cell", colspan: columns.length}, why)));
    }
    more.replaceChildren();
    if (found > rows.length) {
      const rest = found - rows.length;
      const next = el("button", {type: "button", class: "show-more"}, `Show ${Math.min(rest, pageSize).toLocaleString("en-US")} more`);
      const all = el("button", {type: "button", class: "show-all"}, `Show all ${found.toLocaleString("en-US")}`);
      next.onclick = () => ((limit = rows.length + pageSize), update());
      all.onclick = () => ((limit = Infinity), update());
      more.append(el("span", {class: "muted"}, `Showing ${rows.length.toLocaleString("en-US")} of ${found.toLocaleString("en-US")}`), " ", next, " ", all);
    }
    root.dispatchEvent(new Event("update"));
  }

  const cellClasses = columns.map(thClass);
  // each cell names its column (data-label): on a phone the rows are stacked and each value shows its name (style.css)
  const cellLabels = columns.map((column) => (typeof column.label === "string" ? column.label : null));
  function drawRow(row) {
    const tr = el("tr", {role: "row"});
    columns.forEach((column, i) => {
      const value = row[column.key];
      tr.append(el("td", {role: "cell", class: cellClasses[i] || null, "data-label": cellLabels[i]}, column.format ? column.format(value, row) : value));
    });
    if (rowKey) tr.dataset.id = String(row[rowKey]);
    return tr;
  }

  let onScreen = null; // options.initial while it is on screen
  if (options.initial) draw((onScreen = options.initial));
  root.ready = Promise.resolve(update()).then(() => root);
  return root;
}

/** The same rows (every value: numbers, text, dates, lists; in the same order) and the same counts. */
export function sameView(a, b) {
  if (!a || !b || a.found !== b.found || a.total !== b.total || a.rows.length !== b.rows.length) return false;
  return a.rows.every((row, i) => JSON.stringify(row) === JSON.stringify(b.rows[i]));
}

function thClass(column) {
  return [column.align === "right" ? "num" : column.align === "center" ? "center" : "", column.className ?? ""].filter(Boolean).join(" ");
}
