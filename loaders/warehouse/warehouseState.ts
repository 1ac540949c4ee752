// What a build's fingerprint takes from an export that lives in ClickHouse: the state of its table — its number of
// rows and a checksum of every column of every row (one pass, one row back) — so that new or changed events give
// fresh tables and an unchanged table reuses the last build (loaders/build.ts). The build itself then asks per day
// (warehouseCache.ts), and recomputes only the days that changed.
import type {PulseConfig} from "../config/schema.js";
import {EXPORT_NAMES} from "../contract/exports.js";
import {ClickHouseConnection} from "./clickhouseConnection.js";
import {tableSql} from "./clickhouseSource.js";
import {hashArguments} from "./usageTyping.js";
import {describeTable, warehouseSourceOf} from "./stageFromWarehouse.js";

export async function warehouseState(config: PulseConfig): Promise<string> {
  const states: string[] = [];
  for (const name of EXPORT_NAMES) {
    const source = warehouseSourceOf(config, name);
    if (!source) continue;
    const connection = await ClickHouseConnection.open(source);
    try {
      const columns = await describeTable(connection);
      const hashed = columns.map(hashArguments);
      const [row] = await connection.rows<{o_rows: string; o_checksum: string}>(
        `SELECT count() AS o_rows, sum(cityHash64(${hashed.join(", ")})) AS o_checksum FROM ${tableSql(source)}`,
        {label: "rows and checksum of the table"}
      );
      states.push(`${name}:${source.display}:${columns.map((c) => `${c.name} ${c.type}`).join(",")}:${row.o_rows}:${row.o_checksum}`);
    } finally {
      await connection.close();
    }
  }
  return states.join("\n");
}
