// Customers by health score in bins of 5 points, each bin's bar split by health band, with the
// band thresholds as dashed lines. The bins are counted in SQL (scoreBinsSql), so the chart gets
// at most 20 × 3 rows whatever the number of accounts.
//
//   const bins = await db.query(scoreBinsSql("has_active_contract"));
//   scoreHistogram(bins, {settings, width})
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {formatCount} from "../shared/format.js";
import {SCORE_BIN} from "../shared/healthQueries.js";
import {bandColor, bandLabel, bands} from "./palette.js";

// the bins' SQL lives with the health page's other queries (the build runs it for the first view)
export {SCORE_BIN, scoreBinsSql} from "../shared/healthQueries.js";

export function scoreHistogram(bins, {settings, width, height = 140}) {
  // band names are CSS colours, which Plot would draw literally: colour by the band's label instead
  const count = (band) => bins.filter((d) => d.health_band === band).reduce((sum, d) => sum + d.accounts, 0);
  return chart({
    label: `Customers by health score, in bins of ${SCORE_BIN} points: ${bands.map((band) => `${formatCount(count(band))} ${bandLabel[band]}`).join(", ")}`,
    width, height, marginLeft: 40,
    x: {domain: [0, 100], label: "health score"},
    y: {grid: true, label: "accounts", tickFormat: (d) => (Number.isInteger(d) ? formatCount(d) : "")},
    color: {domain: bands.map((band) => bandLabel[band]), range: bands.map((band) => bandColor[band]), legend: true},
    marks: [
      Plot.rectY(bins, {
        x1: "bin", x2: (d) => d.bin + SCORE_BIN, y: "accounts", fill: (d) => bandLabel[d.health_band], inset: 0.5,
        title: (d) => `${d.bin}–${d.bin + SCORE_BIN} points, ${bandLabel[d.health_band]}: ${formatCount(d.accounts)} accounts`
      }),
      Plot.ruleX([settings.health_band_yellow, settings.health_band_green], {stroke: "currentColor", strokeDasharray: "3,3", strokeOpacity: 0.5}),
      Plot.ruleY([0])
    ]
  });
}
