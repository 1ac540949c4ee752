// The data-quality report (quality.json, written by the loaders' validation) as tables: per export,
// rows read = rows accepted + rows rejected, checked here again; reasons by rule and column.
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";
import {formatCount} from "../shared/format.js";

/**
 * Per export: counts, and whether read = accepted + rejected (gap = read − accepted − rejected).
 * @param {{exports?: Array<Record<string, any>>} | null} report quality.json
 * @returns {Array<Record<string, any>>}
 */
export function reconciliation(report) {
  return (report?.exports ?? []).map((e) => {
    const gap = Number(e.rows_read) - Number(e.rows_accepted) - Number(e.rows_rejected);
    return {
      export: e.export,
      file: e.file,
      format: e.format,
      rows_read: Number(e.rows_read),
      rows_accepted: Number(e.rows_accepted),
      rows_rejected: Number(e.rows_rejected),
      rejected_share: Number(e.rows_read) ? Number(e.rows_rejected) / Number(e.rows_read) : 0,
      reconciles: gap === 0,
      gap
    };
  });
}

/** Totals over all exports, with the same check. */
export function reconciliationTotals(rows) {
  const sum = (key) => rows.reduce((n, r) => n + r[key], 0);
  const totals = {rows_read: sum("rows_read"), rows_accepted: sum("rows_accepted"), rows_rejected: sum("rows_rejected")};
  return {...totals, reconciles: totals.rows_read === totals.rows_accepted + totals.rows_rejected};
}

/**
 * Reasons flattened: [{export, rule, column, rows}], most rows first. A row can fail several rules.
 * @param {{exports?: Array<Record<string, any>>} | null} report quality.json
 * @returns {Array<{export: string, rule: string, column: string, rows: number}>}
 */
export function reasonRows(report) {
  return (report?.exports ?? [])
    .flatMap((e) => (e.reasons ?? []).map((r) => ({export: e.export, rule: r.rule, column: r.column, rows: Number(r.rows)})))
    .sort((a, b) => b.rows - a.rows || a.export.localeCompare(b.export) || a.rule.localeCompare(b.rule));
}

/** A rule id in words: duplicate_id → duplicate id. */
export function ruleText(rule) {
  return String(rule).replaceAll("_", " ");
}

/** The column a reject is about; a malformed CSV row (rule malformed_row) is about no one column. */
export function columnText(column) {
  return column == null || column === "" ? "(whole row)" : String(column);
}

/** Rows with each problem, per rule (most first), stacked by export. */
export function reasonChart(reasons, {width}) {
  const byRule = new Map();
  for (const r of reasons) byRule.set(r.rule, (byRule.get(r.rule) ?? 0) + r.rows);
  const rules = [...byRule.keys()].sort((a, b) => byRule.get(b) - byRule.get(a) || a.localeCompare(b));
  const exports = [...new Set(reasons.map((r) => r.export))].sort();
  return chart({
    label: `Rejected rows by rule: ${rules.map((rule) => `${ruleText(rule)} ${formatCount(byRule.get(rule))}`).join(", ")}`,
    width,
    height: rules.length * 24 + 70,
    marginLeft: 120,
    x: {label: "rows with the problem →", grid: true},
    y: {domain: rules, label: null, tickSize: 0, tickFormat: ruleText, padding: 0.15},
    color: {legend: true, domain: exports, scheme: "tableau10"},
    marks: [
      Plot.barX(reasons, Plot.stackX({y: "rule", x: "rows", fill: "export", order: exports, inset: 0.5, title: (r) => `${r.export} ${columnText(r.column)}: ${ruleText(r.rule)}, ${formatCount(r.rows)} rows`})),
      Plot.ruleX([0])
    ]
  });
}
