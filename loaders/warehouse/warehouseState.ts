// What a build's fingerprint takes from an export that lives in ClickHouse: the state of its table — the number of
// rows and a checksum of them per day (warehouseCache.ts: dayStates) — so that new or changed events give fresh
// tables and an unchanged table reuses the last build (loaders/build.ts). The build that follows in the same
// process takes what was found here (the table's columns, its typing, the day states) instead of asking again:
// one pass over the table tells both whether to build and which days to ask for.
import type {PulseConfig} from "../config/schema.js";
import {EXPORT_NAMES} from "../contract/exports.js";
import {PulseDb} from "../db.js";
import {ClickHouseConnection} from "./clickhouseConnection.js";
import {tableSql, warehouseSourceOf, type ClickHouseSource} from "./clickhouseSource.js";
import {typeOddValues} from "./oddValues.js";
import {UsageTyping, type TableColumn} from "./usageTyping.js";
import {dayStates, type DayState} from "./warehouseCache.js";

export interface PreparedTable {
  typing: UsageTyping;
  states: DayState[];
  version: string;
  /** bytes pulled to find these (counted with the build's) */
  bytes: number;
}

/** The table's columns and their ClickHouse types (a view's too). */
export async function describeTable(connection: ClickHouseConnection): Promise<TableColumn[]> {
  const rows = await connection.rows<{name: string; type: string}>(`DESCRIBE TABLE ${tableSql(connection.source)}`, {label: "the table's columns"});
  return rows.map((r) => ({name: r.name, type: r.type}));
}

/** What warehouseState found, for the build that follows it in this process (taken once). */
const prepared = new Map<string, PreparedTable>();
const keyOf = (source: ClickHouseSource, config: PulseConfig) => `${source.display}\n${JSON.stringify(config)}`;

/** Reads the table's columns, types the odd texts and counts the rows per day. */
export async function prepareTable(connection: ClickHouseConnection, config: PulseConfig, db: PulseDb): Promise<PreparedTable> {
  const source = connection.source;
  const before = connection.bytesPulled;
  const typing = new UsageTyping(await describeTable(connection), config, source.display, (major, minor) => connection.atLeast(major, minor));
  await typeOddValues(connection, db, typing, config);
  const states = await dayStates(connection, typing);
  return {typing, states, version: connection.version.text, bytes: connection.bytesPulled - before};
}

/** What warehouseState found for this table and configuration, if it ran in this process since the last take. */
export function takePrepared(source: ClickHouseSource, config: PulseConfig): PreparedTable | null {
  const key = keyOf(source, config);
  const found = prepared.get(key) ?? null;
  prepared.delete(key);
  return found;
}

export async function warehouseState(config: PulseConfig): Promise<string> {
  const states: string[] = [];
  for (const name of EXPORT_NAMES) {
    const source = warehouseSourceOf(config, name);
    if (!source) continue;
    const connection = await ClickHouseConnection.open(source);
    const db = await PulseDb.open();
    try {
      const table = await prepareTable(connection, config, db);
      prepared.set(keyOf(source, config), table);
      const columns = table.typing.columns.map((c) => `${c.name} ${c.type}`).join(",");
      states.push(`${name}:${source.display}:${columns}:${table.states.map((s) => `${s.day}=${s.rows}/${s.checksum}`).join(",")}`);
    } finally {
      db.close();
      await connection.close();
    }
  }
  return states.join("\n");
}
