// The tables built from usage events in a ClickHouse cluster equal, row for row, the tables built from the same
// events in a CSV file: the sample's events (with its deliberately bad rows) loaded into a 2-shard cluster as a
// table of text columns and as a table of typed columns (DateTime, Float64, Nullable).
import {inject, describe, expect, test} from "vitest";
import {compareTables, lazyBuild, qualityOf, rejectsOf} from "./compareBuilds.js";

const ports = inject("clickhouseHttpPorts");
const password = inject("clickhousePassword");
const sampleDir = inject("sampleDir");

process.env.PULSE_CLICKHOUSE_PASSWORD = password;
const fileBuild = lazyBuild({dataDir: sampleDir});

describe.each(["sample_text", "sample_typed"])("the sample's events in pulse.%s", (table) => {
  const url = `clickhouse://pulse@127.0.0.1:${ports[0]}/pulse.${table}`;
  const warehouseBuild = lazyBuild({dataDir: sampleDir, config: {data: {files: {usage_events: url}}}});

  test("give the same tables as the file, row for row", async () => {
    const [file, warehouse] = [await fileBuild(), await warehouseBuild()];
    expect(warehouse.asOf).toBe(file.asOf);
    // the rejects differ by design (a table has no row numbers, and only examples are pulled): compared below
    const {tables, differences} = await compareTables(file.dir, warehouse.dir, ["rejects"]);
    expect(tables.length).toBeGreaterThan(10);
    expect(differences).toEqual([]);
  });

  test("count the same rows read, accepted and rejected, per rule and column", async () => {
    const [file, warehouse] = [await fileBuild(), await warehouseBuild()];
    const fromFile = qualityOf(file.dir);
    const fromWarehouse = qualityOf(warehouse.dir);
    const usage = (q: {exports: {export: string}[]}) => q.exports.find((e) => e.export === "usage_events") as Record<string, unknown>;
    const pick = ({rows_read, rows_accepted, rows_rejected, reasons, missing_optional_columns}: Record<string, unknown>) => ({rows_read, rows_accepted, rows_rejected, reasons, missing_optional_columns});
    expect(pick(usage(fromWarehouse))).toEqual(pick(usage(fromFile)));
    // the sample's bad usage rows (docs/sample-data.md): 5 without a timestamp, 5 of an unknown account,
    // 3 in 2099, 5 with a negative duration = 18
    expect(usage(fromWarehouse).rows_rejected).toBe(18);
    expect(usage(fromWarehouse)).toMatchObject({file: url, format: "clickhouse"});
    expect(fromWarehouse.totals).toEqual(fromFile.totals);
    expect(fromWarehouse.exports.filter((e: {export: string}) => e.export !== "usage_events")).toEqual(fromFile.exports.filter((e: {export: string}) => e.export !== "usage_events"));
  });

  test("pull examples of the rejected rows with the file path's rule, column, value and reason", async () => {
    const [file, warehouse] = [await fileBuild(), await warehouseBuild()];
    const fromFile = await rejectsOf(file.dir, "usage_events");
    const fromWarehouse = await rejectsOf(warehouse.dir, "usage_events");
    // 18 rows, each breaking one rule: all of them, under the default of 100 examples per rule and column
    expect(fromWarehouse).toHaveLength(18);
    expect(fromWarehouse.every((r) => r.file === url && r.row === null)).toBe(true);
    const strip = (r: {column: string; rule: string; value: string | null; reason: string}) => ({column: r.column, rule: r.rule, value: r.value, reason: r.reason.replace(/ \(row: .*\)$/, "")});
    expect(fromWarehouse.map(strip)).toEqual(fromFile.map(strip));
    // the row is named by its values
    expect(fromWarehouse.find((r) => r.rule === "unknown_account")!.reason).toMatch(/^unknown account_id: ACC-X99999 \(row: account_id = 'ACC-X99999', user_id = 'USR-X00001', timestamp = '2026-11-1\d 1\d:00:00', session_id = 'S-BAD-A\d', event = 'page_view', module = 'dashboards', feature = (NULL|'')\)$/);
  });
});
