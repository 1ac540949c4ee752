// The health score of one account, explained component by component: what was measured, how many
// points it gave out of how many, and the sum that makes the score. Everything shown is the build's
// (health_components.parquet: one row per component, with its points rounded so they add up to the
// score, and what was measured in words; loaders/metrics/healthComponents.ts defines them); nothing
// is recomputed here.
import {html} from "htl";
import {formatNumber, formatPercent, formatScore} from "../shared/format.js";
import {bandColor, bandTextColor} from "./palette.js";

/** The account's band in words, with the build's thresholds: "green (70 or more)". The band is the build's. */
export function bandSentence(band, settings) {
  const green = formatNumber(settings.health_band_green, {digits: 0});
  const yellow = formatNumber(settings.health_band_yellow, {digits: 0});
  const words = {green: `green (${green} or more)`, yellow: `yellow (${yellow} to under ${green})`, red: `red (under ${yellow})`};
  return words[band] ?? "no band";
}

/**
 * The explanation element. account: the accounts row (score, band); components: its rows of
 * health_components ({position, component, label, measured_for_account, points, max_points,
 * shown_points, weakest, measured}), in order.
 */
export function healthExplanation(account, components, settings) {
  const counted = components.filter((c) => c.measured_for_account);
  const color = bandColor[account.health_band];
  return html`<div class="health-explanation">
    <table class="score-parts">
      <thead><tr><th scope="col">Component</th><th scope="col">What was measured</th><th scope="col" class="num">Points</th><th scope="col" class="bar-col">of the most it can give</th></tr></thead>
      <tbody>${components.map((c) => html`<tr class=${c.measured_for_account ? (c.weakest ? "weakest" : "") : "not-counted"} data-component=${c.component}>
        <th scope="row">${c.label}${c.weakest ? html` <span class="weakest-tag" title="the component that lost the most points">weakest</span>` : ""}</th>
        <td>${c.measured}</td>
        <td class="num points">${c.measured_for_account ? html`<b>${formatScore(c.shown_points)}</b> <span class="muted">of ${formatScore(c.max_points)}</span>` : html`<span class="muted" title="not measured: its weight goes to the components that are">not measured</span>`}</td>
        <td class="bar-col">${c.measured_for_account ? pointsBar(c, color) : null}</td>
      </tr>`)}</tbody>
      <tfoot><tr><th scope="row">Health score</th><td class="score-sum">${counted.map((c, i) => html`${i ? " + " : ""}<span title=${c.label}>${formatScore(c.shown_points)}</span>`)} = <b class="score-total">${formatScore(account.health_score)}</b></td><td class="num"><b>${formatScore(account.health_score)}</b> <span class="muted">of 100</span></td><td class="bar-col"><span class="band-words" style=${{color: bandTextColor[account.health_band]}}>${bandSentence(account.health_band, settings)}</span></td></tr></tfoot>
    </table>
  </div>`;
}

function pointsBar(component, color) {
  const share = component.max_points > 0 ? Math.max(0, Math.min(1, component.points / component.max_points)) : 0;
  return html`<span class="points-bar" title=${`${formatScore(component.points)} of ${formatScore(component.max_points)} points (${formatPercent(share, {digits: 0})})`}><span style=${{width: `${share * 100}%`, background: color}}></span></span>`;
}
