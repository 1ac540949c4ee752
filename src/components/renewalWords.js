// Renewal dates and contract terms in words, the same on every page. A fixed-term contract renews on
// its end date; an open-ended one (a subscription running until cancelled) renews on its next billing
// date when it has a billing period, and has no known renewal date when it has none
// (docs/metrics.md#open-ended-contracts): the site then says "until cancelled" and "renewal date
// unknown", never a bare dash.
import {el} from "./dom.js";
import {formatDate, formatDays, formatDaysUntil} from "../shared/format.js";

export const UNKNOWN_RENEWAL = "renewal date unknown";
export const UNTIL_CANCELLED = "until cancelled";

/**
 * An account's renewal in words: {known, date (the renewal date's text, or the words that replace
 * it), note (the days to it, and "auto-renews" for an open-ended contract; or why there is no date)}.
 * row: the accounts columns has_active_contract (optional), contract_end, days_to_renewal, open_ended.
 */
export function renewalWords(row) {
  if (row.has_active_contract === false) return {known: false, date: "–", note: "no contract in force"};
  if (row.contract_end == null) {
    return row.open_ended
      ? {known: false, date: UNTIL_CANCELLED, note: `${UNKNOWN_RENEWAL}: open-ended, no billing period`}
      : {known: false, date: "–", note: "no contract in force"};
  }
  const days = formatDaysUntil(row.days_to_renewal);
  return {known: true, date: formatDate(row.contract_end), note: row.open_ended ? `${days} · auto-renews` : days};
}

/** The days to an account's renewal as a table's value: "45 days", "3 days overdue", or the words for none. */
export function renewalDaysText(row) {
  if (row.days_to_renewal != null) return formatDays(row.days_to_renewal) + (row.open_ended ? " · auto-renews" : "");
  return renewalWords(row).known ? "–" : row.open_ended ? UNKNOWN_RENEWAL : "no contract in force";
}

/**
 * A table cell: the renewal date with the days to it under it, an open-ended contract's marked ↻
 * (auto-renews, in its title: a table has no room for the words); "until cancelled" with "renewal
 * date unknown" for an open-ended contract without a billing period. soon: days at or under which
 * the days are marked (the renewal window), or null.
 */
export function renewalCell(row, {soon = null} = {}) {
  const words = renewalWords(row);
  const urgent = words.known && soon != null && row.days_to_renewal <= soon;
  if (!words.known) return [el("span", {class: "muted", title: words.note}, words.date), el("div", {class: "sub muted"}, row.open_ended ? UNKNOWN_RENEWAL : words.note)];
  const title = row.open_ended ? "an open-ended contract: it auto-renews on this billing date unless cancelled" : "the contract's end date";
  return [
    el("span", {title}, words.date, row.open_ended ? el("span", {class: "auto-renews", "aria-label": "auto-renews"}, " ↻") : null),
    el("div", {class: `sub ${urgent ? "down" : "muted"}`, title}, formatDaysUntil(row.days_to_renewal))
  ];
}

/** A billing period in months, in words: 1 → "monthly", 12 → "annual", 2 → "every 2 months"; null → null. */
export function billingPeriodWords(months) {
  if (months == null) return null;
  const named = {1: "monthly", 3: "quarterly", 6: "semiannual", 12: "annual"};
  return named[months] ?? `every ${months} months`;
}

/**
 * A contract's term for its history: "2025-01-01 → 2025-12-31", and for an open-ended contract
 * "2026-01-15 → until cancelled (monthly)" (or "(no billing period)"). contract: {start_date,
 * end_date, billing_period_months}.
 */
export function contractTermWords(contract) {
  const start = formatDate(contract.start_date);
  if (contract.end_date != null) return `${start} → ${formatDate(contract.end_date)}`;
  return `${start} → ${UNTIL_CANCELLED} (${billingPeriodWords(contract.billing_period_months) ?? "no billing period"})`;
}

/** What happened at a contract's end, in words (renewals.renewal_outcome); an open-ended contract still in force is running. */
export function renewalOutcomeWords(contract) {
  const words = {renewed: "renewed", expanded: "renewed, expanded", contracted: "renewed, contracted", not_renewed: "not renewed", open: "running"};
  const text = words[contract.renewal_outcome] ?? contract.renewal_outcome ?? "–";
  if (contract.renewal_outcome !== "open" || contract.end_date != null) return text;
  const period = billingPeriodWords(contract.billing_period_months);
  return period ? `${text}, renews ${period}` : `${text}, ${UNKNOWN_RENEWAL}`;
}
