// Framework runs this at build time; stdout is the file: the business KPIs (the kpis table, one row per
// month end and the as-of date) with the thresholds they are judged by (from metric_settings), as JSON.
// A few kilobytes, so the overview shows its headline numbers before the in-browser database (a 34 MB
// engine) is ready. The numbers are the kpis table's, unchanged: DuckDB writes them as JSON.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {siteTable} from "../../loaders/site/siteTable.js";

const dir = mkdtempSync(join(tmpdir(), "pulse-kpis-"));
try {
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  const asJson = async (table: string, select: string) => {
    writeFileSync(join(dir, `${table}.parquet`), await siteTable(`${table}.parquet`));
    const out = join(dir, `${table}.json`);
    await connection.run(`COPY (${select.replace("{table}", `read_parquet('${join(dir, `${table}.parquet`)}')`)}) TO '${out}' (FORMAT json, ARRAY true)`);
    return JSON.parse(readFileSync(out, "utf8"));
  };
  const [settings] = await asJson(
    "metric_settings",
    `SELECT as_of, kpi_period_months, gross_margin, renewal_critical_rate, healthy_ltv_to_cac, concentration_top_share FROM {table}`
  );
  const periods = await asJson("kpis", `SELECT * FROM {table} ORDER BY period_end`);
  process.stdout.write(JSON.stringify({settings, periods}));
} finally {
  rmSync(dir, {recursive: true, force: true});
}
