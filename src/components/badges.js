// Small inline marks used in tables and headers: health band, tier, segment, grid movement, a score
// bar. Text goes in through htl, so names are always text.
import {html} from "htl";
import {formatScore} from "./format.js";
import {bandColor, migrationColor, migrationLabel, segmentColor, segmentLabel, tierColor, tierLabel} from "./palette.js";

const bandName = {green: "Green", yellow: "Yellow", red: "Red"};

/** ● Green */
export function bandBadge(band) {
  if (band == null) return html`<span class="muted">–</span>`;
  return html`<span class="badge band-badge" style=${{"--badge-color": bandColor[band] ?? "#868e96"}}>${bandName[band] ?? band}</span>`;
}

/** S, A, B, C in their colours; the title says what the tier means. */
export function tierBadge(tier) {
  if (tier == null) return html`<span class="muted" title="no tier: no contract in force">–</span>`;
  return html`<span class="badge tier-badge" style=${{"--badge-color": tierColor[tier] ?? "#868e96"}} title=${tierLabel[tier] ?? tier}>${tier}</span>`;
}

/** The segment as a coloured dot and its short name. */
export function segmentBadge(segment) {
  if (segment == null) return html`<span class="muted">–</span>`;
  return html`<span class="segment-badge" title=${segmentLabel[segment] ?? segment}><span class="dot" style=${{background: segmentColor[segment] ?? "#868e96"}}></span>${segmentLabel[segment] ?? segment}</span>`;
}

/** ▲ up, ▼ down, = same; nothing for an account with no earlier month. */
export function migrationBadge(migration, {from, to} = {}) {
  if (migration == null) return html`<span class="muted" title="no earlier month to compare with">new</span>`;
  const arrow = migration === "up" ? "▲" : migration === "down" ? "▼" : "=";
  const title = from && to ? `${migrationLabel[migration]}: ${from} → ${to}` : migrationLabel[migration];
  return html`<span class="migration-badge" style=${{color: migrationColor[migration]}} title=${title}>${arrow}</span>`;
}

/** The score as a number and a short bar in the band's colour. */
export function scoreBar(score, band, {max = 100} = {}) {
  if (score == null) return html`<span class="muted">–</span>`;
  const width = Math.max(0, Math.min(1, score / max)) * 100;
  return html`<span class="score-bar" title=${`health score ${formatScore(score)} of ${max}`}><span class="score-value">${formatScore(score)}</span><span class="score-track"><span class="score-fill" style=${{width: `${width}%`, background: bandColor[band] ?? "#868e96"}}></span></span></span>`;
}

