// Headline numbers: one card per KPI, its value, its change against the previous month and, when a
// threshold applies, whether it is on the right side of it. Takes plain values (from kpis.json, so
// the cards render before the in-browser database is ready) and returns an element.
import {html} from "htl";
import {formatPercent} from "../shared/format.js";

const MINUS = "−";

/**
 * The change of a KPI against the previous period and whether it is good news.
 * goodWhen: "up" (ARR, NRR), "down" (churn, ARR at risk) or null (no judgement).
 * Returns {delta: current − previous or null when either is missing, tone: "good" | "bad" | "flat" | "none"}.
 * @param {number | null | undefined} current
 * @param {number | null | undefined} previous
 * @param {"up" | "down" | null} [goodWhen]
 */
export function kpiChange(current, previous, goodWhen = "up") {
  if (!isNumber(current) || !isNumber(previous)) return {delta: null, tone: "none"};
  const delta = current - previous;
  if (Math.abs(delta) < 1e-12) return {delta: 0, tone: "flat"};
  if (goodWhen == null) return {delta, tone: "none"};
  return {delta, tone: (delta > 0) === (goodWhen === "up") ? "good" : "bad"};
}

/** A change of a rate in percentage points: 0.021 → +2.1 pts, −0.005 → −0.5 pts. */
export function formatPoints(delta, {digits = 1} = {}) {
  if (!isNumber(delta)) return "–";
  const points = Math.abs(delta * 100).toFixed(digits);
  if (Number(points) === 0) return `${points} pts`;
  return `${delta > 0 ? "+" : MINUS}${points} pts`;
}

/** A day for "vs Oct 31": the month and day of a date (UTC). */
export function shortDate(date) {
  if (date == null) return "–";
  const d = date instanceof Date ? date : new Date(`${String(date).slice(0, 10)}T00:00:00Z`);
  return d.toLocaleDateString("en-US", {month: "short", day: "numeric", timeZone: "UTC"});
}

/** A relative change: 0.034 → +3.4%. */
export function formatRelative(delta, previous) {
  if (!isNumber(delta) || !isNumber(previous) || previous === 0) return "–";
  const ratio = delta / Math.abs(previous);
  return `${ratio > 0 ? "+" : ratio < 0 ? MINUS : ""}${formatPercent(Math.abs(ratio))}`;
}

/**
 * One KPI card.
 * @param {{id?: string, label: string, value: unknown, text?: string, format: (v: unknown) => string,
 *   previous?: number | null, previousLabel?: string, change?: "points" | "relative" | ((delta: number) => string),
 *   goodWhen?: "up" | "down" | null, status?: {tone: "good" | "bad", text: string} | null, note?: unknown}} options
 * text replaces the formatted value (e.g. "no finite lifetime"); status is a badge against a threshold.
 */
export function kpiCard({id, ...options}) {
  return html`<div class="card kpi-card" id=${id}>${kpiCardParts(options)}</div>`;
}

/**
 * What a KPI card holds (its label, value, change, status and note), without the card: for a page that
 * draws the cards' frames in its HTML, so that they keep their place while the numbers load.
 * @param {Omit<Parameters<typeof kpiCard>[0], "id">} options
 */
export function kpiCardParts({label, value, text, format, previous, previousLabel = "last month", change = "relative", goodWhen = "up", status, note}) {
  const {delta, tone} = kpiChange(value, previous, goodWhen);
  const deltaText =
    delta == null ? null : change === "points" ? formatPoints(delta) : change === "relative" ? formatRelative(delta, previous) : change(delta);
  const shown = text ?? format(value);
  // a long value ("11.1 years") or words ("CAC not known") in a smaller font, so a narrow card shows it whole
  const size = text != null ? " kpi-text" : String(shown).length > 8 ? " kpi-long" : "";
  return html`<h2 class="kpi-label">${label}</h2>
    <div class=${`kpi-value big${size}`}>${shown}</div>
    <div class="kpi-foot">
      ${deltaText == null ? html`<span class="kpi-change kpi-none">no value ${previousLabel}</span>`
        : html`<span class="kpi-change kpi-${/[1-9]/.test(deltaText) ? tone : "flat"}" title=${`${previousLabel}: ${format(previous)}`}>${/[1-9]/.test(deltaText) ? arrow(delta) : "■"} ${deltaText}</span> <span class="muted">vs ${previousLabel}</span>`}
      ${status ? html`<span class="kpi-status kpi-status-${status.tone}">${status.text}</span>` : ""}
    </div>
    ${note ? html`<div class="kpi-note muted">${note}</div>` : ""}`;
}

function arrow(delta) {
  return delta > 0 ? "▲" : delta < 0 ? "▼" : "■";
}

function isNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}
