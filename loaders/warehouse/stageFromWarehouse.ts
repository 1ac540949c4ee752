// Stages the usage export from a ClickHouse table: connect, read the table's columns and map them (data.columns, as
// for a file), have ClickHouse type, check and roll up the rows where they are (warehouseRollups.ts), and turn what
// it sends back into the rollup tables the metrics read (combineRollups.ts). stageExports calls this instead of
// reading a file when data.files.usage_events is a clickhouse:// URL. docs/warehouse.md.
import type {ExportName} from "../contract/exports.js";
export {warehouseSourceOf} from "./clickhouseSource.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb} from "../db.js";
import {PulseInputError} from "../errors.js";
import type {ExportQuality} from "../validate/validateExport.js";
import {ClickHouseConnection} from "./clickhouseConnection.js";
import {type ClickHouseSource} from "./clickhouseSource.js";
import {combineRollups} from "./combineRollups.js";
import {prepareTable, takePrepared} from "./warehouseState.js";
import {pullRollups, rollupQueries} from "./warehouseRollups.js";
import {addReusedDays, keepDays, planDays} from "./warehouseCache.js";

export async function stageFromWarehouse(
  db: PulseDb,
  source: ClickHouseSource,
  config: PulseConfig,
  context: {today: string; staged: ExportName[]; events?: boolean},
  progress: (message: string) => void = () => {}
): Promise<ExportQuality> {
  if (context.events) {
    throw new PulseInputError(source.display, "the usage events stay in ClickHouse: pulse data --events, which writes them to usage_events.parquet, is for a usage export in files");
  }
  progress(`connecting to ClickHouse at ${source.host}:${source.port}`);
  const connection = await ClickHouseConnection.open(source);
  try {
    progress(`ClickHouse ${connection.version.text}: reading ${source.database}.${source.table}`);
    // the columns, their typing and the rows per day: as the build's fingerprint found them, else asked now
    const taken = takePrepared(source, config);
    const {typing, states} = taken ?? (await prepareTable(connection, config, db));
    const bytes = taken?.bytes ?? 0;
    // the days that changed since the last build (or all of them), from ClickHouse; the others from the cache
    const plan = planDays(source, config, states, context.today);
    if (plan.reuse.length > 0) progress(`usage_events: ${plan.reuse.length} unchanged days from the cache, ${plan.ask.all ? "all" : plan.ask.days.length} asked of ClickHouse`);
    const queries = rollupQueries(source, typing, config, context.today, plan.ask);
    await pullRollups(connection, db, queries, progress);
    await addReusedDays(db, plan);
    await keepDays(db, plan, source);
    const quality = await combineRollups(db, connection, typing, {config, today: context.today, display: source.display, checks: queries.checks});
    progress(
      `usage_events: ${quality.rows_read} read, ${quality.rows_accepted} accepted, ${quality.rows_rejected} rejected (in ClickHouse; ${((connection.bytesPulled + bytes) / 1e6).toFixed(1)} MB pulled in ${connection.queries.length} queries)`
    );
    return quality;
  } finally {
    await connection.close();
  }
}
