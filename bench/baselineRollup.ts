// The baseline of bench/build.bench.ts, run as a process of its own (so its wall time and peak memory are
// measured like `pulse data`'s): bench/baseline-rollup.sql over one export folder, with DuckDB opened as
// Pulse opens it for a build (loaders/build.ts: DuckDB's default thread count, Pulse's memory limit, UTC).
//   node --import tsx bench/baselineRollup.ts --data DIR --out FILE.parquet --as-of YYYY-MM-DD
import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {parseArgs} from "node:util";
import {duckdbMemoryLimit} from "../loaders/build.js";
import {validateConfig} from "../loaders/config/validateConfig.js";
import {PulseDb, sqlString} from "../loaders/db.js";
import {findExports} from "../loaders/ingest/findExports.js";
import {metricParams, renderSql} from "../loaders/metrics/params.js";

const {values} = parseArgs({options: {data: {type: "string"}, out: {type: "string"}, "as-of": {type: "string"}}});
if (!values.data || !values.out || !values["as-of"]) throw new Error("usage: baselineRollup.ts --data DIR --out FILE --as-of DATE");
const config = validateConfig({});
const found = findExports(resolve(values.data), config);
const scanOf = (name: string) => {
  const file = found.find((f) => f.name === name);
  if (!file) throw new Error(`no ${name} export in ${values.data}`);
  if (file.format === "parquet") return `read_parquet(${sqlString(file.path)})`;
  if (file.format === "jsonl") return `read_json(${sqlString(file.path)}, ignore_errors = true)`;
  return `read_csv(${sqlString(file.path)}, ignore_errors = true)`;
};
const params = {
  ...metricParams(config, values["as-of"]),
  events_scan: scanOf("usage_events"),
  users_scan: scanOf("users"),
  out: sqlString(resolve(values.out))
};
const sql = renderSql(readFileSync(new URL("./baseline-rollup.sql", import.meta.url), "utf8"), params, "baseline-rollup");
const db = await PulseDb.open({memoryLimit: duckdbMemoryLimit()});
try {
  await db.run(sql);
} finally {
  db.close();
}
