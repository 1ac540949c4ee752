// The Backtest page's tables: each signal (the watch, each rule, each band) with its numbers and its words, and the
// what-if thresholds with the value the configuration uses marked. Rows come from backtestQueries.js; every row
// carries its counts as data attributes (data-accounts, data-flagged, data-churned, data-flagged-churned), so a
// test can read what the page counted.
import {html} from "htl";
import {formatCount, formatNumber, formatPercent} from "../shared/format.js";
import {formatLift, formatShare, oneIn, signalSentence, verdict} from "../shared/backtestWords.js";

/** What a signal is, in words: the watch, a rule's label, a band with its scores. */
export function signalLabels(settings) {
  const green = settings.health_band_green;
  const yellow = settings.health_band_yellow;
  return {
    watch: "On the churn watch (any rule)",
    ...Object.fromEntries(settings.churn_rules.map((rule) => [`rule:${rule.id}`, rule.label])),
    "band:red": `Red band (score under ${formatNumber(yellow, {digits: 0})})`,
    "band:yellow": `Yellow band (${formatNumber(yellow, {digits: 0})} to under ${formatNumber(green, {digits: 0})})`,
    "band:green": `Green band (${formatNumber(green, {digits: 0})} or more)`
  };
}

const countAttributes = (row) => ({
  "data-accounts": row.accounts,
  "data-flagged": row.flagged,
  "data-churned": row.churned,
  "data-flagged-churned": row.flagged_churned
});

function verdictMark(row) {
  const {word, tone} = verdict(row);
  return html`<span class=${`backtest-verdict backtest-${tone}`}>${word}</span>`;
}

/** Each signal's row: what it is (and its sentence), share flagged, precision, recall, lift, verdict. */
export function signalTable(rows, {horizon, labels}) {
  return html`<div class="crosstab-scroll"><table class="crosstab backtest-table">
    <thead><tr>
      <th>Signal</th>
      <th title="share of the customers at the scored month ends that the signal flagged">Flags</th>
      <th title=${`of those flagged, how many left within ${horizon} days (precision)`}>Of them left</th>
      <th title=${`of those who left within ${horizon} days, the share flagged (recall)`}>Caught</th>
      <th title="how many times the base rate the flagged left at (lift)">Lift</th>
      <th>Verdict</th>
    </tr></thead>
    <tbody>${rows.map((row) => html`<tr data-signal=${row.signal} ${countAttributes(row)} class=${row.signal === "watch" ? "backtest-watch-row" : ""}>
      <th><span class="backtest-signal">${labels[row.signal] ?? row.signal}</span><span class="backtest-words muted">${signalSentence(row, {horizon})}</span></th>
      <td>${row.accounts ? formatShare(row.flagged / row.accounts) : "–"}<span class="crosstab-share">${formatCount(row.flagged)} account-months</span></td>
      <td>${oneIn(row.precision)}<span class="crosstab-share">${formatPercent(row.precision)}</span></td>
      <td>${formatShare(row.recall)}<span class="crosstab-share">${formatCount(row.flagged_churned)} of ${formatCount(row.churned)}</span></td>
      <td>${formatLift(row.lift)}</td>
      <td>${verdictMark(row)}</td>
    </tr>`)}</tbody>
  </table></div>`;
}

/** A what-if value as the rule writes it: "visits_30d < 3", or "red under 30". */
function valueText(variant) {
  if (variant.rule_id == null) return `red under ${formatNumber(variant.value, {digits: variant.value % 1 ? 1 : 0})}`;
  const threshold = variant.threshold.slice(variant.rule_id.length + 2);
  return `${threshold} ${variant.value}`;
}

/**
 * The what-if table: each threshold (a rule's, or the red-band cutoff) at each value tried, measured as its own
 * signal and as the watch under it; "in use" marks the configured value.
 * variants: metric_settings.backtest_whatif; counts: rows of whatIfCountsSql (missing = flagged nobody);
 * population: {accounts, churned} at the horizon under the filters.
 */
export function whatIfTable(variants, counts, {horizon, population, ruleLabels}) {
  const measured = (variant, kind) => {
    const found = counts.find((c) => c.variant === variant.variant && c.kind === kind);
    return found ?? {variant: variant.variant, kind, accounts: population.accounts, churned: population.churned, flagged: 0, flagged_churned: 0,
      precision: null, recall: population.churned ? 0 : null, lift: null};
  };
  const groups = [...new Set(variants.map((v) => v.threshold))].map((threshold) => variants.filter((v) => v.threshold === threshold));
  const cells = (row) => html.fragment`<td>${row.accounts ? formatShare(row.flagged / row.accounts) : "–"}</td>
    <td>${oneIn(row.precision)}</td><td>${formatShare(row.recall)}</td><td>${formatLift(row.lift)}</td><td>${verdictMark(row)}</td>`;
  return html`<div class="crosstab-scroll"><table class="crosstab backtest-table backtest-whatif">
    <thead>
      <tr><th rowspan="2">Threshold</th><th colspan="5" class="backtest-group">The rule (or band) alone</th><th colspan="5" class="backtest-group">The whole watch</th></tr>
      <tr><th>Flags</th><th>Of them left</th><th>Caught</th><th>Lift</th><th>Verdict</th><th>Flags</th><th>Of them left</th><th>Caught</th><th>Lift</th><th>Verdict</th></tr>
    </thead>
    ${groups.map((group) => html`<tbody>
      <tr class="backtest-whatif-head"><th colspan="11">${group[0].rule_id == null ? "Red-band cutoff (health.bands.yellow)" : ruleLabels[`rule:${group[0].rule_id}`] ?? group[0].rule_id}</th></tr>
      ${group.map((variant) => {
        const own = measured(variant, "signal");
        const watch = measured(variant, "watch");
        return html`<tr data-variant=${variant.variant} data-config=${String(variant.is_config)} ${countAttributes(own)} class=${variant.is_config ? "backtest-in-use" : ""}>
          <th class="backtest-value"><code>${valueText(variant)}</code>${variant.is_config ? html` <span class="backtest-in-use-mark">in use</span>` : ""}</th>
          ${cells(own)}${cells(watch)}
        </tr>`;
      })}
    </tbody>`)}
  </table></div>`;
}
