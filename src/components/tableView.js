// The element every table of the site draws (sortableTable.js over rows in the page, queryTable.js over
// SQL): column headers that sort, a search box, a count, pages of rows ("Show more") and a CSV download
// of exactly the rows it holds. It asks a source for rows and draws what comes back; built with DOM calls
// (dom.js), so text from the exports (account names!) is always text, never HTML.
import {downloadButton} from "./csv.js";
import {el} from "./dom.js";

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
