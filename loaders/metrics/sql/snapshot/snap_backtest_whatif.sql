-- Grain: one row per account per month end of the history (not the as-of date) on which it had a contract in force.
-- Purpose: the what-if variants (metric_settings.backtest_whatif) on that month end, as two lists of variant numbers
--          (ascending):
--            whatif_signal        the variants whose own signal fired: a rule-threshold variant's rule with its number
--                                 replaced (rule:<id>); a red-band variant's band rule with its cutoff (band:red: the
--                                 score below the cutoff, as snap_health_score.sql draws the bands)
--            whatif_watch_changed the variants under which the account's place on the churn watch differs from the
--                                 configured watch (churn_watch): it would join, or leave. The watch under a rule
--                                 variant is that rule so changed or any other rule as configured; under a red-band
--                                 variant every rule evaluated with the bands so drawn (it moves health_red). On the
--                                 watch under variant v = churn_watch <> list_contains(whatif_watch_changed, v): most
--                                 variants change nobody's place, so the list is short.
-- Docs: docs/metrics.md#what-if-thresholds
WITH month_ends AS (
  SELECT s.*, w.churn_reasons, w.churn_watch
  FROM snap_account_state s
  JOIN snap_churn_watch w ON w.account_id = s.account_id AND w.snapshot_date = s.snapshot_date
  WHERE s.has_active_contract AND NOT s.is_as_of
),
rule_variants AS (
  -- one true/false per rule-threshold variant, with the rule it changes
  SELECT account_id, snapshot_date, churn_reasons, churn_watch, {{whatif_rule_hits}} AS hits
  FROM month_ends
),
rule_flags AS (
  SELECT account_id, snapshot_date,
    list_filter({{whatif_rule_variants}}, (v, i) -> hits[i]) AS signal_variants,
    -- on the watch under the variant: its rule fires, or another rule did (more reasons than this rule alone)
    list_filter({{whatif_rule_variants}},
      (v, i) -> (hits[i] OR len(churn_reasons) > CAST(list_contains(churn_reasons, ({{whatif_rule_ids}})[i]) AS INTEGER)) <> churn_watch
    ) AS changed_variants
  FROM rule_variants
),
banded AS (
  -- each month end once per red-band cutoff, its health_band drawn again with that cutoff
  SELECT * REPLACE (
    CASE WHEN health_score >= {{band_green}} THEN 'green' WHEN health_score >= whatif_red_cutoff THEN 'yellow' ELSE 'red' END AS health_band)
  FROM month_ends
  CROSS JOIN (SELECT unnest({{whatif_red_variants}}) AS whatif_variant, unnest({{whatif_red_cutoffs}}) AS whatif_red_cutoff) AS cutoffs
),
red_hits AS (
  SELECT account_id, snapshot_date, whatif_variant, churn_watch,
    health_band = 'red' AS band_red,
    COALESCE(list_bool_or({{rule_hits}}), false) AS watch
  FROM banded
),
red_flags AS (
  SELECT account_id, snapshot_date,
    list(whatif_variant ORDER BY whatif_variant) FILTER (band_red) AS signal_variants,
    list(whatif_variant ORDER BY whatif_variant) FILTER (watch <> churn_watch) AS changed_variants
  FROM red_hits
  GROUP BY account_id, snapshot_date
)
SELECT
  r.account_id,
  r.snapshot_date AS period_end,
  list_concat(r.signal_variants, COALESCE(b.signal_variants, []::INTEGER[])) AS whatif_signal,
  list_concat(r.changed_variants, COALESCE(b.changed_variants, []::INTEGER[])) AS whatif_watch_changed
FROM rule_flags r
LEFT JOIN red_flags b ON b.account_id = r.account_id AND b.snapshot_date = r.snapshot_date
ORDER BY period_end, account_id
