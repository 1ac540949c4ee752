// The values the metric SQL is parameterised with, rendered as SQL literals from the typed config:
// numbers through sqlNumber (finite, plain numerals), dates through sqlDate, strings through sqlString, lists as
// typed list literals. A parameter is a value, never a piece of SQL: where a setting chooses between columns
// (grid.depthMeasure), the model has a CASE on the value.
// Every {{name}} in loaders/metrics/sql/**.sql is one key of the object metricParams returns.
import type {PulseConfig} from "../config/schema.js";
import {KEY_ROLES} from "../contract/exports.js";
import {sqlString} from "../db.js";

export type SqlParams = Record<string, string>;

/** A number as a SQL literal; refuses NaN and infinities so no setting can inject anything but a number. */
export function sqlNumber(value: number): string {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`not a finite number: ${String(value)}`);
  return String(value);
}

/** A date 'YYYY-MM-DD' as a SQL DATE literal. */
export function sqlDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`not a date (YYYY-MM-DD): ${value}`);
  return `DATE ${sqlString(value)}`;
}

/** A list of strings as a VARCHAR[] literal (typed, so an empty list is fine). */
export function sqlStringList(values: readonly string[]): string {
  return `[${values.map(sqlString).join(", ")}]::VARCHAR[]`;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The first day of the month history.months months before the as-of month: where the weekly history starts. */
export function historyStart(asOf: string, months: number): string {
  const [year, month] = asOf.split("-").map(Number);
  return day(new Date(Date.UTC(year, month - 1 - months, 1)));
}

/** The Monday of the last whole week (Monday to Sunday) that ended by the as-of date. */
export function lastWholeWeek(asOf: string): string {
  const next = new Date(`${asOf}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  // the Monday of the week holding the day after the as-of date (getUTCDay: Sunday 0), one week back
  next.setUTCDate(next.getUTCDate() - ((next.getUTCDay() + 6) % 7) - 7);
  return day(next);
}

export function metricParams(config: PulseConfig, asOf: string): SqlParams {
  const {activity, segments, grid, health, support, tiers, lifecycle, kpis, history} = config;
  const asOfSql = sqlDate(asOf);
  return {
    as_of: asOfSql,
    history_months: sqlNumber(history.months),
    history_start: sqlDate(historyStart(asOf, history.months)),
    // the weekly windows of module and feature adoption end with this week (also in metric_settings, for the
    // Modules page)
    last_whole_week: sqlDate(lastWholeWeek(asOf)),
    window_days: sqlNumber(activity.windowDays),
    key_user_window_days: sqlNumber(activity.keyUserWindowDays),
    lookback_days: sqlNumber(Math.max(2 * activity.windowDays, 14, activity.keyUserWindowDays)),
    session_gap_minutes: sqlNumber(activity.sessionGapMinutes),
    key_actions: sqlStringList(activity.keyActions),
    key_roles: sqlStringList(KEY_ROLES),
    modules_offered: sqlStringList(grid.modulesOffered),
    high_frequency_visits: sqlNumber(segments.highFrequencyVisits),
    high_value_features: sqlNumber(segments.highValueFeatures),
    breadth_medium: sqlNumber(grid.breadth[0]),
    breadth_high: sqlNumber(grid.breadth[1]),
    depth_medium: sqlNumber(grid.depth[0]),
    depth_high: sqlNumber(grid.depth[1]),
    // 'visits' or 'key_actions': snap_health_grid.sql picks the column with a CASE on it
    depth_measure: sqlString(grid.depthMeasure),
    depth_unit: sqlString(grid.depthMeasure === "key_actions" ? "key actions" : "visits"),
    activity_target_visits: sqlNumber(health.activityTargetVisits),
    depth_target: sqlNumber(health.depthTarget),
    key_users_target: sqlNumber(health.keyUsersTarget),
    band_green: sqlNumber(health.bands.green),
    band_yellow: sqlNumber(health.bands.yellow),
    support_window_days: sqlNumber(support.windowDays),
    support_open_tickets_limit: sqlNumber(support.openTicketsLimit),
    support_escalations_limit: sqlNumber(support.escalationsLimit),
    satisfaction_lowest: sqlNumber(support.satisfactionScale[0]),
    satisfaction_highest: sqlNumber(support.satisfactionScale[1]),
    tier_top_share: sqlNumber(tiers.topShare),
    tier_small_percentile: sqlNumber(tiers.smallPercentile),
    handover_days: sqlNumber(lifecycle.handoverDays),
    onboarding_max_days: sqlNumber(lifecycle.onboardingMaxDays),
    renewal_window_days: sqlNumber(lifecycle.renewalWindowDays),
    renewed_days: sqlNumber(lifecycle.renewedDays),
    expansion_min_change: sqlNumber(lifecycle.expansionMinChange),
    renewal_match_days: sqlNumber(kpis.renewalMatchDays),
    period_months: sqlNumber(kpis.periodMonths),
    gross_margin: sqlNumber(kpis.grossMargin),
    renewal_critical_rate: sqlNumber(kpis.renewalCriticalRate),
    healthy_ltv_to_cac: sqlNumber(kpis.healthyLtvToCac),
    concentration_top_share: sqlNumber(kpis.concentrationTopShare)
  };
}

/** Replaces every {{name}} in a model's SQL; a name with no parameter is a bug in the model, said loudly. */
export function renderSql(template: string, params: SqlParams, model: string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`metrics model ${model}: no parameter {{${name}}}`);
    return params[name];
  });
}
