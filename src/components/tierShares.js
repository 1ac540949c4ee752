// Accounts and ARR per tier as shares of the whole, in tier order (no Plot: tierMix.js draws them).
import {tiers as tierOrder} from "./palette.js";

/** Shares per tier in tier order: [{tier, accounts, arr, accountShare, arrShare}]; missing tiers count 0. */
export function tierShares(rows) {
  const byTier = new Map(rows.filter((r) => r.tier != null).map((r) => [r.tier, r]));
  const totalAccounts = rows.reduce((sum, r) => sum + (r.tier != null ? Number(r.accounts) : 0), 0);
  const totalArr = rows.reduce((sum, r) => sum + (r.tier != null ? Number(r.arr) : 0), 0);
  return tierOrder.map((tier) => {
    const accounts = Number(byTier.get(tier)?.accounts ?? 0);
    const arr = Number(byTier.get(tier)?.arr ?? 0);
    return {tier, accounts, arr, accountShare: totalAccounts ? accounts / totalAccounts : 0, arrShare: totalArr ? arr / totalArr : 0};
  });
}
