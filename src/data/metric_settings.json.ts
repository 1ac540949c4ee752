// Framework runs this at build time; stdout is the file: the one row of metric_settings (the as-of
// date and every threshold, weight and churn-watch rule of this build) as a JSON object. A page reads
// it with FileAttachment(...).json() before the in-browser database is ready.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {siteTable} from "../../loaders/site/siteTable.js";

const dir = mkdtempSync(join(tmpdir(), "pulse-settings-"));
try {
  const parquet = join(dir, "metric_settings.parquet");
  const json = join(dir, "metric_settings.json");
  writeFileSync(parquet, await siteTable("metric_settings.parquet"));
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  await connection.run(`COPY (SELECT * FROM read_parquet('${parquet}')) TO '${json}' (FORMAT json, ARRAY true)`);
  const [settings] = JSON.parse(readFileSync(json, "utf8"));
  process.stdout.write(JSON.stringify(settings));
} finally {
  rmSync(dir, {recursive: true, force: true});
}
