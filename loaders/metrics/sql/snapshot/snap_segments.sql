-- Grain: one row per account per snapshot date.
-- Reads: snap_activity
-- Purpose: the frequency × value segment (2×2). High frequency = visits_window >= segments.highFrequencyVisits
--          (default 5); high value = features_window >= segments.highValueFeatures (default 10). Each segment has
--          its playbook line from practice.
-- Docs: docs/metrics.md#segments
SELECT
  account_id,
  snapshot_date,
  visits_window >= {{high_frequency_visits}} AS high_frequency,
  features_window >= {{high_value_features}} AS high_value,
  CASE
    WHEN visits_window >= {{high_frequency_visits}} AND features_window >= {{high_value_features}} THEN 'high_freq_high_value'
    WHEN visits_window >= {{high_frequency_visits}} THEN 'high_freq_low_value'
    WHEN features_window >= {{high_value_features}} THEN 'low_freq_high_value'
    ELSE 'low_freq_low_value'
  END AS segment,
  CASE
    WHEN visits_window >= {{high_frequency_visits}} AND features_window >= {{high_value_features}}
      THEN 'Core account: serve deeply, study how they succeed'
    WHEN visits_window >= {{high_frequency_visits}}
      THEN 'Long tail: let it grow, but watch for mass churn and step in fast'
    WHEN features_window >= {{high_value_features}}
      THEN 'Cross-sell and nurture: build loyalty, turn into a core account'
    ELSE 'Automated service only'
  END AS segment_playbook
FROM snap_activity
