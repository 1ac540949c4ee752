// Stages the usage export from a ClickHouse table: connect, read the table's columns and map them (data.columns, as
// for a file), have ClickHouse type, check and roll up the rows where they are (warehouseRollups.ts), and turn what
// it sends back into the rollup tables the metrics read (combineRollups.ts). stageExports calls this instead of
// reading a file when data.files.usage_events is a clickhouse:// URL. docs/warehouse.md.
import type {ExportName} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb} from "../db.js";
import {PulseInputError} from "../errors.js";
import type {ExportQuality} from "../validate/validateExport.js";
import {ClickHouseConnection} from "./clickhouseConnection.js";
import {isClickHouseUrl, parseClickHouseUrl, tableSql, type ClickHouseSource} from "./clickhouseSource.js";
import {combineRollups} from "./combineRollups.js";
import {typeOddValues} from "./oddValues.js";
import {UsageTyping, type TableColumn} from "./usageTyping.js";
import {pullRollups, rollupQueries} from "./warehouseRollups.js";
import {addReusedDays, dayStates, keepDays, planDays} from "./warehouseCache.js";

/** The ClickHouse table an export is read from, when its data.files entry is a clickhouse:// URL. */
export function warehouseSourceOf(config: PulseConfig, name: ExportName): ClickHouseSource | null {
  const configured = config.data.files[name];
  return configured && isClickHouseUrl(configured) ? parseClickHouseUrl(configured, `data.files.${name}`) : null;
}

/** The table's columns and their ClickHouse types (a view's too). */
export async function describeTable(connection: ClickHouseConnection): Promise<TableColumn[]> {
  const rows = await connection.rows<{name: string; type: string}>(`DESCRIBE TABLE ${tableSql(connection.source)}`, {label: "the table's columns"});
  return rows.map((r) => ({name: r.name, type: r.type}));
}

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
    const typing = new UsageTyping(await describeTable(connection), config, source.display, (major, minor) => connection.atLeast(major, minor));
    await typeOddValues(connection, db, typing, config);
    // the days that changed since the last build (or all of them), from ClickHouse; the others from the cache
    const plan = planDays(source, config, await dayStates(connection, typing), context.today);
    if (plan.reuse.length > 0) progress(`usage_events: ${plan.reuse.length} unchanged days from the cache, ${plan.ask.all ? "all" : plan.ask.days.length} asked of ClickHouse`);
    const queries = rollupQueries(source, typing, config, context.today, plan.ask);
    await pullRollups(connection, db, queries, progress);
    await addReusedDays(db, plan);
    await keepDays(db, plan, source);
    const quality = await combineRollups(db, connection, typing, {config, today: context.today, display: source.display, checks: queries.checks});
    progress(
      `usage_events: ${quality.rows_read} read, ${quality.rows_accepted} accepted, ${quality.rows_rejected} rejected (in ClickHouse; ${(connection.bytesPulled / 1e6).toFixed(1)} MB pulled in ${connection.queries.length} queries)`
    );
    return quality;
  } finally {
    await connection.close();
  }
}
