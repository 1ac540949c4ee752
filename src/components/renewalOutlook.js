// Renewals coming up: ARR whose contract ends in the next 30, 60, 90 and 180 days, by health band,
// so an executive sees how much revenue is up for renewal soon and how healthy it is. ARR whose
// renewal date is unknown (an open-ended contract without a billing period) is a bucket of its own,
// "no renewal date": it is neither dropped nor counted as renewing soon.
import * as Plot from "@observablehq/plot";
import {formatMoney} from "./format.js";
import {bandLabel, bandScale, bands} from "./palette.js";

/** Renewal windows, in days: an account falls in the first window its days_to_renewal fits. */
export const renewalBuckets = [
  {label: "0–30 days", max: 30},
  {label: "31–60 days", max: 60},
  {label: "61–90 days", max: 90},
  {label: "91–180 days", max: 180}
];

/** The bucket of the ARR under contract whose renewal date is unknown (days_to_renewal NULL). */
export const NO_RENEWAL_DATE = "no renewal date";

/** The outlook's longest window, in days. */
export const OUTLOOK_DAYS = renewalBuckets.at(-1).max;

/**
 * The bucket for a current customer's days to renewal: its window (overdue counts as the first),
 * NO_RENEWAL_DATE when unknown (null), or null past the last window.
 */
export function renewalBucket(days) {
  if (days == null) return NO_RENEWAL_DATE;
  if (!Number.isFinite(Number(days))) return null;
  return renewalBuckets.find((bucket) => Number(days) <= bucket.max)?.label ?? null;
}

/** SQL CASE expression for the same buckets, over days_to_renewal. */
export function renewalBucketSql(column = "days_to_renewal") {
  const cases = renewalBuckets.map((bucket) => `WHEN ${column} <= ${bucket.max} THEN '${bucket.label}'`).join(" ");
  return `CASE WHEN ${column} IS NULL THEN '${NO_RENEWAL_DATE}' ${cases} END`;
}

/** SQL condition: the current customers the outlook counts (renewing within its longest window, or with no known renewal date). */
export function renewalOutlookSql(column = "days_to_renewal") {
  return `has_active_contract AND (${column} <= ${OUTLOOK_DAYS} OR ${column} IS NULL)`;
}

/** The buckets a chart shows for rows [{bucket}]: every window, and "no renewal date" when some ARR has none. */
export function outlookBuckets(rows) {
  const windows = renewalBuckets.map((b) => b.label);
  return rows.some((row) => row.bucket === NO_RENEWAL_DATE) ? [...windows, NO_RENEWAL_DATE] : windows;
}

/** Stacked bars: rows [{bucket, health_band, arr, accounts}]. */
export function renewalOutlook(rows, {width, height = 240}) {
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    x: {domain: outlookBuckets(rows), label: "contract renews in", padding: 0.3},
    y: {label: "ARR up for renewal", tickFormat: formatMoney, grid: true, ticks: 5},
    color: {...bandScale, legend: true, tickFormat: (band) => bandLabel[band] ?? band},
    marks: [
      Plot.barY(rows, {
        x: "bucket",
        y: "arr",
        z: "health_band",
        fill: {value: "health_band", scale: "color"},
        order: bands,
        title: (d) => `${d.bucket === NO_RENEWAL_DATE ? "open-ended, renewal date unknown" : d.bucket}, ${bandLabel[d.health_band] ?? d.health_band}\n${formatMoney(d.arr)} ARR, ${d.accounts} accounts`
      }),
      Plot.text(
        rows,
        Plot.groupX({y: "sum", text: (values) => formatMoney(values.reduce((sum, v) => sum + v, 0))}, {x: "bucket", y: "arr", text: "arr", dy: -8, fontSize: 12, fontWeight: 600})
      ),
      Plot.ruleY([0])
    ]
  });
}
