// The metric models, in build order, layered like a dbt project:
//   staging/  the staged exports and the usage rollups as the metrics read them (as-of filter); no model reads a
//             usage event: the events are read once, into the rollups (loaders/rollups/, docs/metrics.md#rollups)
//   facts/    per-contract, per-account-per-day/week/module and per-account-per-snapshot-date facts
//   snapshot/ one row per account per snapshot date, one model per metric family, then the site's tables
//   kpis/     rollups: funnel and business KPIs
// Each model is one SELECT in loaders/metrics/sql/<layer>/<name>.sql, with a header saying its grain, its purpose
// and where docs/metrics.md explains it. Models are materialised as tables, each computed once; the snapshot
// families are narrow (account, snapshot date, their own columns) and snap_account_state is the view that joins
// them into the columns the churn-watch rules and the site's accounts table read.
import {readFileSync} from "node:fs";

export type Layer = "staging" | "facts" | "snapshot" | "kpis";

export interface Model {
  name: string;
  layer: Layer;
  materialized: "table" | "view";
}

export const MODELS: Model[] = [
  {layer: "staging", name: "stg_contracts", materialized: "table"},
  {layer: "staging", name: "stg_measures", materialized: "table"},
  {layer: "staging", name: "stg_usage_visits", materialized: "view"},
  {layer: "staging", name: "stg_usage_features", materialized: "view"},
  {layer: "staging", name: "stg_modules_offered", materialized: "table"},
  {layer: "staging", name: "snapshot_dates", materialized: "table"},
  {layer: "staging", name: "snapshot_windows", materialized: "table"},
  {layer: "facts", name: "fct_billing_renewals", materialized: "table"},
  {layer: "facts", name: "fct_renewal_links", materialized: "table"},
  {layer: "facts", name: "fct_contract_terms", materialized: "table"},
  {layer: "facts", name: "fct_customer_spells", materialized: "table"},
  {layer: "facts", name: "fct_visits", materialized: "table"},
  {layer: "facts", name: "fct_user_daily", materialized: "table"},
  {layer: "facts", name: "fct_account_daily", materialized: "table"},
  {layer: "facts", name: "fct_account_weekly", materialized: "table"},
  {layer: "facts", name: "fct_module_weekly", materialized: "table"},
  {layer: "facts", name: "fct_feature_window", materialized: "table"},
  {layer: "facts", name: "fct_account_window", materialized: "table"},
  {layer: "snapshot", name: "snap_contract_state", materialized: "table"},
  {layer: "snapshot", name: "snap_activity", materialized: "table"},
  {layer: "snapshot", name: "snap_support", materialized: "table"},
  {layer: "snapshot", name: "snap_segments", materialized: "table"},
  {layer: "snapshot", name: "snap_health_grid", materialized: "table"},
  {layer: "snapshot", name: "snap_health_score", materialized: "table"},
  {layer: "snapshot", name: "snap_tiers", materialized: "table"},
  {layer: "snapshot", name: "snap_lifecycle", materialized: "table"},
  {layer: "snapshot", name: "snap_account_state", materialized: "view"},
  {layer: "snapshot", name: "snap_churn_watch", materialized: "table"},
  {layer: "facts", name: "fct_churns", materialized: "table"},
  {layer: "snapshot", name: "health_components", materialized: "table"},
  {layer: "snapshot", name: "health_explanation", materialized: "table"},
  {layer: "snapshot", name: "account_snapshot", materialized: "table"},
  {layer: "snapshot", name: "health_history", materialized: "table"},
  {layer: "snapshot", name: "key_users", materialized: "table"},
  {layer: "kpis", name: "funnel", materialized: "table"},
  {layer: "kpis", name: "kpi_renewal_rate", materialized: "table"},
  {layer: "kpis", name: "kpi_retention", materialized: "table"},
  {layer: "kpis", name: "kpis", materialized: "table"},
  {layer: "kpis", name: "metric_settings", materialized: "table"},
  // the backtest: did the churn watch, its rules and the health bands foresee the churn that happened (docs/metrics.md#backtest)
  {layer: "staging", name: "backtest_periods", materialized: "table"},
  {layer: "facts", name: "fct_backtest_churns", materialized: "table"},
  {layer: "snapshot", name: "snap_backtest_signals", materialized: "table"},
  {layer: "snapshot", name: "snap_backtest_whatif", materialized: "table"},
  {layer: "facts", name: "fct_backtest_accounts", materialized: "table"},
  {layer: "kpis", name: "churn_backtest", materialized: "table"},
  {layer: "kpis", name: "churn_backtest_whatif", materialized: "table"},
  {layer: "kpis", name: "churn_lead_times", materialized: "table"}
];

/** Output file name (without .parquet) → the model written to it. */
export const METRIC_OUTPUTS: Record<string, string> = {
  accounts: "account_snapshot",
  account_weekly: "fct_account_weekly",
  usage_daily: "fct_user_daily",
  module_usage: "fct_module_weekly",
  feature_usage: "fct_feature_window",
  key_users: "key_users",
  health_history: "health_history",
  funnel: "funnel",
  kpis: "kpis",
  renewals: "fct_contract_terms",
  health_components: "health_components",
  churns: "fct_churns",
  metric_settings: "metric_settings",
  churn_backtest: "churn_backtest",
  churn_backtest_whatif: "churn_backtest_whatif",
  churn_lead_times: "churn_lead_times",
  backtest_accounts: "fct_backtest_accounts"
};

export function modelSql(model: Model): string {
  return readFileSync(new URL(`./sql/${model.layer}/${model.name}.sql`, import.meta.url), "utf8");
}
