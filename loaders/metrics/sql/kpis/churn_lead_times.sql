-- Grain: one row per churn (fct_backtest_churns) × horizon at which it counts: churned within the horizon of at
--        least one scored month end.
-- Purpose: how early the churn watch saw it coming (written as churn_lead_times.parquet). month_ends: the scored
--          month ends m with m <= churn_date < m + H (the account in the population); month_ends_flagged: those on
--          which it was on the watch. flagged: at least one; lead_days = churn_date - first_flagged_on, the days
--          from the first such month end to the churn (NULL for a churn the watch missed). signals_seen: every
--          signal it had on those month ends (a missed churn had no rule: its bands); lowest_health_score; and
--          whatif_caught_by: the what-if variants under which the watch was on at one of them (on a month end on the
--          watch, every variant but those it would leave under; off it, those it would join under).
-- Docs: docs/metrics.md#backtest
WITH counted AS (
  SELECT a.*, p.horizon_days
  FROM backtest_periods p
  JOIN fct_backtest_accounts a ON a.period_end = p.period_end
  WHERE p.scored AND a.days_to_churn < p.horizon_days
),
per_churn AS (
  SELECT account_id, churn_date, horizon_days,
    any_value(name) AS name,
    any_value(churn_arr) AS arr_lost,
    any_value(churn_reason) AS reason,
    count(*) AS month_ends,
    min(period_end) AS first_counted_on,
    count(*) FILTER (list_contains(signals, 'watch')) AS month_ends_flagged,
    min(period_end) FILTER (list_contains(signals, 'watch')) AS first_flagged_on,
    flatten(list(signals)) AS all_signals,
    min(health_score) AS lowest_health_score,
    list_sort(list_distinct(flatten(list(
      CASE WHEN list_contains(signals, 'watch') THEN list_filter({{whatif_all_variants}}, v -> NOT list_contains(whatif_watch_changed, v))
           ELSE whatif_watch_changed END)))) AS whatif_caught_by
  FROM counted
  GROUP BY account_id, churn_date, horizon_days
)
SELECT
  account_id,
  name,
  churn_date,
  CAST(date_trunc('month', churn_date) AS DATE) AS churn_month,
  horizon_days,
  arr_lost,
  reason,
  CAST(month_ends AS INTEGER) AS month_ends,
  first_counted_on,
  CAST(month_ends_flagged AS INTEGER) AS month_ends_flagged,
  first_flagged_on,
  first_flagged_on IS NOT NULL AS flagged,
  churn_date - first_flagged_on AS lead_days,
  list_filter({{backtest_signals}}, s -> list_contains(all_signals, s)) AS signals_seen,
  lowest_health_score,
  whatif_caught_by
FROM per_churn
ORDER BY horizon_days, churn_date, account_id
