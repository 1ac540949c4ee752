import {expect, test} from "vitest";
import {columnText, reasonRows, reconciliation, reconciliationTotals, ruleText} from "../../src/components/qualityReport.js";

// quality.json's shape (loaders/ingest/stageExports.ts); contracts deliberately do not balance
const report = {
  exports: [
    {export: "accounts", file: "accounts.csv", format: "csv", rows_read: 2006, rows_accepted: 2000, rows_rejected: 6,
      reasons: [{rule: "duplicate_id", column: "account_id", rows: 2}, {rule: "missing_value", column: "name", rows: 4}]},
    {export: "contracts", file: "contracts.csv", format: "csv", rows_read: 10, rows_accepted: 7, rows_rejected: 2,
      reasons: [{rule: "below_minimum", column: "arr", rows: 2}]}
  ]
};

test("each export is checked: rows read = accepted + rejected, else the gap shows", () => {
  const rows = reconciliation(report);
  expect(rows.map((r) => [r.export, r.reconciles, r.gap])).toEqual([
    ["accounts", true, 0],
    ["contracts", false, 1]
  ]);
  expect(rows[0].rejected_share).toBeCloseTo(6 / 2006, 12);
  expect(reconciliationTotals(rows)).toEqual({rows_read: 2016, rows_accepted: 2007, rows_rejected: 8, reconciles: false});
  expect(reconciliationTotals(reconciliation({exports: [report.exports[0]]})).reconciles).toBe(true);
});

test("reasons are flattened, most rows first, and rules read as words", () => {
  expect(reasonRows(report)).toEqual([
    {export: "accounts", rule: "missing_value", column: "name", rows: 4},
    {export: "accounts", rule: "duplicate_id", column: "account_id", rows: 2},
    {export: "contracts", rule: "below_minimum", column: "arr", rows: 2}
  ]);
  expect(ruleText("end_before_start")).toBe("end before start");
  // a malformed CSV row has no one column
  expect(columnText(null)).toBe("(whole row)");
  expect(columnText("arr")).toBe("arr");
  expect(reconciliation(null)).toEqual([]);
});
