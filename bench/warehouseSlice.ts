// Where the bytes of the rollups go, on a slice of days of the warehouse bench's table (issue #18's 5% budget): the
// rollups of those days pulled as a build pulls them (warehouseRollups.ts: pullRollups), each table's bytes as they
// crossed the network and its rows; each query's SQL is written to --out. Cheap next to a full build (30 days of
// the 100M table: 3–4 minutes). The bench's cluster must be up (test/clickhouse/cluster.ts startCluster with
// dir data/bench/warehouse/cluster, in a process that stays up); its first HTTP port and the password are given.
// (The cost per column in bench/RESULTS.md was measured by an earlier form of this script, which split the CSV
// answers into columns and gzipped each alone.)
//
//   npx tsx bench/warehouseSlice.ts --port 39433 --password … [--first 2026-02-16] [--days 30] [--out /tmp/slice]
import {mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {parseArgs} from "node:util";
import {validateConfig} from "../loaders/config/validateConfig.js";
import {PulseDb} from "../loaders/db.js";
import {ClickHouseConnection} from "../loaders/warehouse/clickhouseConnection.js";
import {parseClickHouseUrl} from "../loaders/warehouse/clickhouseSource.js";
import {typeOddValues} from "../loaders/warehouse/oddValues.js";
import {UsageTyping} from "../loaders/warehouse/usageTyping.js";
import {describeTable} from "../loaders/warehouse/warehouseState.js";
import {PULLED, pullRollups, rollupQueries, type PulledTable} from "../loaders/warehouse/warehouseRollups.js";
import {dayNumber} from "../loaders/warehouse/warehouseCache.js";

const {values} = parseArgs({options: {port: {type: "string"}, password: {type: "string"}, first: {type: "string", default: "2026-02-16"}, days: {type: "string", default: "30"}, out: {type: "string", default: "/tmp/slice"}}});
process.env.PULSE_CLICKHOUSE_PASSWORD = values.password;
const url = `clickhouse://pulse@127.0.0.1:${values.port}/bench.events`;
const config = validateConfig({data: {files: {usage_events: url}}, validation: {today: "2026-11-16"}});
const source = parseClickHouseUrl(url, "data.files.usage_events");
const connection = await ClickHouseConnection.open(source);
const db = await PulseDb.open();
const typing = new UsageTyping(await describeTable(connection), config, source.display, (a, b) => connection.atLeast(a, b));
await typeOddValues(connection, db, typing, config);
const first = dayNumber(values.first!);
const days = Array.from({length: Number(values.days)}, (_, i) => first + i);
const queries = rollupQueries(source, typing, config, "2026-11-16", {all: false, days});
mkdirSync(values.out!, {recursive: true});
for (const table of Object.keys(PULLED) as PulledTable[]) writeFileSync(join(values.out!, `${table}.sql`), queries.sql[table]);
const started = Date.now();
await pullRollups(connection, db, queries, (m) => console.log(m));
const report: Record<string, unknown> = {seconds: (Date.now() - started) / 1000, first: values.first, days: days.length};
for (const [i, table] of (Object.keys(PULLED) as PulledTable[]).entries()) {
  const rows = await db.value<number>(`SELECT count(*) FROM ${table}`);
  report[table] = {rows, pulled: connection.queries.at(-(Object.keys(PULLED).length - i))?.bytes, columns: Object.keys(PULLED[table]).length};
}
report.total_pulled = connection.queries.reduce((n, q) => n + q.bytes, 0);
console.log(JSON.stringify(report));
writeFileSync(join(values.out!, "report.json"), JSON.stringify(report, null, 1));
db.close();
await connection.close();
