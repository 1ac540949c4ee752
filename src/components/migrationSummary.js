// This month's moves in the 3×3 health grid in numbers: accounts and ARR that moved up, stayed and moved
// down, as three headline figures (HTML, no Plot: migrationMatrix.js draws the from × to matrix).
import {html} from "htl";
import {formatCount, formatMoney, formatPercent} from "../shared/format.js";
import {migrationColor, migrationLabel, migrations} from "./palette.js";

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
