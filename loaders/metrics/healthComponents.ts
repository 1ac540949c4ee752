// The health score's components, one entry each: what it measures (a value from 0 to 1 over the account's
// columns on a snapshot date, NULL when the data cannot measure it), its weight setting, its label, and what was
// measured in words. Everything else follows from this list: the score and its re-weighting over the components
// measured (snapshot/snap_health_score.sql), the explanation of every account's score (snapshot/
// health_components.sql, computed once and read by the pages), the settings table (kpis/metric_settings.sql) and
// the labels on the site. Adding a component is one entry here, its weight in loaders/config/schema.ts, and its test.
//
// (DuckDB's least() and greatest() skip NULLs: a value that may be NULL is tested first, so NULL stays "not measured".)
// An entry's SQL reads the columns of the health inputs (snap_health_score.sql's `inputs`: snap_activity,
// snap_health_grid, the account's seats, snap_support and stg_measures) and the metric parameters ({{name}}).
// docs/metrics.md#health-score describes each component in prose.
import type {PulseConfig} from "../config/schema.js";
import {sqlString} from "../db.js";
import {renderSql, sqlNumber, type SqlParams} from "./params.js";

export interface HealthComponent {
  /** the accounts table has health_<id> (0..1) and health_<id>_points */
  id: string;
  label: string;
  /** a short label, for a table's column header */
  short: string;
  /** its weight in health.weights */
  weight: keyof PulseConfig["health"]["weights"];
  /** SQL: the component's value, 0..1; NULL when it is not measured for the account (the score is then re-weighted) */
  value: string;
  /** SQL text expression: what was measured, in words; for a component not measured, why */
  measured: string;
}

const NO_USER_IDS = "'not measured: the usage export has no user ids'";

export const HEALTH_COMPONENTS: HealthComponent[] = [
  {
    id: "activity",
    label: "Activity",
    short: "Activity",
    weight: "activity",
    value: "least(visits_window / {{activity_target_visits}}, 1.0)",
    measured: "format('{:,} visits in the last {} days; full points at {}', visits_window, {{window_days}}, '{{activity_target_visits}}')"
  },
  {
    id: "breadth",
    label: "Breadth of adoption",
    short: "Breadth",
    weight: "breadth",
    value: "breadth",
    measured: "format('{:,} of {:,} modules used in the last {} days', modules_offered_used_window, modules_offered, {{window_days}})"
  },
  {
    id: "depth",
    label: "Depth of use",
    short: "Depth",
    weight: "depth",
    // depth is NULL when the usage has no user ids (per active user cannot be measured)
    value: "CASE WHEN depth IS NOT NULL THEN least(depth / {{depth_target}}, 1.0) END",
    measured: `CASE WHEN depth IS NULL THEN ${NO_USER_IDS}
      ELSE format('{:.1f} {} per active user; full points at {}', depth, {{depth_unit}}, '{{depth_target}}') END`
  },
  {
    id: "seats",
    label: "Seats in use",
    short: "Seats",
    weight: "seats",
    value: "CASE WHEN seats > 0 AND active_users_window IS NOT NULL THEN least(active_users_window / seats, 1.0) END",
    measured: `CASE WHEN active_users_window IS NULL THEN ${NO_USER_IDS}
      WHEN seats > 0 THEN format('{:,} of {:,} seats active in the last {} days', active_users_window, seats, {{window_days}})
      ELSE 'not counted: the number of seats is unknown, so the other weights count for more' END`
  },
  {
    id: "key_users",
    label: "Key-user activity",
    short: "Key users",
    weight: "keyUsers",
    value: "CASE WHEN key_users_active_window IS NOT NULL THEN least(key_users_active_window / {{key_users_target}}, 1.0) END",
    measured: `CASE WHEN key_users_active_window IS NOT NULL
        THEN format('{:,} key user{} (admin, executive or champion) active in the last {} days; full points at {}',
                    key_users_active_window, CASE WHEN key_users_active_window = 1 THEN '' ELSE 's' END, {{window_days}}, '{{key_users_target}}')
      WHEN active_users_window IS NULL THEN ${NO_USER_IDS}
      ELSE 'not measured: there is no users export, so no one is known as an admin, executive or champion' END`
  },
  {
    id: "trend",
    label: "Trend",
    short: "Trend",
    weight: "trend",
    // visits in the window against the window before: half points when flat, full at double, none at zero
    value: `CASE
      WHEN visits_prev_window > 0 THEN greatest(0.0, least(1.0, 0.5 + 0.5 * (visits_window - visits_prev_window) / visits_prev_window))
      WHEN visits_window > 0 THEN 1.0
      ELSE 0.0
    END`,
    measured: `CASE
      WHEN visits_prev_window > 0 THEN format('{:,} visits against {:,} in the {} days before ({}{}%); half points when flat',
        visits_window, visits_prev_window, {{window_days}},
        CASE WHEN visits_window > visits_prev_window THEN '+' WHEN visits_window < visits_prev_window THEN '−' ELSE '' END,
        abs(CAST(round(100.0 * (visits_window - visits_prev_window) / visits_prev_window) AS BIGINT)))
      WHEN visits_window > 0 THEN format('visits started: none in the {} days before', {{window_days}})
      ELSE format('no visits in the last {} days nor the {} days before', {{window_days}}, {{window_days}})
    END`
  },
  {
    id: "support",
    label: "Support",
    short: "Support",
    weight: "support",
    // the mean of the parts that can be measured: open tickets (1 with none, 0 at support.openTicketsLimit),
    // escalations in the support window (1 with none, 0 at support.escalationsLimit) and the average satisfaction
    // of the tickets rated in it, on the support.satisfactionScale (only when some were rated)
    value: `CASE WHEN support_open_tickets IS NOT NULL THEN
      ((1.0 - least(support_open_tickets / {{support_open_tickets_limit}}, 1.0))
       + (1.0 - least(support_escalations_window / {{support_escalations_limit}}, 1.0))
       + COALESCE((support_satisfaction_window - {{satisfaction_lowest}}) / ({{satisfaction_highest}} - {{satisfaction_lowest}}), 0.0))
      / CASE WHEN support_satisfaction_window IS NULL THEN 2 ELSE 3 END END`,
    measured: `CASE WHEN support_open_tickets IS NULL THEN 'not measured: there is no support tickets export'
      ELSE format('{:,} open ticket{}, {:,} escalated in the last {} days; {}', support_open_tickets,
        CASE WHEN support_open_tickets = 1 THEN '' ELSE 's' END, support_escalations_window, {{support_window_days}},
        CASE WHEN support_rated_window > 0
          THEN format('average satisfaction {:.1f} of {} ({:,} rating{})', support_satisfaction_window, '{{satisfaction_highest}}',
                      support_rated_window, CASE WHEN support_rated_window = 1 THEN '' ELSE 's' END)
          ELSE 'no satisfaction ratings' END) END`
  }
];

