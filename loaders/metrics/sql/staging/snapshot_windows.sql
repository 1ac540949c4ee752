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
  snapshot_dates.snapshot_date,
  snapshot_dates.snapshot_date - CAST(lookback.back AS INTEGER) AS day,
  lookback.back < {{window_days}} AS in_window,
  lookback.back >= {{window_days}} AND lookback.back < 2 * {{window_days}} AS in_prev_window,
  lookback.back < 7 AS in_last_7_days,
  lookback.back >= 7 AND lookback.back < 14 AS in_prev_7_days,
  lookback.back < {{key_user_window_days}} AS in_key_user_window
FROM snapshot_dates
CROSS JOIN generate_series(0, {{lookback_days}} - 1) AS lookback(back)
ORDER BY snapshot_dates.snapshot_date, day
