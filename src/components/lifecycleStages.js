// The post-sale lifecycle stages (accounts.lifecycle_stage, loaders/metrics/sql/snapshot/snap_lifecycle.sql)
// in the order an account moves through them (order and names from palette.js), with colours and a chart.
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {formatCount, formatMoney, formatPercent} from "../shared/format.js";
import {lifecycleLabel, lifecycleStages} from "./palette.js";

export {lifecycleLabel, lifecycleStages};

export const lifecycleColor = {
  prospect: "#dee2e6",
  handover: "#a5d8ff",
  onboarding: "#74c0fc",
  internal_rollout: "#4dabf7",
  stable_use: "#1c7ed6",
  renewal_window: "#f08c00",
  renewed: "#2b8a3e",
  expanded: "#5f3dc4",
  churned: "#adb5bd"
};

/** Every stage in order, with counts (0 for a stage nobody is in): rows [{lifecycle_stage, accounts, arr}]. */
export function stageCounts(rows) {
  const byStage = new Map(rows.map((r) => [r.lifecycle_stage, r]));
  // prospect and churned only when someone is there; every stage in between always, so an empty stage shows
  const known = lifecycleStages.filter((stage) => (stage !== "churned" && stage !== "prospect") || byStage.has(stage));
  const others = [...byStage.keys()].filter((stage) => !lifecycleStages.includes(stage));
  return [...known, ...others].map((stage) => ({
    lifecycle_stage: stage,
    label: lifecycleLabel[stage] ?? stage,
    accounts: Number(byStage.get(stage)?.accounts ?? 0),
    arr: Number(byStage.get(stage)?.arr ?? 0)
  }));
}

/** Accounts per stage as bars in lifecycle order, top to bottom, with ARR in the label and tooltip. */
export function stageChart(stages, {width}) {
  const total = stages.reduce((sum, s) => sum + s.accounts, 0);
  const max = Math.max(1, ...stages.map((s) => s.accounts));
  // room right of the longest bar for its words ("1,234  ·  $12.3M", ~0.6 em a character at 12 px)
  const plotWidth = Math.max(60, width - 112 - 12);
  const textWidth = Math.max(...stages.map((s) => `${formatCount(s.accounts)}  ·  ${formatMoney(s.arr)}`.length)) * 7.2 + 8;
  return chart({
    label: `Accounts per lifecycle stage: ${stages.map((s) => `${s.label} ${formatCount(s.accounts)}`).join(", ")}`,
    width,
    height: stages.length * 30 + 30,
    marginLeft: 112,
    marginRight: 12,
    x: {domain: [0, max * Math.max(1.2, plotWidth / Math.max(plotWidth * 0.35, plotWidth - textWidth))], axis: null},
    y: {domain: stages.map((s) => s.label), label: null, tickSize: 0, padding: 0.2},
    marks: [
      Plot.barX(stages, {
        y: "label",
        x: "accounts",
        fill: (s) => lifecycleColor[s.lifecycle_stage] ?? "#868e96",
        rx: 2,
        title: (s) => `${s.label}: ${formatCount(s.accounts)} accounts (${formatPercent(total ? s.accounts / total : 0)}), ${formatMoney(s.arr)} ARR`
      }),
      Plot.text(stages, {
        y: "label",
        x: "accounts",
        text: (s) => `${formatCount(s.accounts)}  ·  ${formatMoney(s.arr)}`,
        textAnchor: "start",
        dx: 6,
        fontSize: 12
      }),
      Plot.ruleX([0])
    ]
  });
}
