// The usage export's validation, pushed down to ClickHouse: every rule of checks.ts runs where the events are
// (each shard counts its own part), and Pulse pulls
//   - one row of counts: rows read, rows breaking each rule (per rule and column) and rows rejected (breaking any),
//   - up to warehouse.rejectExamples example rows per rule and column, into the rejects table.
// rows read = rows accepted + rows rejected holds as for a file. A table has no row numbers: an example's `row` is
// empty and its reason ends with the values that find the row (rowKey). The accepted accounts and contracts are
// sent along with the query (acceptedSets): unknown accounts are found in ClickHouse, without pulling events.
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlString} from "../db.js";
import type {ExportQuality} from "../validate/validateExport.js";
import type {ClickHouseConnection} from "./clickhouseConnection.js";
import {chIdent, tableSql} from "./clickhouseSource.js";
import {baseType, type ReferenceSets, type UsageTyping, type WarehouseCheck} from "./usageTyping.js";

/** The columns that identify an example row, in this order, when the table has them. */
const ROW_KEY_COLUMNS = ["account_id", "contract_id", "user_id", "timestamp", "session_id", "event", "module", "feature"];

export interface WarehouseValidation {
  quality: ExportQuality;
  checks: WarehouseCheck[];
  /** the WITH list every query over the accepted rows starts with (typed columns, helpers, rule verdicts) */
  withList: string[];
  /** 1 when a row breaks no rule */
  accepted: string;
}

/** The accepted accounts and contracts of the exports staged before the usage events. */
export async function referenceSets(db: PulseDb, staged: string[]): Promise<ReferenceSets> {
  const accounts = staged.includes("accounts") ? (await db.rows<{id: string}>(`SELECT account_id AS id FROM accounts ORDER BY id`)).map((r) => r.id) : null;
  const contracts = staged.includes("contracts")
    ? new Map((await db.rows<{id: string; account: string}>(`SELECT contract_id AS id, account_id AS account FROM contracts ORDER BY id`)).map((r) => [r.id, r.account]))
    : null;
  return {accounts, contracts};
}

/** The settings a query with the reference sets needs: ClickHouse parses at most 256 KiB of query by default. */
export function querySettings(sql: string): Record<string, number> | undefined {
  const bytes = Buffer.byteLength(sql);
  return bytes > 200_000 ? {max_query_size: bytes + 1_000_000} : undefined;
}

export async function validateInWarehouse(
  connection: ClickHouseConnection,
  db: PulseDb,
  typing: UsageTyping,
  config: PulseConfig,
  options: {today: string; refs: ReferenceSets}
): Promise<WarehouseValidation> {
  const source = connection.source;
  const checks = typing.checks(options.today, options.refs);
  const verdicts = checks.map((check, i) => `${check.fails} AS fail_${i}`);
  const anyFails = checks.length > 0 ? `(${checks.map((_, i) => `fail_${i}`).join(" + ")}) > 0` : "0";
  const withList = [...typing.withList(), ...typing.referenceList(options.refs), ...verdicts, `toUInt8(${anyFails}) AS rejected`];
  const from = tableSql(source);

  // 1. the counts: one row
  const countsSql = `WITH ${withList.join(",\n  ")}
SELECT count() AS rows_read, sum(rejected) AS rows_rejected${checks.map((_, i) => `, sum(fail_${i}) AS fail_${i}_rows`).join("")}
FROM ${from}`;
  const [counts] = await connection.rows<Record<string, string>>(countsSql, {label: "validation counts", settings: querySettings(countsSql)});
  const read = Number(counts.rows_read);
  const rejected = Number(counts.rows_rejected);
  const reasons = checks
    .map((check, i) => ({rule: check.rule, column: check.column, rows: Number(counts[`fail_${i}_rows`])}))
    .filter((r) => r.rows > 0)
    .sort((a, b) => b.rows - a.rows || a.rule.localeCompare(b.rule) || a.column.localeCompare(b.column));

  // 2. example rows of each broken rule and column, into the rejects table
  const perRule = config.warehouse.rejectExamples;
  if (rejected > 0 && perRule > 0) {
    const broken = checks.map((check, i) => ({check, i})).filter(({i}) => Number(counts[`fail_${i}_rows`]) > 0);
    const keyColumns = ROW_KEY_COLUMNS.filter((c) => typing.mapped[c]).map((c) => typing.mapped[c]);
    const rowKey = keyColumns.length
      ? `concat(' (row: ', ${keyColumns.map((c, k) => `'${k > 0 ? ", " : ""}${c.name.replaceAll("'", "\\'")} = ', ${keyText(c.name, c.type)}`).join(", ")}, ')')`
      : `''`;
    const problems = broken.map(({check, i}) => `(fail_${i}, toUInt16(${i}), CAST(${typing.valueText(check.column)} AS Nullable(String)), concat(${check.reason}, ${rowKey}))`);
    const order = keyColumns.map((c) => `toString(${chIdent(c.name)})`).join(", ");
    const examplesSql = `WITH ${withList.join(",\n  ")}
SELECT problem.2 AS check_index, problem.3 AS value, problem.4 AS reason
FROM ${from}
ARRAY JOIN arrayFilter(p -> p.1 = 1, [${problems.join(",\n  ")}]) AS problem
WHERE rejected = 1
ORDER BY check_index${order ? `, ${order}` : ""}, value, reason
LIMIT ${perRule} BY check_index`;
    const examples = await connection.rows<{check_index: number; value: string | null; reason: string}>(examplesSql, {
      label: "example rejected rows",
      settings: querySettings(examplesSql)
    });
    if (examples.length > 0) {
      const rows = examples.map((e) => {
        const check = checks[Number(e.check_index)];
        return `('usage_events', ${sqlString(source.display)}, NULL, ${sqlString(check.column)}, ${sqlString(check.rule)}, ${e.value === null ? "NULL" : `left(${sqlString(e.value)}, 200)`}, ${sqlString(e.reason)})`;
      });
      await db.run(`INSERT INTO rejects VALUES ${rows.join(",\n")}`);
    }
  }

  const quality: ExportQuality = {
    export: "usage_events",
    file: source.display,
    format: "clickhouse",
    rows_read: read,
    rows_accepted: read - rejected,
    rows_rejected: rejected,
    mapped_columns: typing.mappedNames,
    missing_optional_columns: typing.missingOptional,
    ignored_columns: typing.ignored,
    reasons
  };
  return {quality, checks, withList, accepted: "rejected = 0"};
}

/** A column's value as the example's key shows it: quoted text, NULL when NULL. */
function keyText(name: string, type: string): string {
  const ident = chIdent(name);
  const text = /^(String|FixedString)/.test(baseType(type)) ? ident : `toString(${ident})`;
  return `if(${ident} IS NULL, 'NULL', concat('''', replaceAll(${text}, '''', ''''''), ''''))`;
}
