// The 3×3 health grid: breadth of adoption (modules used / offered) across, depth of use (visits
// or key actions per active user) up. Each cell shows its accounts and ARR and how many arrived this
// month from a lower cell (moved up) or a higher one (moved down). A cell can be picked: the grid's
// value is the picked cell ("high-low") or null, so a page can list its accounts with view().
import {html} from "htl";
import {formatCount, formatMoney, formatNumber, formatPercent} from "../shared/format.js";
import {gridLevelLabel, gridLevels, migrationTextColor} from "./palette.js";

/** A cell's key as in accounts.grid_cell: breadth-depth, e.g. "high-low". */
export const cellKey = (breadth, depth) => `${breadth}-${depth}`;

/** The nine cells, breadth-major, low to high ("low-low", "low-medium", …, "high-high"). */
export const gridCellKeys = gridLevels.flatMap((breadth) => gridLevels.map((depth) => cellKey(breadth, depth)));

/** A cell's rank: 0 (low-low) … 4 (high-high), as grid_rank. */
export const cellRank = (key) => key.split("-").reduce((sum, level) => sum + gridLevels.indexOf(level), 0);

/** A cell in short: "high·med" (breadth·depth). */
export const cellShort = (key) => (key == null ? "–" : key.replaceAll("medium", "med").replace("-", "·"));

/** A cell in words: "high breadth, low depth". */
export function cellWords(key) {
  if (key == null) return "–";
  const [breadth, depth] = key.split("-");
  return `${breadth} breadth, ${depth} depth`;
}

/**
 * The nine cells with their numbers, zeros where no account is. rows: [{grid_cell, accounts, arr,
 * moved_up, moved_down}] (any subset).
 */
export function gridCells(rows) {
  const byCell = new Map(rows.map((row) => [row.grid_cell, row]));
  const total = rows.reduce((sum, r) => sum + (r.accounts ?? 0), 0);
  return gridCellKeys.map((key) => {
    const row = byCell.get(key) ?? {};
    const [breadth, depth] = key.split("-");
    return {
      key,
      breadth,
      depth,
      rank: cellRank(key),
      accounts: row.accounts ?? 0,
      arr: row.arr ?? 0,
      moved_up: row.moved_up ?? 0,
      moved_down: row.moved_down ?? 0,
      share: total ? (row.accounts ?? 0) / total : null
    };
  });
}

// cell tints by rank, from weak (low-low) to strong (high-high)
const rankTint = ["#fbe3e3", "#fdf0dc", "#f4f1df", "#e3f1e5", "#cfe9d4"];

/** The grid element. settings: metric_settings (thresholds on the axes). */
export function healthGrid(rows, {settings, value = null} = {}) {
  const cells = gridCells(rows);
  const [bMid, bHigh] = settings?.grid_breadth_thresholds ?? [];
  const [dMid, dHigh] = settings?.grid_depth_thresholds ?? [];
  const unit = settings?.grid_depth_measure === "key_actions" ? "key actions" : "visits";
  const breadthNote = bMid != null ? `medium from ${formatPercent(bMid, {digits: 0})}, high from ${formatPercent(bHigh, {digits: 0})} of modules` : "";
  const depthNote = dMid != null ? `${unit} per active user: medium from ${formatNumber(dMid, {digits: 0})}, high from ${formatNumber(dHigh, {digits: 0})}` : "";
  const buttons = new Map();
  const root = html`<div class="health-grid">
    <div class="grid-axis-y"><b>Depth →</b></div>
    <div class="grid-cells">${[...gridLevels].reverse().map((depth) =>
      html`<div class="grid-row"><div class="grid-level">${gridLevelLabel[depth]}</div>${gridLevels.map((breadth) => {
        const cell = cells.find((c) => c.breadth === breadth && c.depth === depth);
        const button = html`<button type="button" class="grid-cell" data-cell=${cell.key} aria-pressed="false" style=${{background: rankTint[cell.rank]}}
            title=${`${cellWords(cell.key)}: ${formatCount(cell.accounts)} accounts, ${formatMoney(cell.arr)} ARR. Click to list them.`}>
          <span class="grid-count">${formatCount(cell.accounts)}</span>
          <span class="grid-sub">${formatPercent(cell.share, {digits: 0})} · ${formatMoney(cell.arr)}</span>
          <span class="grid-moves">${cell.moved_up ? html`<span style=${{color: migrationTextColor.up}} title="arrived from a lower cell this month">▲${formatCount(cell.moved_up)}</span>` : null}
            ${cell.moved_down ? html`<span style=${{color: migrationTextColor.down}} title="arrived from a higher cell this month">▼${formatCount(cell.moved_down)}</span>` : null}</span>
        </button>`;
        buttons.set(cell.key, button);
        button.onclick = () => select(root.value === cell.key ? null : cell.key);
        return button;
      })}</div>`
    )}
      <div class="grid-row grid-x"><div></div>${gridLevels.map((breadth) => html`<div class="grid-level">${gridLevelLabel[breadth]}</div>`)}</div>
    </div>
    <div class="grid-axis-x"><b>Breadth →</b></div>
    <div class="grid-notes muted">${breadthNote ? html`Breadth: ${breadthNote}.` : null} ${depthNote ? html`Depth: ${depthNote}.` : null}</div>
  </div>`;
  function select(key, notify = true) {
    root.value = key;
    for (const [k, button] of buttons) button.setAttribute("aria-pressed", String(k === key));
    if (notify) root.dispatchEvent(new Event("input", {bubbles: true}));
  }
  select(value, false);
  return root;
}
