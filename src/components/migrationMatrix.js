// This month's moves in the 3×3 health grid: last month's cell (rows) against this month's (columns),
// each square coloured by direction (up, same, down by grid rank) and labelled with its accounts.
// Rows come from the accounts table (grid_cell_prev, grid_cell, grid_migration; the same columns as
// health_history's as-of rows).
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {html} from "htl";
import {cellShort, gridCellKeys} from "./healthGrid.js";
import {formatCount, formatMoney, formatPercent} from "./format.js";
import {migrationColor, migrationLabel, migrations, migrationScale} from "./palette.js";

/**
 * Accounts and ARR that moved up, stayed and moved down, and those with no earlier month.
 * rows: [{grid_migration, accounts, arr}] (several rows per direction are added up).
 */
export function migrationTotals(rows) {
  const totals = {up: {accounts: 0, arr: 0}, same: {accounts: 0, arr: 0}, down: {accounts: 0, arr: 0}, new: {accounts: 0, arr: 0}};
  for (const row of rows) {
    const key = row.grid_migration ?? "new";
    totals[key].accounts += row.accounts ?? 0;
    totals[key].arr += row.arr ?? 0;
  }
  return {...totals, compared: totals.up.accounts + totals.same.accounts + totals.down.accounts};
}

/** Three headline numbers: moved up, stayed, moved down (with ARR and share of the accounts compared). */
export function migrationSummary(rows) {
  const totals = migrationTotals(rows);
  return html`<div class="migration-summary">${migrations.map((m) => html`<div class="migration-total" data-migration=${m} style=${{"--migration-color": migrationColor[m]}}>
      <span class="big">${formatCount(totals[m].accounts)}</span>
      <span>${migrationLabel[m]}</span>
      <span class="muted">${formatPercent(totals.compared ? totals[m].accounts / totals.compared : null, {digits: 0})} · ${formatMoney(totals[m].arr)} ARR</span>
    </div>`)}${totals.new.accounts ? html`<div class="migration-total muted" data-migration="new"><span class="big">${formatCount(totals.new.accounts)}</span><span>New this month</span><span>no cell last month</span></div>` : null}</div>`;
}


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
