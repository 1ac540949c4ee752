// The backtest in words: the one place where a lift becomes "strong" or "noise", and a row of counts becomes
// "flags 31% of customers; 1 in 9 of them left within 90 days, 1.4× the base rate: weak".
// docs/metrics.md#in-words lists the same thresholds.
import {formatNumber, formatPercent} from "./format.js";

/** Verdicts by lift (precision / base rate), the first whose minimum the lift reaches. */
export const VERDICTS = [
  {minLift: 3, word: "strong", tone: "good"},
  {minLift: 2, word: "useful", tone: "good"},
  {minLift: 1.25, word: "weak", tone: "weak"},
  {minLift: -Infinity, word: "noise", tone: "bad"}
];

/** A signal that flagged fewer account-month-ends than this is "too few to tell". */
export const MIN_FLAGGED = 10;

/**
 * The verdict on one row of the backtest ({accounts, flagged, churned, lift}): {word, tone}.
 * tone: good | weak | bad | none (nothing to judge).
 */
export function verdict(row) {
  if (!row.accounts) return {word: "no customers", tone: "none"};
  if (!row.churned) return {word: "no churn to predict", tone: "none"};
  if (!row.flagged) return {word: "never fired", tone: "none"};
  if (row.flagged < MIN_FLAGGED) return {word: "too few to tell", tone: "none"};
  const {word, tone} = VERDICTS.find((v) => (row.lift ?? 0) >= v.minLift);
  return {word, tone};
}

/** Precision as a reader says it: "1 in 9", from 50% up "62%", "none" at 0, "–" when nobody was flagged. */
export function oneIn(precision) {
  if (precision == null || Number.isNaN(precision)) return "–";
  if (precision === 0) return "none";
  if (precision >= 0.5) return formatPercent(precision, {digits: 0});
  return `1 in ${Math.round(1 / precision)}`;
}

/** A lift: 1.4×. */
export function formatLift(lift) {
  return lift == null || Number.isNaN(lift) ? "–" : `${formatNumber(lift, {digits: 1})}×`;
}

/** A share in whole percent, unless that would say 0% or 100% of something that is neither: 31%, 0.4%, 99.5%. */
export function formatShare(ratio) {
  const roundsAway = ratio != null && ratio > 0 && ratio < 1 && (ratio < 0.005 || ratio >= 0.995);
  return formatPercent(ratio, {digits: roundsAway ? 1 : 0});
}
const share = formatShare;

/** One row of the backtest in a sentence, for horizon H days. */
export function signalSentence(row, {horizon}) {
  const {word} = verdict(row);
  if (!row.accounts) return "no customers at these month ends";
  if (!row.flagged) return `never fired: ${word === "never fired" ? "flags no customer" : word}`;
  const flags = `flags ${share(row.flagged / row.accounts)} of customers`;
  if (!row.churned) return `${flags}; no customer left within ${horizon} days: no churn to predict`;
  if (!row.flagged_churned) return `${flags}; none of them left within ${horizon} days: ${word}`;
  return `${flags}; ${oneIn(row.precision)} of them left within ${horizon} days, ${formatLift(row.lift)} the base rate: ${word}`;
}

/**
 * The bands' churn rates in words: do red accounts leave more than yellow ones, and yellow more than green?
 * rows: the backtest rows of band:red, band:yellow and band:green (precision = the band's churn rate).
 */
export function bandsSentence(rows, {horizon}) {
  const rate = (band) => rows.find((r) => r.signal === `band:${band}`)?.precision ?? null;
  const [red, yellow, green] = ["red", "yellow", "green"].map(rate);
  const base = rows.find((r) => r.base_rate != null)?.base_rate ?? null;
  const known = (band, value) => (value == null ? `no ${band} customer` : `${band} ${formatPercent(value)}`);
  const said = `Left within ${horizon} days: ${known("red", red)}, ${known("yellow", yellow)}, ${known("green", green)} (all customers ${formatPercent(base)}).`;
  if (red == null || yellow == null || green == null || base == null || !rows.some((r) => r.churned > 0)) return {text: said, inOrder: null};
  const inOrder = red > yellow && yellow > green;
  if (inOrder) return {text: `${said} Red churns more than yellow, and yellow more than green: the bands are in order.`, inOrder};
  const broken = red <= yellow ? "yellow churns as much as red or more" : "green churns as much as yellow or more";
  return {text: `${said} The bands are not in order: ${broken}.`, inOrder};
}
