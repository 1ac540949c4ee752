// The 2×2 frequency × value map: four cards, high value on top and high frequency on the right,
// each with its accounts, ARR, health mix and playbook line, and a link to its accounts.
import {html} from "htl";
import {formatCount, formatMoney, formatNumber, formatPercent} from "../shared/format.js";
import {bandColor, bands, segmentColor, segmentLabel, segments} from "./palette.js";

/** Where each segment sits: [row, column] with row 0 = high value, column 1 = high frequency. */
const position = {
  low_freq_high_value: [0, 0],
  high_freq_high_value: [0, 1],
  low_freq_low_value: [1, 0],
  high_freq_low_value: [1, 1]
};

/**
 * All four segments in display order, zeros for a segment without accounts.
 * rows: [{segment, accounts, arr, median_score, green, yellow, red, playbook}] (any subset). The health
 * score is the median everywhere on the site (the overview, the health and tiers pages), never an average.
 */
export function segmentCells(rows) {
  const bySegment = new Map(rows.map((row) => [row.segment, row]));
  const totalAccounts = rows.reduce((sum, r) => sum + (r.accounts ?? 0), 0);
  const totalArr = rows.reduce((sum, r) => sum + (r.arr ?? 0), 0);
  return segments.map((segment) => {
    const row = bySegment.get(segment) ?? {};
    const accounts = row.accounts ?? 0;
    const arr = row.arr ?? 0;
    return {
      segment,
      accounts,
      arr,
      median_score: accounts ? row.median_score : null,
      green: row.green ?? 0,
      yellow: row.yellow ?? 0,
      red: row.red ?? 0,
      playbook: row.playbook ?? null,
      accountShare: totalAccounts ? accounts / totalAccounts : null,
      arrShare: totalArr ? arr / totalArr : null
    };
  });
}

/**
 * The map element. settings: metric_settings (the thresholds are said on the axes); playbooks:
 * {segment: line}; href(segment): where "see accounts" leads, with its own filters (omit for no link).
 */
export function segmentMap(rows, {settings, playbooks = {}, href} = {}) {
  const cells = segmentCells(rows);
  const freq = settings ? `${formatNumber(settings.high_frequency_visits, {digits: 0})} or more visits in ${formatCount(settings.window_days)} days` : "";
  const value = settings ? `${formatNumber(settings.high_value_features, {digits: 0})} or more features used` : "";
  const card = (cell) => {
    const [row, column] = position[cell.segment];
    const playbook = cell.playbook ?? playbooks[cell.segment];
    return html`<div class="segment-cell" data-segment=${cell.segment} style=${{"grid-row": String(row + 2), "grid-column": String(column + 2), "--segment-color": segmentColor[cell.segment]}}>
      <div class="segment-name">${segmentLabel[cell.segment]}</div>
      ${playbook ? html`<div class="segment-playbook">${playbook}</div>` : null}
      ${cell.accounts
        ? html`<div class="segment-numbers">
            <span class="big segment-count">${formatCount(cell.accounts)}</span> <span class="muted">accounts · ${formatPercent(cell.accountShare, {digits: 0})}</span><br>
            <b>${formatMoney(cell.arr)}</b> <span class="muted">ARR · ${formatPercent(cell.arrShare, {digits: 0})} of ARR · median health score ${formatNumber(cell.median_score, {digits: 0})}</span>
          </div>
          ${bandMix(cell)}
          ${href ? html`<a class="segment-link" data-filters="own" href=${href(cell.segment)}>See these ${formatCount(cell.accounts)} accounts →</a>` : null}`
        : html`<div class="segment-empty muted">No accounts in this segment with the current filters.</div>`}
    </div>`;
  };
  return html`<div class="segment-map">
    <div class="axis-y"><span>Value ↑</span><span class="muted">${value ? `high: ${value}` : ""}</span></div>
    <div class="axis-x-top" style=${{"grid-row": "1", "grid-column": "2"}}>Low frequency</div>
    <div class="axis-x-top" style=${{"grid-row": "1", "grid-column": "3"}}>High frequency <span class="muted">${freq ? `(${freq})` : ""}</span></div>
    <div class="axis-row" style=${{"grid-row": "2", "grid-column": "1"}}>High value</div>
    <div class="axis-row" style=${{"grid-row": "3", "grid-column": "1"}}>Low value</div>
    ${cells.map(card)}
  </div>`;
}

/** A thin bar of the cell's accounts by health band. */
export function bandMix(counts) {
  const total = bands.reduce((sum, band) => sum + (counts[band] ?? 0), 0);
  if (!total) return null;
  const title = bands.map((band) => `${band}: ${formatCount(counts[band] ?? 0)}`).join(" · ");
  return html`<div class="band-mix" role="img" title=${title} aria-label=${`accounts by health band: ${title}`}>${bands.map((band) =>
    counts[band] ? html`<span style=${{width: `${(100 * counts[band]) / total}%`, background: bandColor[band]}}></span>` : null
  )}</div>`;
}
