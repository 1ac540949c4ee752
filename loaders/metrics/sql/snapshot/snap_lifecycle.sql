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
  SELECT spell.account_id, spell.spell_number, min(daily.day) AS first_key_action_date
  FROM fct_customer_spells spell
  JOIN fct_account_daily daily ON daily.account_id = spell.account_id AND daily.day >= spell.spell_signed_on AND daily.key_actions > 0
  GROUP BY spell.account_id, spell.spell_number
),
staged AS (
  SELECT contract.*, activity.active_users_window, activity.active_users_prev_window,
    CASE WHEN first_key_action.first_key_action_date <= contract.snapshot_date THEN first_key_action.first_key_action_date END AS first_key_action_date
  FROM snap_contract_state contract
  JOIN snap_activity activity ON activity.account_id = contract.account_id AND activity.snapshot_date = contract.snapshot_date
  LEFT JOIN first_key_action ON first_key_action.account_id = contract.account_id AND first_key_action.spell_number = contract.spell_number
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
