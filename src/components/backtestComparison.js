// The snapshots page's "did the watch get better?": the backtest of the previous snapshot against this build's
// (comparison.backtest.deltas from loaders/snapshots/compareSnapshots.ts: pooled rows side by side).
import {html} from "htl";
import {formatLift, formatShare, oneIn} from "../shared/backtestWords.js";

/**
 * Better or worse, from lift (how much more the flagged leave than anyone) and recall (how much of the churn it
 * flags), each as the page shows it (lift to a tenth, recall to a whole percent, so a change too small to see is
 * "unchanged"): better when one rose and the other did not fall, worse when one fell and the other did not rise,
 * mixed when one rose and the other fell; new or gone when the signal is in one snapshot only.
 */
export function backtestChange(row) {
  const hasPrevious = row.previous_churned != null;
  const hasCurrent = row.current_churned != null;
  if (!hasPrevious) return "new";
  if (!hasCurrent) return "gone";
  const direction = (then, now, step) => (then == null || now == null ? 0 : Math.sign(Math.round(now / step) - Math.round(then / step)));
  const lift = direction(row.previous_lift, row.current_lift, 0.1);
  const recall = direction(row.previous_recall, row.current_recall, 0.01);
  if (lift === 0 && recall === 0) return "unchanged";
  if (lift >= 0 && recall >= 0) return "better";
  if (lift <= 0 && recall <= 0) return "worse";
  return "mixed";
}

const changeWords = {new: "new since then", gone: "not in this build", unchanged: "unchanged", better: "better", worse: "worse", mixed: "mixed"};
const changeClass = {better: "up", worse: "down"};

/** The watch at each horizon in one sentence: "At 90 days the watch caught 90% of churn (80% then), lift 2.5× (2.0×): better." */
export function watchSentences(deltas, {previous}) {
  return deltas.filter((d) => d.signal === "watch" && d.previous_churned != null && d.current_churned != null).map((d) =>
    `At ${d.horizon_days} days the watch caught ${formatShare(d.current_recall)} of churn (${formatShare(d.previous_recall)} on ${previous}), ` +
    `${oneIn(d.current_precision)} of those flagged left (${oneIn(d.previous_precision)}), lift ${formatLift(d.current_lift)} (${formatLift(d.previous_lift)}): ${changeWords[backtestChange(d)]}.`);
}

/** Every signal at every horizon: recall, precision and lift then and now, and the change in a word. */
export function backtestComparisonTable(deltas, {previous, current, labels = {}}) {
  return html`<div class="crosstab-scroll"><table class="crosstab backtest-comparison">
    <thead><tr><th>Signal</th><th>Within</th><th>Caught ${previous}</th><th>Caught ${current}</th><th>Of flagged, left ${previous}</th><th>Of flagged, left ${current}</th><th>Lift ${previous}</th><th>Lift ${current}</th><th>Change</th></tr></thead>
    <tbody>${deltas.map((d) => {
      const change = backtestChange(d);
      return html`<tr data-signal=${d.signal} data-horizon=${d.horizon_days} data-change=${change}>
        <th>${labels[d.signal] ?? d.signal}</th><td>${d.horizon_days} days</td>
        <td>${formatShare(d.previous_recall)}</td><td>${formatShare(d.current_recall)}</td>
        <td>${oneIn(d.previous_precision)}</td><td>${oneIn(d.current_precision)}</td>
        <td>${formatLift(d.previous_lift)}</td><td>${formatLift(d.current_lift)}</td>
        <td class=${changeClass[change] ?? ""}>${changeWords[change]}</td>
      </tr>`;
    })}</tbody>
  </table></div>`;
}
