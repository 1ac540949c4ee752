// Stages the usage export from a ClickHouse table: connect, read the table's columns and map them (data.columns, as
// for a file), have ClickHouse type, check and roll up the rows where they are (warehouseRollups.ts), and turn what
// it sends back into the rollup tables the metrics read (combineRollups.ts). stageExports calls this instead of
// reading a file when data.files.usage_events is a clickhouse:// URL. docs/warehouse.md.
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {ExportName} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlString} from "../db.js";
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
  context: {today: string; staged: ExportName[]},
  progress: (message: string) => void = () => {}
): Promise<ExportQuality> {
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
    await pullAcceptedEvents(connection, db, typing, queries.withList);
    progress(
      `usage_events: ${quality.rows_read} read, ${quality.rows_accepted} accepted, ${quality.rows_rejected} rejected (in ClickHouse; ${(connection.bytesPulled / 1e6).toFixed(1)} MB pulled in ${connection.queries.length} queries)`
    );
    return quality;
  } finally {
    await connection.close();
  }
}

/**
 * The accepted usage rows as the file path stages them (the usage_events table, typed, accounts filled in from
 * contracts), for the metrics of this branch that still read events; the rows of keys breaking a reference rule
 * are left out with wh_refs (combineRollups.ts).
 */
async function pullAcceptedEvents(connection: ClickHouseConnection, db: PulseDb, typing: UsageTyping, withList: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pulse-warehouse-"));
  const file = join(dir, "usage_events.csv");
  try {
    // (every output column is a WITH alias, selected by name: ClickHouse 18.16 loses a SELECT-list alias of a
    //  WITH alias on a Distributed table — "Not found column … in block")
    const outputs = [
      "account_raw AS out_account_id", "contract_raw AS out_contract_id", "v_user_id AS out_user_id", "v_timestamp AS out_timestamp_us",
      "v_date_only AS out_date_only", "v_count AS out_count", "v_event AS out_event", "v_module AS out_module", "v_feature AS out_feature",
      "v_session_id AS out_session_id", "v_duration_s AS out_duration_s", "v_page_views AS out_page_views"
    ];
    const sql = `WITH ${[...withList, ...outputs].join(",\n  ")}
SELECT ${outputs.map((o) => o.split(" AS ")[1]).join(", ")}
FROM ${tableSql(connection.source)}
WHERE row_rejected = 0
FORMAT CSVWithNames`;
    await connection.toFile(sql, file, {label: "accepted usage rows"});
    await db.run(`CREATE OR REPLACE TABLE usage_events AS
      SELECT r.account_id, e.out_contract_id AS contract_id, out_user_id AS user_id, make_timestamp(out_timestamp_us) AS "timestamp",
        out_date_only AS date_only, out_count AS "count", out_event AS event, out_module AS module, out_feature AS feature,
        out_session_id AS session_id, out_duration_s AS duration_s, out_page_views AS page_views
      FROM read_csv(${sqlString(file)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '\\N', allow_quoted_nulls = false,
        columns = {'out_account_id': 'VARCHAR', 'out_contract_id': 'VARCHAR', 'out_user_id': 'VARCHAR', 'out_timestamp_us': 'BIGINT', 'out_date_only': 'BOOLEAN',
                   'out_count': 'BIGINT', 'out_event': 'VARCHAR', 'out_module': 'VARCHAR', 'out_feature': 'VARCHAR', 'out_session_id': 'VARCHAR',
                   'out_duration_s': 'DOUBLE', 'out_page_views': 'BIGINT'}) e
      JOIN wh_refs r ON r.account_raw IS NOT DISTINCT FROM e.out_account_id AND r.contract_raw IS NOT DISTINCT FROM e.out_contract_id AND NOT r.bad`);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}
