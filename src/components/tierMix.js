// Tier mix: how accounts and ARR split across tiers S / A / B / C, as two 100% bars one above the
// other, so "15% of accounts, 72% of ARR" reads at a glance. tiers: [{tier, accounts, arr}].
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {formatCount, formatMoney, formatPercent} from "../shared/format.js";
import {tierLabel, tierScale, tiers as tierOrder} from "./palette.js";
import {tierShares} from "./tierShares.js";

export {tierShares};

export function tierMix(rows, {width, height = 130}) {
  const shares = tierShares(rows);
  const data = shares.flatMap((d) => [
    {...d, measure: "ARR", share: d.arrShare, label: formatMoney(d.arr)},
    {...d, measure: "Accounts", share: d.accountShare, label: formatCount(d.accounts)}
  ]);
  return chart({
    label: `Tier mix: ${shares.map((t) => `tier ${t.tier} ${formatPercent(t.accountShare, {digits: 0})} of accounts, ${formatPercent(t.arrShare, {digits: 0})} of ARR`).join("; ")}`,
    width,
    height,
    marginLeft: 72,
    marginBottom: 24,
    x: {domain: [0, 1], tickFormat: (v) => formatPercent(v, {digits: 0}), label: null, ticks: 5},
    y: {domain: ["ARR", "Accounts"], label: null, tickSize: 0, padding: 0.25},
    color: {...tierScale, legend: true, tickFormat: (tier) => tierLabel[tier] ?? tier},
    marks: [
      Plot.barX(data, Plot.stackX({
        y: "measure",
        x: "share",
        fill: "tier",
        order: tierOrder,
        inset: 0.5,
        title: (d) => `${tierLabel[d.tier]}\n${d.measure}: ${d.label} (${formatPercent(d.share)})`
      })),
      Plot.text(data, Plot.stackX({
        y: "measure",
        x: "share",
        order: tierOrder,
        // only where the segment is wide enough for "S 15%" (~44 px)
        text: (d) => (d.share * (width - 72 - 20) >= 48 ? `${d.tier} ${formatPercent(d.share, {digits: 0})}` : ""),
        fill: (d) => (d.tier === "B" || d.tier === "C" ? "#212529" : "white"),
        fontWeight: 600
      }))
    ]
  });
}
