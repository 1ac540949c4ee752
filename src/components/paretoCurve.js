// ARR concentration: the Pareto curve of accounts sorted by ARR, largest first, and the share of ARR
// the top 20% of accounts hold. topShare counts ceil(20% × accounts) accounts, as the kpis table's
// top_accounts_arr_share does (loaders/metrics/sql/kpis/kpis.sql), so with no filter both agree.
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {formatCount, formatMoney, formatPercent} from "../shared/format.js";
import {tierColor} from "./palette.js";

/** ARR values of paying accounts (ARR > 0), largest first. */
function paying(values) {
  return values.map(Number).filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => b - a);
}

/** The number of accounts in the top `share` of n accounts: ceil(share × n), as in the kpis table. */
export function topCount(n, share) {
  return Math.ceil(Math.round(share * n * 1e9) / 1e9);
}

/** The share of ARR held by the top `share` of paying accounts, or null without ARR. */
export function topShare(values, share = 0.2) {
  const sorted = paying(values);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  if (!total) return null;
  const k = topCount(sorted.length, share);
  return sorted.slice(0, k).reduce((sum, v) => sum + v, 0) / total;
}

/** Points of the curve from (0, 0) to (1, 1): x = share of accounts, y = share of ARR they hold. */
export function paretoPoints(values) {
  const sorted = paying(values);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  const points = [{accounts: 0, accountShare: 0, arrShare: 0}];
  let cumulative = 0;
  sorted.forEach((value, i) => {
    cumulative += value;
    points.push({accounts: i + 1, accountShare: (i + 1) / sorted.length, arrShare: total ? cumulative / total : 0});
  });
  return points;
}

/** The curve, the line of an even spread, and the top-`share` point marked. */
export function paretoCurve(values, {width, height = 300, share = 0.2}) {
  const points = paretoPoints(values);
  const n = points.length - 1;
  const top = topShare(values, share);
  const k = topCount(n, share);
  const marker = top == null ? [] : [{accountShare: k / n, arrShare: top}];
  const narrow = width < 520;
  return chart({
    label: top == null ? "ARR concentration: no paying account" : `ARR concentration: the top ${formatPercent(share, {digits: 0})} of accounts (${formatCount(k)}) hold ${formatPercent(top)} of ARR`,
    width,
    height,
    marginLeft: 48,
    marginBottom: 40,
    x: {domain: [0, 1], tickFormat: (v) => formatPercent(v, {digits: 0}), label: narrow ? "accounts, largest ARR first →" : "share of accounts, largest ARR first →", grid: true, ticks: narrow ? 5 : 10},
    y: {domain: [0, 1], tickFormat: (v) => formatPercent(v, {digits: 0}), label: "↑ cumulative share of ARR", grid: true, ticks: narrow ? 5 : 10},
    marks: [
      Plot.line([[0, 0], [1, 1]], {stroke: "#adb5bd", strokeDasharray: "4 4"}),
      // low on the diagonal, away from the top share's words (which sit near the top of the curve)
      Plot.text([[0.4, 0.4]], {text: () => "even spread", rotate: -Math.atan(height / width) * (180 / Math.PI) * 0.9, dy: -8, fill: "#868e96", fontSize: 11}),
      Plot.areaY(points, {x: "accountShare", y: "arrShare", fill: tierColor.S, fillOpacity: 0.08}),
      Plot.line(points, {x: "accountShare", y: "arrShare", stroke: tierColor.S, strokeWidth: 2}),
      Plot.ruleX(marker, {x: "accountShare", y1: 0, y2: "arrShare", stroke: "#495057", strokeDasharray: "3 3"}),
      Plot.ruleY(marker, {y: "arrShare", x1: 0, x2: "accountShare", stroke: "#495057", strokeDasharray: "3 3"}),
      Plot.dot(marker, {x: "accountShare", y: "arrShare", r: 5, fill: tierColor.S, stroke: "white", strokeWidth: 1.5}),
      Plot.text(marker, {
        x: "accountShare",
        y: "arrShare",
        text: (d) => `top ${formatPercent(share, {digits: 0})} of accounts (${formatCount(k)})${narrow ? "\n" : " "}hold ${formatPercent(d.arrShare)} of ARR`,
        textAnchor: "start",
        dx: 10,
        dy: 14,
        fontWeight: 600,
        fontSize: 12
      }),
      Plot.tip(points, Plot.pointerX({
        x: "accountShare",
        y: "arrShare",
        title: (d) => `top ${d.accounts} accounts (${formatPercent(d.accountShare)})\nhold ${formatPercent(d.arrShare)} of ARR`
      }))
    ],
    caption: n ? `${formatCount(n)} paying accounts, ${formatMoney(points.length ? paying(values).reduce((s, v) => s + v, 0) : 0)} ARR` : undefined
  });
}
