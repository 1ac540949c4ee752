// Small inline marks used in tables and headers: health band, tier, segment, grid movement, a score
// bar. Built with DOM calls (dom.js: tables draw hundreds per change); text goes in as text nodes.
import {el} from "./dom.js";
import {formatScore} from "../shared/format.js";
import {bandColor, bandTextColor, migrationLabel, migrationTextColor, segmentColor, segmentLabel, tierColor, tierLabel, tierTextColor} from "./palette.js";

const bandName = {green: "Green", yellow: "Yellow", red: "Red"};

/** ● Green */
export function bandBadge(band) {
  if (band == null) return el("span", {class: "muted"}, "–");
  // the dot in the band's colour, the name in its darker text colour (readable on white)
  return el("span", {class: "badge band-badge", style: {"--badge-color": bandColor[band] ?? "#868e96", color: bandTextColor[band] ?? null}}, bandName[band] ?? band);
}

/** S, A, B, C in their colours; the title says what the tier means. */
export function tierBadge(tier) {
  if (tier == null) return el("span", {class: "muted", title: "no tier: no contract in force"}, "–");
  return el("span", {class: "badge tier-badge", style: {"--badge-color": tierColor[tier] ?? "#868e96", color: tierTextColor[tier] ?? null}, title: tierLabel[tier] ?? tier}, tier);
}

/** The segment as a coloured dot and its short name. */
export function segmentBadge(segment) {
  if (segment == null) return el("span", {class: "muted"}, "–");
  return el("span", {class: "segment-badge", title: segmentLabel[segment] ?? segment},
    el("span", {class: "dot", style: {background: segmentColor[segment] ?? "#868e96"}}), segmentLabel[segment] ?? segment);
}

/** ▲ up, ▼ down, = same; nothing for an account with no earlier month. */
export function migrationBadge(migration, {from, to} = {}) {
  if (migration == null) return el("span", {class: "muted", title: "no earlier month to compare with"}, "new");
  const arrow = migration === "up" ? "▲" : migration === "down" ? "▼" : "=";
  const title = from && to ? `${migrationLabel[migration]}: ${from} → ${to}` : migrationLabel[migration];
  return el("span", {class: "migration-badge", style: {color: migrationTextColor[migration]}, title}, arrow);
}

/** The score as a number and a short bar in the band's colour. */
export function scoreBar(score, band, {max = 100} = {}) {
  if (score == null) return el("span", {class: "muted"}, "–");
  const width = Math.max(0, Math.min(1, score / max)) * 100;
  return el("span", {class: "score-bar", title: `health score ${formatScore(score)} of ${max}`},
    el("span", {class: "score-value"}, formatScore(score)),
    el("span", {class: "score-track"}, el("span", {class: "score-fill", style: {width: `${width}%`, background: bandColor[band] ?? "#868e96"}})));
}

