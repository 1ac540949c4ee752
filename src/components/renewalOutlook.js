// Renewals coming up: ARR whose contract ends in the windows of src/shared/renewalBuckets.js, by health band,
// so an executive sees how much revenue is up for renewal soon and how healthy it is. ARR whose
// renewal date is unknown (an open-ended contract without a billing period) is a bucket of its own,
// "no renewal date": it is neither dropped nor counted as renewing soon.
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {formatCount, formatMoney} from "../shared/format.js";
import {bandLabel, bandScale, bands} from "./palette.js";
import {NO_RENEWAL_DATE, OUTLOOK_DAYS, outlookBuckets, renewalBuckets} from "../shared/renewalBuckets.js";

// the windows and their SQL in renewalBuckets.js (no Plot: the overview asks its query before loading its charts)
export {NO_RENEWAL_DATE, OUTLOOK_DAYS, outlookBuckets, renewalBucket, renewalBuckets, renewalBucketSql, renewalOutlookSql} from "../shared/renewalBuckets.js";

/** Stacked bars: rows [{bucket, health_band, arr, accounts}]. */
export function renewalOutlook(rows, {width, height = 240}) {
  // "91–180 days" is ~65 px wide: on a narrow chart the buckets say their days in short, the axis says "days"
  const narrow = (width - 56) / renewalBuckets.length < 85;
  const total = (bucket) => rows.filter((r) => r.bucket === bucket.label).reduce((sum, r) => sum + r.arr, 0);
  return chart({
    label: `ARR whose contract ends within ${OUTLOOK_DAYS} days: ${renewalBuckets.map((b) => `${b.label} ${formatMoney(total(b))}`).join(", ")}`,
    width,
    height,
    marginLeft: 56,
    x: {domain: outlookBuckets(rows), label: narrow ? "contract renews in … days" : "contract renews in",
      tickFormat: narrow ? (label) => (label === NO_RENEWAL_DATE ? "unknown" : renewalBuckets.find((b) => b.label === label)?.short ?? label) : undefined, padding: 0.3},
    y: {label: "ARR up for renewal", tickFormat: formatMoney, grid: true, ticks: 5},
    color: {...bandScale, legend: true, tickFormat: (band) => bandLabel[band] ?? band},
    marks: [
      Plot.barY(rows, {
        x: "bucket",
        y: "arr",
        z: "health_band",
        fill: {value: "health_band", scale: "color"},
        order: bands,
        title: (d) => `${d.bucket === NO_RENEWAL_DATE ? "open-ended, renewal date unknown" : d.bucket}, ${bandLabel[d.health_band] ?? d.health_band}\n${formatMoney(d.arr)} ARR, ${formatCount(d.accounts)} accounts`
      }),
      Plot.text(
        rows,
        Plot.groupX({y: "sum", text: (values) => formatMoney(values.reduce((sum, v) => sum + v, 0))}, {x: "bucket", y: "arr", text: "arr", dy: -8, fontSize: narrow ? 11 : 12, fontWeight: 600})
      ),
      Plot.ruleY([0])
    ]
  });
}
