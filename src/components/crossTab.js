// Cross-tabs (tier × segment, tier × health band): rows of a GROUP BY turned into a table with one
// row per category of one column and one column per category of another, with totals. The pivot is
// arquero's; the table is htl (values are text, never HTML), each cell shaded by its value.
// arquero's table and ops from its source modules, not `import * as aq from "arquero"`: the package
// entry re-exports its file loaders, which import node:fs/promises and node:stream (its "browser"
// field swaps them out, but Framework resolves like Node and ignores that field), and the page fails
// in the browser. The table module needs neither.
import {from} from "arquero/src/table/index.js";
import {opApi as op} from "arquero/src/op/op-api.js";
import {html} from "htl";
import {headerOf} from "./csv.js";

/**
 * Pivots aggregated rows [{[row]: "S", [column]: "green", [value]: 12}, …] into
 * {rows: [{[row]: "S", green: 12, yellow: 0, …, total}], columns: [...], totals: {green, …, total}}.
 * Missing combinations are 0; rowOrder / columnOrder fix the order (others follow, sorted).
 * @param {Array<Record<string, any>>} data
 * @param {{row: string, column: string, value: string, rowOrder?: string[], columnOrder?: string[]}} options
 * @returns {{rows: Array<Record<string, any>>, columns: string[], totals: Record<string, any>}}
 */
export function crossTab(data, {row, column, value, rowOrder = [], columnOrder = []}) {
  const clean = data.filter((d) => d[row] != null && d[column] != null).map((d) => ({r: String(d[row]), c: String(d[column]), v: Number(d[value])}));
  const columns = ordered(new Set(clean.map((d) => d.c)), columnOrder);
  const rowKeys = ordered(new Set(clean.map((d) => d.r)), rowOrder);
  const pivoted = clean.length ? from(clean).groupby("r").pivot("c", {v: (d) => op.sum(d.v)}).objects() : [];
  const byRow = new Map(pivoted.map((p) => [p.r, p]));
  const rows = rowKeys.map((key) => {
    const source = byRow.get(key) ?? {};
    const out = {[row]: key};
    let total = 0;
    for (const c of columns) {
      out[c] = Number(source[c] ?? 0);
      total += out[c];
    }
    out.total = total;
    return out;
  });
  const totals = {[row]: "Total", total: 0};
  for (const c of columns) {
    totals[c] = rows.reduce((sum, r) => sum + r[c], 0);
    totals.total += totals[c];
  }
  return {rows, columns, totals};
}

function ordered(keys, order) {
  const known = order.filter((k) => keys.has(k));
  const rest = [...keys].filter((k) => !order.includes(k)).sort((a, b) => a.localeCompare(b));
  return [...known, ...rest];
}

/**
 * The cross-tab as an HTML table. format formats a cell's value; rowLabel / columnLabel name the
 * categories; share: also show each cell's share of its row total. color: a CSS colour for shading.
 */
export function crossTabTable(tab, {row, format = String, rowLabel = (k) => k, columnLabel = (k) => k, rowTitle = row, share = false, color = "#1c7ed6"}) {
  const max = Math.max(1, ...tab.rows.flatMap((r) => tab.columns.map((c) => r[c])));
  const cell = (value, total) => {
    const strength = Math.round((value / max) * 55);
    const background = value > 0 ? `color-mix(in srgb, ${color} ${strength}%, transparent)` : "transparent";
    // the text stays dark: white on the lighter shades would not be readable (AA contrast)
    return html`<td class="crosstab-cell" style=${{background}}>
      ${format(value)}${share && total ? html`<span class="crosstab-share">${Math.round((value / total) * 100)}%</span>` : ""}
    </td>`;
  };
  return html`<div class="crosstab-scroll"><table class="crosstab">
    <thead><tr><th>${rowTitle}</th>${tab.columns.map((c) => html`<th>${columnLabel(c)}</th>`)}<th>Total</th></tr></thead>
    <tbody>${tab.rows.map((r) => html`<tr><th scope="row">${rowLabel(r[row])}</th>${tab.columns.map((c) => cell(r[c], r.total))}<td class="crosstab-total">${format(r.total)}</td></tr>`)}</tbody>
    <tfoot><tr><th scope="row">Total</th>${tab.columns.map((c) => html`<td class="crosstab-total">${format(tab.totals[c])}</td>`)}<td class="crosstab-total">${format(tab.totals.total)}</td></tr></tfoot>
  </table></div>`;
}

/** The cross-tab's rows flattened for CSV: one row per category with a column per category. */
export function crossTabRows(tab) {
  return [...tab.rows, tab.totals];
}

/**
 * The CSV columns of a cross-tab: its row column, one per category across (headed by the label the
 * page shows, in snake_case: high_frequency_high_value) and the total. columnLabel: category → label.
 */
export function crossTabCsvColumns(tab, {row, columnLabel = (key) => key}) {
  return [row, ...tab.columns.map((key) => ({name: key, label: headerOf(columnLabel(key))})), "total"];
}
