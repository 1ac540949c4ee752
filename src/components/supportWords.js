// An account's support tickets in words: the health table's Support cell and the account page's
// Support card. The numbers are the accounts table's support columns, over the support window
// (metric_settings.support_window_days; docs/metrics.md#support), NULL without a support tickets
// export: then "not measured", never 0.
import {el} from "./dom.js";
import {formatCount, formatNumber} from "../shared/format.js";
import {notMeasuredCell, unmeasured} from "./measures.js";

const plural = (n, one, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * A table cell: open tickets now, with escalations and average satisfaction (★, when rated) in the
 * window under it (the title says it all in a sentence); "no tickets" for an account without any; "not measured"
 * (why) without the export.
 */
export function supportCell(row, {why, windowDays = 90, scale = [1, 5]} = {}) {
  if (why || row.support_tickets_window == null) return notMeasuredCell(why ?? unmeasured({support_measured: false}).support);
  const title = supportSentence(row, {windowDays, scale});
  if (!row.support_tickets_window && !row.support_open_tickets) return el("span", {class: "muted", title}, "no tickets");
  const escalated = row.support_escalations_window > 0;
  // satisfaction as ★ and the average (the title says it in words): the health table has many columns
  const satisfaction = row.support_satisfaction_window == null ? "" : ` · ★${formatNumber(row.support_satisfaction_window)}`;
  return [
    el("span", {title}, `${formatCount(row.support_open_tickets)} open`),
    el("div", {class: `sub ${escalated ? "down" : "muted"}`, title}, `${formatCount(row.support_escalations_window)} esc.${satisfaction}`)
  ];
}

/**
 * The support numbers in one sentence: "In the last 90 days: 3 tickets opened, 2 escalated; average
 * satisfaction 1.5 of 5 over 2 rated tickets. 1 ticket open now." settings: windowDays and scale
 * ([lowest, highest]) of the build.
 */
export function supportSentence(row, {windowDays = 90, scale = [1, 5]} = {}) {
  const opened = row.support_tickets_window ?? 0;
  const open = row.support_open_tickets ?? 0;
  if (!opened && !open) return `No ticket opened in the last ${windowDays} days, and none open.`;
  const rated = row.support_rated_window ?? 0;
  const satisfaction = row.support_satisfaction_window == null
    ? "none rated"
    : `average satisfaction ${formatNumber(row.support_satisfaction_window)} of ${formatNumber(scale[1], {digits: 0})} over ${plural(rated, "rated ticket")}`;
  const window = opened
    ? `In the last ${windowDays} days: ${plural(opened, "ticket")} opened, ${formatCount(row.support_escalations_window ?? 0)} escalated; ${satisfaction}.`
    : `No ticket opened in the last ${windowDays} days.`;
  return `${window} ${open ? `${plural(open, "ticket")} open now.` : "None open now."}`;
}
