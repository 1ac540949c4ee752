// A table of accounts (or any rows) that a reader can sort by any column, search and page through,
// with a CSV download of exactly the rows it holds after the search, in the order shown.
// Cells are built with htl, so text from the exports (account names!) is always text, never HTML.
//
//   sortableTable(accounts, {
//     columns: [{key: "name", label: "Account", format: (name, row) => accountLink(row)}, {key: "arr", label: "ARR", format: formatMoney, align: "right"}],
//     sort: {key: "arr", direction: "descending"}, rowKey: "account_id", search: ["name", "account_id"],
//     csv: {filename: "pulse-health.csv", columns: [...]}, empty: "No account matches the filters."
//   })
//
// Only pageSize rows are drawn at first ("Show more" draws the next page), so 50,000 accounts stay fast.
import {html} from "htl";
import {downloadButton} from "./csv.js";

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
 * The table element. Its value is the rows it holds after the search, in the order shown; it
 * fires "input" when the search or the order changes, so a page can use it with view().
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
  const {columns, rowKey, search, pageSize = 50, csv, empty = "No rows.", noun = ["row", "rows"], caption} = options;
  let sort = options.sort ? {direction: "ascending", ...options.sort} : null;
  let query = "";
  let shown = rows;
  let limit = pageSize;

  const byKey = new Map(columns.map((column) => [column.key, column]));
  const header = columns.map((column) => {
    const th = html`<th scope="col" class=${thClass(column)} title=${column.title ?? ""}>${
      column.sortable === false ? column.label : html`<button type="button" class="sort">${column.label}<span class="sort-arrow" aria-hidden="true"></span></button>`
    }</th>`;
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
  const tbody = html`<tbody>`;
  const count = html`<span class="table-count">`;
  const more = html`<div class="table-more">`;
  const searchInput = search
    ? html`<input type="search" class="table-search" placeholder=${options.searchLabel ?? "Search"} aria-label=${options.searchLabel ?? "Search"}>`
    : null;
  const root = html`<div class="pulse-table">
    <div class="table-toolbar">${searchInput}${count}${csv ? downloadButton(() => root.value, csv) : null}</div>
    <div class="table-scroll"><table>${caption ? html`<caption>${caption}</caption>` : null}<thead><tr>${header}</tr></thead>${tbody}</table></div>
    ${more}
  </div>`;

  if (searchInput) {
    searchInput.oninput = () => {
      query = searchInput.value;
      limit = pageSize;
      update();
    };
  }

  function update() {
    const found = search ? searchRows(rows, query, search) : rows;
    const column = sort && byKey.get(sort.key);
    shown = column ? sortRows(found, column.key, sort.direction, column.sortValue) : found;
    root.value = shown;
    for (const th of header) {
      const active = sort?.key === th.dataset.key;
      if (active) th.setAttribute("aria-sort", sort.direction);
      else th.removeAttribute("aria-sort");
    }
    count.textContent =
      shown.length === rows.length
        ? `${rows.length.toLocaleString("en-US")} ${rows.length === 1 ? noun[0] : noun[1]}`
        : `${shown.length.toLocaleString("en-US")} of ${rows.length.toLocaleString("en-US")} ${noun[1]}`;
    draw();
    root.dispatchEvent(new Event("input", {bubbles: true}));
  }

  function draw() {
    const page = shown.slice(0, limit);
    tbody.replaceChildren(...page.map(drawRow));
    if (!shown.length) {
      const why = query && rows.length ? `Nothing matches “${query}”.` : empty;
      tbody.append(html`<tr class="table-empty"><td colspan=${columns.length}>${why}</td></tr>`);
    }
    more.replaceChildren();
    if (shown.length > limit) {
      const rest = shown.length - limit;
      const next = html`<button type="button" class="show-more">Show ${Math.min(rest, pageSize).toLocaleString("en-US")} more</button>`;
      const all = html`<button type="button" class="show-all">Show all ${shown.length.toLocaleString("en-US")}</button>`;
      next.onclick = () => ((limit += pageSize), draw());
      all.onclick = () => ((limit = Infinity), draw());
      more.append(html`<span class="muted">Showing ${limit.toLocaleString("en-US")} of ${shown.length.toLocaleString("en-US")}</span> `, next, " ", all);
    }
  }

  function drawRow(row) {
    const tr = html`<tr>${columns.map((column) => {
      const value = row[column.key];
      const content = column.format ? column.format(value, row) : value;
      return html`<td class=${thClass(column)}>${content ?? ""}</td>`;
    })}</tr>`;
    if (rowKey) tr.dataset.id = String(row[rowKey]);
    return tr;
  }

  update();
  return root;
}

function thClass(column) {
  return [column.align === "right" ? "num" : column.align === "center" ? "center" : "", column.className ?? ""].filter(Boolean).join(" ");
}
