// Text timestamps and numbers in a ClickHouse table that are not in the plain ISO forms ClickHouse reads itself
// (usageTyping.ts: ISO_TIMESTAMP, PLAIN_INTEGER, PLAIN_DECIMAL): "2026/01/02", "1,000", "$12.50", "NaN", " 7 ",
// "not a date". DuckDB's casts accept many forms, and emulating each of them in ClickHouse SQL would be a
// second, subtly different parser; instead the distinct odd texts are sent to DuckDB once and typed there with
// the file path's own SQL (checks.ts typedValue), and the answers go back to ClickHouse as a lookup table. So a
// text means the same in a ClickHouse table as in a file, whatever its form. An export with the odd forms
// throughout (a whole column in another format) has too many to send: then the column must be converted in a view.
import {exportSpec} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlIdent, sqlString} from "../db.js";
import {PulseInputError} from "../errors.js";
import {typedValue} from "../validate/checks.js";
import type {ClickHouseConnection} from "./clickhouseConnection.js";
import {tableSql} from "./clickhouseSource.js";
import {type OddValue, type UsageTyping} from "./usageTyping.js";

/**
 * At most this many distinct odd texts per column are typed by DuckDB; more stop the build (convert in a view).
 * They travel inline in every query, which must stay under ClickHouse's 256 KiB max_query_size: raising it on the
 * server Pulse talks to is not enough, as a Distributed table's shards parse the query again with their own.
 */
export const MAX_ODD_VALUES = 1_000;

export async function typeOddValues(connection: ClickHouseConnection, db: PulseDb, typing: UsageTyping, config: PulseConfig): Promise<void> {
  const spec = exportSpec("usage_events");
  for (const {canonical, kind, source} of typing.textColumnsToType) {
    const text = `s_${canonical}`;
    // (the output is a WITH alias selected by name: see stageFromWarehouse.ts on ClickHouse 18.16's aliases)
    const found = await connection.rows<{odd_text: string; rows: string}>(
      `WITH ${typing.plainList(canonical).join(", ")}, ${text} AS odd_text
       SELECT odd_text, count() AS rows FROM ${tableSql(connection.source)}
       WHERE odd_text IS NOT NULL AND NOT plain_${canonical} AND replaceRegexpAll(odd_text, '^\\\\p{Zs}+|\\\\p{Zs}+$', '') != ''
       GROUP BY odd_text ORDER BY rows DESC, odd_text LIMIT ${MAX_ODD_VALUES + 1}`,
      {label: `texts of ${canonical} not in ISO form`}
    );
    const rows = found.map((r) => ({text: r.odd_text, rows: r.rows}));
    if (rows.length > MAX_ODD_VALUES) {
      const examples = rows.slice(0, 3).map((r) => `'${r.text}'`).join(", ");
      throw new PulseInputError(
        connection.source.display,
        `holds more than ${MAX_ODD_VALUES.toLocaleString("en-US")} distinct texts in column '${source.name}' that are not ${kind === "timestamp" ? "ISO 8601 timestamps (YYYY-MM-DD hh:mm:ss)" : "plain numbers"} (such as ${examples}): convert the column in a view (docs/warehouse.md#mapping-a-table-through-a-view)`,
        canonical
      );
    }
    if (rows.length === 0) {
      typing.setOddValues(canonical, []);
      continue;
    }
    const column = spec.columns.find((c) => c.name === canonical)!;
    const ident = sqlIdent(canonical);
    const typed = typedValue(spec, column, config);
    const value =
      kind === "timestamp" ? `CAST(epoch_us(${typed}) AS VARCHAR)` : kind === "integer" ? `CAST(${typed} AS VARCHAR)` : `CAST(${typed} AS DOUBLE)`;
    const notFinite = kind === "timestamp" ? "false" : `(${typed} IS NULL AND COALESCE(NOT isfinite(TRY_CAST(trim(${ident}) AS DOUBLE)), false))`;
    const typedRows = await db.rows<{text: string; value: string | number | null; not_finite: boolean}>(
      `SELECT ${ident} AS text, ${value} AS value, ${notFinite} AS not_finite
       FROM (SELECT unnest([${rows.map((r) => sqlString(r.text)).join(", ")}]::VARCHAR[]) AS ${ident})`
    );
    const odd: OddValue[] = typedRows.map((r) => ({text: r.text, value: r.value === null ? null : String(r.value), notFinite: r.not_finite}));
    typing.setOddValues(canonical, odd);
  }
}
