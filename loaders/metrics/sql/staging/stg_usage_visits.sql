-- Grain: one row per account × contract × user × visit × day × module with actions, per usage file, on or before
--        the as-of date (rollup_visits, docs/metrics.md#rollups; the same keys may come from two files of a folder
--        export, so every reader adds up or counts distinct values, never takes a row as unique).
-- Purpose: the usage the activity metrics that need visits or users read, as rolled up from the usage events in
--          their one pass (loaders/rollups/): the visit of the actions (its session, else derived from time gaps,
--          else the user's day for daily rows: docs/metrics.md#visits), their events (Σ count), key actions, page
--          views and duration. Days after the as-of date are left out here, so no metric can see them. A view: the
--          rollup is read where it is kept.
-- Docs: docs/metrics.md#activity
SELECT account_id, user_id, visit_key, day, module, events, key_actions, page_views, duration_s
FROM rollup_visits
WHERE day <= {{as_of}}
