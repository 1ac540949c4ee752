// The filter bar's "Support" filter: accounts by what their support tickets say, over the support
// window (metric_settings.support_window_days, default 90 days; docs/metrics.md#support). Each value
// is a condition in SQL over the accounts' support columns; several values keep the accounts that
// match any of them. Without a support tickets export the columns are NULL, no value matches, and the
// filter bar does not offer the filter (filter_options.json lists no value). No DOM here: the build
// imports this module too (loaders/site/browserTables.ts).
//
//   ?support=escalated,low_satisfaction

/** The values, in the order the filter bar offers them. */
export const supportFilterValues = ["escalated", "open_tickets", "low_satisfaction", "no_tickets"];

/** The default satisfaction scale, when a build does not say (support.satisfactionScale). */
const DEFAULT_SCALE = [1, 5];

/**
 * The highest average satisfaction that counts as low: the lowest quarter of the scale
 * (lowest + (highest − lowest) / 4): 2 on a 1–5 scale, 2.5 on 0–10.
 */
export function lowSatisfaction(scale = DEFAULT_SCALE) {
  const [lowest, highest] = scale ?? DEFAULT_SCALE;
  return lowest + (highest - lowest) / 4;
}

/**
 * The SQL condition of one value over the accounts columns (table: an alias to qualify them with, or
 * ""); scale: the build's satisfaction scale [lowest, highest]. A value Pulse does not know is FALSE:
 * it matches no account, like any filter value the data does not have.
 */
export function supportConditionSql(value, {scale = DEFAULT_SCALE, table = ""} = {}) {
  const c = (column) => `${table ? `${table}.` : ""}${column}`;
  switch (value) {
    case "escalated":
      return `${c("support_escalations_window")} > 0`;
    case "open_tickets":
      return `${c("support_open_tickets")} > 0`;
    case "low_satisfaction":
      return `${c("support_satisfaction_window")} <= ${Number(lowSatisfaction(scale))}`;
    case "no_tickets":
      return `(${c("support_tickets_window")} = 0 AND ${c("support_open_tickets")} = 0)`;
    default:
      return "FALSE";
  }
}

/** The SQL for several values: any of them; "TRUE" for none. */
export function supportFilterSql(values, options) {
  if (!values?.length) return "TRUE";
  const conditions = values.map((value) => supportConditionSql(value, options));
  return conditions.length === 1 ? conditions[0] : `(${conditions.join(" OR ")})`;
}

/**
 * A value in words for the filter bar and the filter summary ({windowDays, scale} from the build's
 * settings): "escalated ticket in 90 days", "low satisfaction (2 or less of 5)".
 */
export function supportFilterLabel(value, {windowDays = 90, scale = DEFAULT_SCALE} = {}) {
  const [, highest] = scale ?? DEFAULT_SCALE;
  const labels = {
    escalated: `escalated ticket in ${windowDays} days`,
    open_tickets: "open tickets",
    low_satisfaction: `low satisfaction (${lowSatisfaction(scale)} or less of ${highest})`,
    no_tickets: `no tickets in ${windowDays} days`
  };
  return labels[value] ?? value;
}
