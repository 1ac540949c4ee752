-- Grain: one row: the build.
-- Reads: stg_contracts, stg_measures, stg_modules_offered
-- Output: metric_settings.parquet
-- Purpose: the as-of date and every threshold, weight and rule the metrics of this build were computed with
--          (written as metric_settings.parquet), so a page can say "green at 70 or more" or rebuild a health
--          score from its components without reading pulse.config.ts.
-- Docs: docs/metrics.md#settings
SELECT
  {{as_of}} AS as_of,
  {{last_whole_week}} AS last_whole_week,
  CAST({{window_days}} AS INTEGER) AS window_days,
  CAST({{key_user_window_days}} AS INTEGER) AS key_user_window_days,
  CAST({{history_months}} AS INTEGER) AS history_months,
  CAST({{session_gap_minutes}} AS DOUBLE) AS session_gap_minutes,
  {{key_actions}} AS key_actions,
  {{key_roles}} AS key_roles,
  (SELECT list(module ORDER BY module) FROM stg_modules_offered) AS modules_offered,
  CAST({{high_frequency_visits}} AS DOUBLE) AS high_frequency_visits,
  CAST({{high_value_features}} AS DOUBLE) AS high_value_features,
  [CAST({{breadth_medium}} AS DOUBLE), CAST({{breadth_high}} AS DOUBLE)] AS grid_breadth_thresholds,
  [CAST({{depth_medium}} AS DOUBLE), CAST({{depth_high}} AS DOUBLE)] AS grid_depth_thresholds,
  {{depth_unit}} AS grid_depth_measure,
  -- the health score's components in order, with their labels and normalised weights (healthComponents.ts)
  {{health_components_list}} AS health_components,
  CAST({{activity_target_visits}} AS DOUBLE) AS health_activity_target_visits,
  CAST({{depth_target}} AS DOUBLE) AS health_depth_target,
  CAST({{key_users_target}} AS DOUBLE) AS health_key_users_target,
  CAST({{band_green}} AS DOUBLE) AS health_band_green,
  CAST({{band_yellow}} AS DOUBLE) AS health_band_yellow,
  CAST({{support_window_days}} AS INTEGER) AS support_window_days,
  CAST({{support_open_tickets_limit}} AS DOUBLE) AS support_open_tickets_limit,
  CAST({{support_escalations_limit}} AS DOUBLE) AS support_escalations_limit,
  [CAST({{satisfaction_lowest}} AS DOUBLE), CAST({{satisfaction_highest}} AS DOUBLE)] AS support_satisfaction_scale,
  (SELECT users_measured FROM stg_measures) AS users_measured,
  (SELECT key_users_measured FROM stg_measures) AS key_users_measured,
  (SELECT support_measured FROM stg_measures) AS support_measured,
  (SELECT churn_events_given FROM stg_measures) AS churn_events_given,
  CAST({{tier_top_share}} AS DOUBLE) AS tier_top_share,
  CAST({{tier_small_percentile}} AS DOUBLE) AS tier_small_percentile,
  CAST({{handover_days}} AS DOUBLE) AS lifecycle_handover_days,
  CAST({{onboarding_max_days}} AS DOUBLE) AS lifecycle_onboarding_max_days,
  CAST({{renewal_window_days}} AS DOUBLE) AS lifecycle_renewal_window_days,
  CAST({{renewed_days}} AS DOUBLE) AS lifecycle_renewed_days,
  CAST({{expansion_min_change}} AS DOUBLE) AS lifecycle_expansion_min_change,
  CAST({{period_months}} AS INTEGER) AS kpi_period_months,
  CAST({{gross_margin}} AS DOUBLE) AS gross_margin,
  CAST({{renewal_critical_rate}} AS DOUBLE) AS renewal_critical_rate,
  CAST({{healthy_ltv_to_cac}} AS DOUBLE) AS healthy_ltv_to_cac,
  CAST({{concentration_top_share}} AS DOUBLE) AS concentration_top_share,
  CAST({{renewal_match_days}} AS DOUBLE) AS renewal_match_days,
  (SELECT count(renewal_of) > 0 FROM stg_contracts) AS renewals_from_links,
  {{rules}} AS churn_rules,
  -- the backtest's horizons and what-if variants (docs/metrics.md#backtest)
  {{backtest_horizons}} AS backtest_horizons_days,
  {{whatif_variants}} AS backtest_whatif