/** The weight of each component, normalised so the weights sum to 1 (12 significant digits, so 0.25 stays 0.25). */
export function normalisedWeights(weights: PulseConfig["health"]["weights"]): Record<string, number> {
  const total = HEALTH_COMPONENTS.reduce((sum, c) => sum + weights[c.weight], 0);
  return Object.fromEntries(HEALTH_COMPONENTS.map((c) => [c.id, Number((weights[c.weight] / total).toPrecision(12))]));
}

/**
 * The SQL the health models are rendered with, from the list above (each entry rendered with the metric parameters
 * first): the components' values, the weight total of the components measured, each one's points, the score's sum,
 * the points each lost, and the explanation's rows. Points use the weights as configured (a share of the weights of
 * the components measured, so only their ratios count); metric_settings also lists them normalised to sum to 1.
 */
export function healthComponentParams(config: PulseConfig, params: SqlParams): SqlParams {
  const shares = normalisedWeights(config.health.weights);
  const render = (sql: string, id: string) => renderSql(sql, params, `health component ${id}`);
  const w = (c: HealthComponent) => sqlNumber(config.health.weights[c.weight]);
  const column = (c: HealthComponent, suffix = "") => `health_${c.id}${suffix}`;
  return {
    health_component_values: HEALTH_COMPONENTS.map((c) => `(${render(c.value, c.id)}) AS ${column(c)}`).join(",\n    "),
    health_weight_total: `CAST(NULLIF(${HEALTH_COMPONENTS.map((c) => `CASE WHEN ${column(c)} IS NOT NULL THEN ${w(c)} ELSE 0 END`).join(" + ")}, 0) AS DOUBLE)`,
    health_component_points: HEALTH_COMPONENTS.map((c) => `100 * ${w(c)} * ${column(c)} / health_weight_total AS ${column(c, "_points")}`).join(",\n    "),
    health_points_sum: HEALTH_COMPONENTS.map((c) => `COALESCE(${column(c, "_points")}, 0)`).join(" + "),
    health_points_lost: `[${HEALTH_COMPONENTS.map((c) => `COALESCE(100 * ${w(c)} / health_weight_total - ${column(c, "_points")}, 0)`).join(",\n     ")}]`,
    health_component_ids: `[${HEALTH_COMPONENTS.map((c) => sqlString(c.id)).join(", ")}]`,
    health_component_columns: HEALTH_COMPONENTS.map((c) => `${column(c)}, ${column(c, "_points")}`).join(",\n  "),
    health_component_rows: HEALTH_COMPONENTS.map(
      (c, i) => `SELECT account_id, ${i + 1} AS position, ${sqlString(c.id)} AS component, ${sqlString(c.label)} AS label,
    CAST(${w(c)} AS DOUBLE) AS weight, ${column(c)} AS value, ${column(c, "_points")} AS points, health_weight_total,
    ${render(c.measured, c.id)} AS measured
  FROM snap_account_state WHERE is_as_of`
    ).join("\n  UNION ALL\n  "),
    health_components_list: `[${HEALTH_COMPONENTS.map(
      (c) => `{'id': ${sqlString(c.id)}, 'label': ${sqlString(c.label)}, 'short': ${sqlString(c.short)}, 'weight': CAST(${w(c)} AS DOUBLE), 'share': CAST(${shares[c.id]} AS DOUBLE)}`
    ).join(", ")}]`
  };
}
