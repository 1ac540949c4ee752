// This month's moves in the 3×3 health grid: last month's cell (rows) against this month's (columns),
// each square coloured by direction (up, same, down by grid rank) and labelled with its accounts.
// Rows come from the accounts table (grid_cell_prev, grid_cell, grid_migration; the same columns as
// health_history's as-of rows).
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {html} from "htl";
import {cellShort, gridCellKeys} from "./healthGrid.js";
import {formatCount, formatMoney, formatPercent} from "../shared/format.js";
import {migrationLabel, migrationScale} from "./palette.js";
import {migrationTotals} from "./migrationSummary.js";

// the totals and the three headline numbers in migrationSummary.js (no Plot: a page draws them before its charts)
export {migrationSummary, migrationTotals} from "./migrationSummary.js";

/**
 * The from × to matrix. rows: [{grid_cell_prev, grid_cell, grid_migration, accounts, arr}] for
 * accounts with a cell last month.
 */
export function migrationMatrix(rows, {width} = {}) {
  const data = rows.filter((r) => r.grid_cell_prev != null);
  if (!data.length) return html`<p class="empty-state">No account had a cell last month to compare with.</p>`;
  const size = Math.min(width ?? 600, 640);
  const totals = migrationTotals(rows);
  return chart({
    label: `Moves in the health grid since last month: ${formatCount(totals.up.accounts)} moved up, ${formatCount(totals.same.accounts)} stayed, ${formatCount(totals.down.accounts)} moved down`,
    width: size,
    height: size - 40,
    marginLeft: 92,
    marginBottom: 70,
    padding: 0.06,
    // the cells' names turned so that they never touch: upright columns when the cells are narrow
    x: {domain: gridCellKeys, tickFormat: cellShort, tickRotate: (size - 92) / 9 >= 50 ? -60 : -90, label: "this month (breadth·depth) →", labelAnchor: "right"},
    y: {domain: [...gridCellKeys].reverse(), tickFormat: cellShort, label: "↑ last month", labelAnchor: "top"},
    color: {...migrationScale, legend: true, tickFormat: (m) => migrationLabel[m]},
    marks: [
      Plot.cell(data, {
        x: "grid_cell",
        y: "grid_cell_prev",
        fill: "grid_migration",
        fillOpacity: (d) => Math.max(0.2, Math.min(1, 0.2 + Math.log10(1 + d.accounts) / 2.5)),
        channels: {
          Move: (d) => `${d.grid_cell_prev} → ${d.grid_cell}`,
          Direction: (d) => migrationLabel[d.grid_migration],
          Accounts: (d) => formatCount(d.accounts),
          ARR: (d) => formatMoney(d.arr)
        },
        tip: {format: {x: false, y: false, fill: false, fillOpacity: false}}
      }),
      Plot.text(data, {x: "grid_cell", y: "grid_cell_prev", text: (d) => formatCount(d.accounts), fill: (d) => (d.accounts >= 20 ? "white" : "black"), fontSize: 11})
    ]
  });
}
