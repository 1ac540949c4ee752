-- Grain: one row per account × day × module × feature with actions, per usage file, on or before the as-of date
--        (rollup_features, docs/metrics.md#rollups; module or feature may be NULL; the same keys may come from two
--        files of a folder export, so every reader adds up or counts distinct values).
-- Purpose: what was used when: modules and features used over any window are the distinct values of this view in
--          the window; is_offered_module marks modules counted in adoption breadth (grid.modulesOffered, or every
--          module when that list is empty). Events and key actions are Σ count. A view over the rollup.
-- Docs: docs/metrics.md#activity
SELECT
  account_id,
  day,
  module,
  feature,
  CASE WHEN len({{modules_offered}}) = 0 THEN module IS NOT NULL
       ELSE COALESCE(list_contains({{modules_offered}}, module), false) END AS is_offered_module,
  events,
  key_actions
FROM rollup_features
WHERE day <= {{as_of}}
