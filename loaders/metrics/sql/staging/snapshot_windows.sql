-- Grain: one row per snapshot date per day of the lookback before it (the longest window any metric uses:
--        max(2 × activity.windowDays, 14, activity.keyUserWindowDays) days, ending on the snapshot date).
-- Reads: snapshot_dates
-- Purpose: which days belong to which window of which snapshot date d, all inclusive of d:
--            in_window          d - windowDays < day <= d              (activity.windowDays, default 30)
--            in_prev_window     d - 2 × windowDays < day <= d - windowDays
--            in_last_7_days     d - 7 < day <= d
--            in_prev_7_days     d - 14 < day <= d - 7
--            in_key_user_window d - keyUserWindowDays < day <= d      (activity.keyUserWindowDays, default 14)
--          Facts join this table on the day, so every window is computed in one pass over a daily fact.
-- Docs: docs/metrics.md#activity
SELECT
  s.snapshot_date,
  s.snapshot_date - CAST(g.back AS INTEGER) AS day,
  g.back < {{window_days}} AS in_window,
  g.back >= {{window_days}} AND g.back < 2 * {{window_days}} AS in_prev_window,
  g.back < 7 AS in_last_7_days,
  g.back >= 7 AND g.back < 14 AS in_prev_7_days,
  g.back < {{key_user_window_days}} AS in_key_user_window
FROM snapshot_dates s
CROSS JOIN generate_series(0, {{lookback_days}} - 1) AS g(back)
ORDER BY s.snapshot_date, day
