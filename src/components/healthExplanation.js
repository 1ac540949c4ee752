// The health score of one account, explained component by component: what was measured, how many
// points it gave out of how many, and the sum that makes the score. The numbers are the accounts
// table's (health_<component> 0..1, health_<component>_points, health_weight_total) and the weights
// and targets of the build (metric_settings); nothing is recomputed here but the display rounding.
import {html} from "htl";
import {formatCount, formatNumber, formatPercent, formatScore} from "./format.js";
import {bandColor, healthComponentLabel, healthComponents} from "./palette.js";

/**
 * Rounds values to `digits` decimals so that the rounded values add up to `total` (itself rounded
 * to the same decimals): the largest remainders get the leftover units. Missing values stay missing.
 */
export function roundToSum(values, total, digits = 1) {
  const scale = 10 ** digits;
  const present = values.map((value, index) => ({index, value})).filter(({value}) => value != null && Number.isFinite(value));
  const floors = present.map(({index, value}) => ({index, units: Math.floor(value * scale + 1e-9), rest: value * scale - Math.floor(value * scale + 1e-9)}));
  let diff = Math.round(total * scale) - floors.reduce((sum, f) => sum + f.units, 0);
  const order = [...floors].sort((a, b) => b.rest - a.rest || a.index - b.index); // largest remainder first
  for (let k = 0; diff > 0 && order.length; k++, diff--) order[k % order.length].units++;
  const reverse = order.reverse(); // smallest remainder first
  for (let k = 0; diff < 0 && reverse.some((f) => f.units > 0); k++) {
    const f = reverse[k % reverse.length];
    if (f.units > 0) f.units--, diff++;
  }
  const result = values.map(() => null);
  for (const f of floors) result[f.index] = f.units / scale;
  return result;
}

/** The band a score falls in, in words: "green (70 or more)". */
export function bandSentence(score, settings) {
  const green = settings.health_band_green;
  const yellow = settings.health_band_yellow;
  if (score >= green) return {band: "green", text: `green (${formatNumber(green, {digits: 0})} or more)`};
  if (score >= yellow) return {band: "yellow", text: `yellow (${formatNumber(yellow, {digits: 0})} to under ${formatNumber(green, {digits: 0})})`};
  return {band: "red", text: `red (under ${formatNumber(yellow, {digits: 0})})`};
}

/**
 * Each component of an account's score: {id, label, value (0..1 or null), points, maxPoints,
 * shownPoints (rounded so they add up to the score), counted, measured (what was measured, in words)}.
 */
export function scoreBreakdown(account, settings) {
  const total = Number(account.health_weight_total);
  const weights = settings.health_weights ?? {};
  const parts = healthComponents.map((id) => {
    const value = account[`health_${id}`];
    const counted = value != null;
    const points = counted ? account[`health_${id}_points`] : null;
    const maxPoints = counted && total > 0 ? (100 * (weights[id] ?? 0)) / total : null;
    return {id, label: healthComponentLabel[id], value, points, maxPoints, counted, measured: measuredInWords(id, account, settings)};
  });
  const shown = roundToSum(parts.map((p) => p.points), account.health_score, 1);
  return parts.map((part, i) => ({...part, shownPoints: shown[i]}));
}

function measuredInWords(id, a, s) {
  const window = `${formatCount(s.window_days)} days`;
  const unit = s.grid_depth_measure === "key_actions" ? "key actions" : "visits";
  switch (id) {
    case "activity":
      return `${formatCount(a.visits_30d)} visits in the last ${window}; full points at ${formatCount(s.health_activity_target_visits)}`;
    case "breadth":
      return `${formatCount(a.modules_offered_used_30d)} of ${formatCount(a.modules_offered)} modules used in the last ${window}`;
    case "depth":
      return `${formatNumber(a.depth)} ${unit} per active user; full points at ${formatNumber(s.health_depth_target, {digits: 0})}`;
    case "seats":
      return a.seats > 0
        ? `${formatCount(a.active_users_30d)} of ${formatCount(a.seats)} seats active in the last ${window}`
        : "not counted: the number of seats is unknown, so the other weights count for more";
    case "key_users":
      return `${formatCount(a.key_users_active_30d)} key user${a.key_users_active_30d === 1 ? "" : "s"} (admin, executive or champion) active in the last ${window}; full points at ${formatCount(s.health_key_users_target)}`;
    case "trend":
      if (a.visits_prev_30d > 0) {
        const change = (a.visits_30d - a.visits_prev_30d) / a.visits_prev_30d;
        return `${formatCount(a.visits_30d)} visits against ${formatCount(a.visits_prev_30d)} in the ${window} before (${change > 0 ? "+" : ""}${formatPercent(change, {digits: 0})}); half points when flat`;
      }
      return a.visits_30d > 0 ? `visits started: none in the ${window} before` : `no visits in the last ${window} nor the ${window} before`;
  }
  return "";
}

/** The explanation element: one row per component with a bar of points out of the most it can give, and the sum. */
export function healthExplanation(account, settings) {
  const parts = scoreBreakdown(account, settings);
  const {band, text} = bandSentence(account.health_score, settings);
  const counted = parts.filter((p) => p.counted);
  const color = bandColor[band];
  return html`<div class="health-explanation">
    <table class="score-parts">
      <thead><tr><th scope="col">Component</th><th scope="col">What was measured</th><th scope="col" class="num">Points</th><th scope="col" class="bar-col">of the most it can give</th></tr></thead>
      <tbody>${parts.map((p) => html`<tr class=${p.counted ? (p.id === account.health_weakest ? "weakest" : "") : "not-counted"} data-component=${p.id}>
        <th scope="row">${p.label}${p.id === account.health_weakest ? html` <span class="weakest-tag" title="the component that lost the most points">weakest</span>` : ""}</th>
        <td>${p.measured}</td>
        <td class="num points">${p.counted ? html`<b>${formatScore(p.shownPoints)}</b> <span class="muted">of ${formatScore(p.maxPoints)}</span>` : html`<span class="muted">–</span>`}</td>
        <td class="bar-col">${p.counted ? pointsBar(p, color) : null}</td>
      </tr>`)}</tbody>
      <tfoot><tr><th scope="row">Health score</th><td class="score-sum">${counted.map((p, i) => html`${i ? " + " : ""}<span title=${p.label}>${formatScore(p.shownPoints)}</span>`)} = <b class="score-total">${formatScore(account.health_score)}</b></td><td class="num"><b>${formatScore(account.health_score)}</b> <span class="muted">of 100</span></td><td class="bar-col"><span class="band-words" style=${{color}}>${text}</span></td></tr></tfoot>
    </table>
  </div>`;
}

function pointsBar(part, color) {
  const share = part.maxPoints > 0 ? Math.max(0, Math.min(1, part.points / part.maxPoints)) : 0;
  return html`<span class="points-bar" title=${`${formatScore(part.points)} of ${formatScore(part.maxPoints)} points (${formatPercent(share, {digits: 0})})`}><span style=${{width: `${share * 100}%`, background: color}}></span></span>`;
}
