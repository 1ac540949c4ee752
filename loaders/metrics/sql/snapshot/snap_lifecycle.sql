-- Grain: one row per account per snapshot date.
-- Reads: fct_account_daily, fct_customer_spells, snap_activity, snap_contract_state
-- Purpose: the post-sale lifecycle stage on the date; the first rule that holds decides:
--            no contract in force, one signed that starts later   → handover
--            no contract in force, had one before                 → churned
--            no contract in force, never had one                  → prospect
--            days_since_signing < lifecycle.handoverDays (14)     → handover
--              (signing = signed_on of the customer spell: a renewal does not restart the clock)
--            no key action since signing and days_since_signing < lifecycle.onboardingMaxDays (60)
--                                                                 → onboarding
--            renewal signed, or renewed within lifecycle.renewedDays (30)
--                                                                 → expanded (renewal ARR higher) / renewed
--            days_to_renewal <= lifecycle.renewalWindowDays (90), for a term longer than that window
--                                                                 → renewal_window
--              (a term no longer than the window — a monthly or quarterly subscription — is always in it, so the
--               stage would say nothing: such accounts go on to the next rules)
--            active_users_window > active_users_prev_window             → internal_rollout (users still growing; not
--                                                                   measured without user ids, so never)
--            otherwise                                            → stable_use
-- Docs: docs/metrics.md#lifecycle
WITH first_key_action AS (
  SELECT sp.account_id, sp.spell_number, min(d.day) AS first_key_action_date
  FROM fct_customer_spells sp
  JOIN fct_account_daily d ON d.account_id = sp.account_id AND d.day >= sp.spell_signed_on AND d.key_actions > 0
  GROUP BY sp.account_id, sp.spell_number
),
staged AS (
  SELECT c.*, a.active_users_window, a.active_users_prev_window,
    CASE WHEN f.first_key_action_date <= c.snapshot_date THEN f.first_key_action_date END AS first_key_action_date
  FROM snap_contract_state c
  JOIN snap_activity a ON a.account_id = c.account_id AND a.snapshot_date = c.snapshot_date
  LEFT JOIN first_key_action f ON f.account_id = c.account_id AND f.spell_number = c.spell_number
)
SELECT
  account_id,
  snapshot_date,
  first_key_action_date,
  CASE
    WHEN NOT has_active_contract AND has_upcoming_contract THEN 'handover'
    WHEN NOT has_active_contract AND ever_contracted THEN 'churned'
    WHEN NOT has_active_contract THEN 'prospect'
    WHEN days_since_signing < {{handover_days}} THEN 'handover'
    WHEN first_key_action_date IS NULL AND days_since_signing < {{onboarding_max_days}} THEN 'onboarding'
    WHEN renewal_signed OR recently_renewed THEN CASE WHEN renewal_expanded THEN 'expanded' ELSE 'renewed' END
    WHEN days_to_renewal <= {{renewal_window_days}} AND renewal_term_days > {{renewal_window_days}} THEN 'renewal_window'
    WHEN active_users_window > active_users_prev_window THEN 'internal_rollout'
    ELSE 'stable_use'
  END AS lifecycle_stage
FROM staged
