// What ClickHouse computes of the usage events, per day, where they live (every shard aggregates its own part of
// a Distributed table): the rows typed and checked by the rules about a row alone (usageTyping.ts), then rolled up
// into five small tables that Pulse pulls (gzip-compressed when the user may ask for it; the four rollups a column
// at a time, columnar()) into the build database:
//
//   wh_counts    day × rule                 rows read, rows breaking any row rule, rows breaking each
//   wh_keys      day × account × contract   rows (all), rows breaking a row rule, accepted rows with no action
//                                            (count 0) and with a user id — the references the rows make, which
//                                            Pulse checks against the accounts and contracts (combineRollups.ts)
//   wh_features  day × account × contract × module × feature                  — rollup_features
//   wh_visits    day × account × contract × user × session × module           — rollup_visits, for rows with a
//                                            session id, and daily rows (session NULL: the user's day)
//   wh_buckets   day × account × contract × user × 30-minute bucket × module  — rows with a time of day and no
//                                            session: their first and last time; Pulse derives their visits from
//                                            the gaps (ClickHouse 18.16 has no window functions; a bucket as wide
//                                            as the gap never holds a gap, so the buckets' ends are enough)
//   wh_examples  day × rule: up to warehouse.rejectExamples rejected rows, with the values that find them
//
// "day" is the UTC day of the row's timestamp (days since 1970; NULL when it has none). Every number is exact:
// counts are whole numbers, durations are summed in milliseconds after rounding each row as DuckDB's cast to
// DECIMAL(18, 3) does (half away from zero), and nothing is approximate (no uniq, no sampling).
import {closeSync, mkdtempSync, openSync, readSync, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlIdent, sqlString} from "../db.js";
import type {ClickHouseConnection} from "./clickhouseConnection.js";
import {chIdent, tableSql, type ClickHouseSource} from "./clickhouseSource.js";
import {baseType, stringArray, type UsageTyping, type WarehouseCheck} from "./usageTyping.js";

/** The columns that identify an example row, in this order, when the table has them. */
const ROW_KEY_COLUMNS = ["account_id", "contract_id", "user_id", "timestamp", "session_id", "event", "module", "feature"];

/** A DuckDB type per pulled column. */
type Columns = Record<string, string>;

export const PULLED: Record<"wh_counts" | "wh_keys" | "wh_features" | "wh_visits" | "wh_buckets" | "wh_examples", Columns> = {
  wh_counts: {day: "INTEGER", check_index: "INTEGER", rows: "BIGINT"},
  wh_keys: {day: "INTEGER", account_raw: "VARCHAR", contract_raw: "VARCHAR", rows: "BIGINT", rows_rejected: "BIGINT", rows_no_action: "BIGINT", rows_with_user_id: "BIGINT"},
  wh_features: {
    day: "INTEGER", account_raw: "VARCHAR", contract_raw: "VARCHAR", module: "VARCHAR", feature: "VARCHAR",
    rows: "BIGINT", events: "BIGINT", key_actions: "BIGINT", page_views: "BIGINT", duration_ms: "BIGINT"
  },
  wh_visits: {
    day: "INTEGER", account_raw: "VARCHAR", contract_raw: "VARCHAR", user_id: "VARCHAR", session_id: "VARCHAR", module: "VARCHAR",
    rows: "BIGINT", events: "BIGINT", key_actions: "BIGINT", page_views: "BIGINT", duration_ms: "BIGINT"
  },
  wh_buckets: {
    day: "INTEGER", account_raw: "VARCHAR", contract_raw: "VARCHAR", user_id: "VARCHAR", bucket: "BIGINT", module: "VARCHAR",
    first_us: "BIGINT", last_us: "BIGINT", rows: "BIGINT", events: "BIGINT", key_actions: "BIGINT", page_views: "BIGINT", duration_ms: "BIGINT"
  },
  wh_examples: {day: "INTEGER", check_index: "INTEGER", value: "VARCHAR", reason: "VARCHAR", row_key: "VARCHAR"}
};

export type PulledTable = keyof typeof PULLED;

/** The days to compute: all of them, or a list (days since 1970; null = the rows without a timestamp). */
export type DaySelection = {all: true} | {all: false; days: (number | null)[]};

export interface RollupQueries {
  checks: WarehouseCheck[];
  /** the WITH list the queries start with: typed columns, row verdicts (row_rejected) and the rows' values */
  withList: string[];
  /** the SQL of each pulled table, for these days */
  sql: Record<PulledTable, string>;
  /** every row is one event (no count column): events is not sent, it equals rows */
  eventsAreRows: boolean;
}

/** The row-level verdicts and the values every grain reads, after the typing's WITH list. */
function rowList(typing: UsageTyping, checks: WarehouseCheck[], config: PulseConfig): string[] {
  const gapMicros = Math.round(config.activity.sessionGapMinutes * 60_000_000);
  const anyFails = checks.length > 0 ? `(${checks.map((_, i) => `fail_${i}`).join(" + ")}) > 0` : "0";
  return [
    ...checks.map((check, i) => `${check.fails} AS fail_${i}`),
    `toUInt8(${anyFails}) AS row_rejected`,
    // the day (UTC) of the timestamp, as days since 1970 (floor, also before 1970)
    `toInt64(intDiv(v_timestamp, toInt64(86400000000)) - if(v_timestamp % toInt64(86400000000) < 0, 1, 0)) AS day_n`,
    `toInt64(ifNull(v_count, 1)) AS row_events`,
    `toUInt8(row_rejected = 0 AND row_events > 0) AS rolled_up`,
    `toInt64(if(ifNull(has(${stringArray(config.activity.keyActions)}, v_event), 0), row_events, 0)) AS row_key_actions`,
    `toInt64(ifNull(v_page_views, if(ifNull(v_event = 'page_view', 0), row_events, 0))) AS row_page_views`,
    // DuckDB's CAST(x AS DECIMAL(18, 3)): x × 1000 in double, rounded half away from zero
    `ifNull(v_duration_s * 1000, 0) AS duration_x1000`,
    `toInt64(trunc(duration_x1000) + if(abs(duration_x1000 - trunc(duration_x1000)) >= 0.5, if(duration_x1000 < 0, -1, 1), 0)) AS row_duration_ms`,
    `toInt64(intDiv(v_timestamp, toInt64(${gapMicros + 1}))) AS row_bucket`,
    `v_account_id AS account_raw`,
    `v_contract_id AS contract_raw`
  ];
}

/**
 * A filter on the days to compute. On a DateTime or Date column it also bounds the column itself, so that
 * ClickHouse reads only the parts (and partitions) holding those days.
 */
function dayFilter(typing: UsageTyping, days: DaySelection): string {
  if (days.all) return "1";
  const known = days.days.filter((d): d is number => d !== null);
  const parts: string[] = [];
  if (known.length > 0) {
    parts.push(`day_n IN (${known.join(", ")})`);
  }
  if (days.days.includes(null)) parts.push("day_n IS NULL");
  if (parts.length === 0) return "0";
  const source = typing.mapped.timestamp;
  const base = baseType(source.type);
  let bound = "";
  if (known.length > 0 && !days.days.includes(null) && /^(DateTime|Date)/.test(base) && !/^DateTime64/.test(base)) {
    const [first, last] = [Math.min(...known), Math.max(...known)];
    const ident = chIdent(source.name);
    bound = /^Date(32)?$/.test(base)
      ? ` AND ${ident} >= toDate(${first}) AND ${ident} <= toDate(${last})`
      : ` AND ${ident} >= toDateTime(${Math.max(0, first * 86400)}) AND ${ident} < toDateTime(${Math.max(0, (last + 1) * 86400)})`;
  }
  return `(${parts.join(" OR ")})${bound}`;
}

/** The columns that come as text (the others are whole numbers). */
const TEXT_OUTPUTS = new Set(["o_account", "o_contract", "o_user", "o_session", "o_module", "o_feature"]);

/**
 * A grouped rollup, sent back a column at a time (bench/RESULTS.md, #18: where the bytes go). ClickHouse groups the
 * rows (every shard its part), then, on the server the URL names, gathers the rollup's rows per account into arrays
 * sorted by the other keys (`sortBy`, the day last) and sends one line per column and account, ordered by column
 * and account: the values of one column side by side, as a column store keeps them, compress to about 0.6 of the
 * bytes of the rows one by one (the account, the line's key, is not repeated). Every output column is a WITH alias
 * selected by name (ClickHouse 18.16 loses a SELECT-list alias of a WITH alias). `omit`: columns not sent (Pulse
 * fills them in, pullRollups). JSONEachRow: {"k": account, "c": column index in `outputs`, "s": texts, "n": numbers}.
 */
function columnar(
  withList: string[],
  outputs: [string, string][],
  from: string,
  where: string,
  sortBy: string[],
  omit: string[] = [],
  remainderOf: string[] = []
): string {
  const isAggregate = (expr: string) => /^(sum|count|min|max|countIf|sumIf|minIf|maxIf)\(/.test(expr);
  const named = outputs.filter(([, expr]) => !isAggregate(expr));
  const aggregates = outputs.filter(([, expr]) => isAggregate(expr));
  const grouped = `WITH ${[...withList, ...named.map(([name, expr]) => `${expr} AS ${name}`)].join(",\n  ")}
SELECT ${[...named.map(([name]) => name), ...aggregates.map(([name, expr]) => `toInt64(${expr}) AS ${name}`)].join(", ")}
FROM ${from}
WHERE ${where}
GROUP BY ${named.map(([name]) => name).join(", ")}`;
  // the tuple holds every column but the account, in the order the arrays are sorted by (then the rest)
  const inTuple = [...sortBy, ...outputs.map(([name]) => name).filter((name) => name !== "o_account" && !sortBy.includes(name))];
  const sent = outputs.map(([name], index) => ({name, index})).filter(({name}) => name !== "o_account" && !omit.includes(name));
  const element = (name: string) => `arrayMap(r -> r.${inTuple.indexOf(name) + 1}, t)`;
  const keys = new Set(named.map(([name]) => name));
  // remainderOf: the last row of each group of these keys (contiguous: sortBy starts with them) sends no sums (null);
  // `ends` marks it: its group's keys differ from the next row's (18.16's lambdas see only their own arguments)
  const numberOf = (name: string) =>
    remainderOf.length > 0 && !keys.has(name) ? `arrayMap((e, r) -> if(e = 1, NULL, r.${inTuple.indexOf(name) + 1}), ends, t)` : element(name);
  const groupKeys = remainderOf.map((name) => `isNull(r.${inTuple.indexOf(name) + 1}), ifNull(toString(r.${inTuple.indexOf(name) + 1}), '')`);
  const sentinel = remainderOf.map(() => "toUInt8(2), ''");
  const ends =
    remainderOf.length > 0
      ? `,\n  arrayMap(r -> tuple(${groupKeys.join(", ")}), t) AS group_keys,\n  arrayMap((a, b) -> toUInt8(a != b), group_keys, arrayPushBack(arrayPopFront(group_keys), tuple(${sentinel.join(", ")}))) AS ends`
      : "";
  const texts = sent.map(({name}) => (TEXT_OUTPUTS.has(name) ? element(name) : "emptyArrayString()"));
  const numbers = sent.map(({name}) => (TEXT_OUTPUTS.has(name) ? "emptyArrayInt64()" : numberOf(name)));
  return `SELECT k, c, s, n FROM (
SELECT o_account AS k, arraySort(groupArray(tuple(${inTuple.join(", ")}))) AS t${ends}
FROM (
${grouped}
)
GROUP BY o_account
)
ARRAY JOIN [${sent.map(({index}) => index).join(", ")}] AS c, [${texts.join(", ")}] AS s, [${numbers.join(", ")}] AS n
ORDER BY c, k
FORMAT JSONEachRow`;
}

export function rollupQueries(source: ClickHouseSource, typing: UsageTyping, config: PulseConfig, today: string, days: DaySelection): RollupQueries {
  const checks = typing.rowChecks(today);
  const withList = [...typing.withList(), ...rowList(typing, checks, config)];
  const from = tableSql(source);
  const inDays = dayFilter(typing, days);
  // (output names never a column's: an alias named like a column the typing reads would be a cycle)
  const sums: [string, string][] = [
    ["o_rows", "count()"],
    ["o_events", "sum(row_events)"],
    ["o_key_actions", "sum(row_key_actions)"],
    ["o_page_views", "sum(row_page_views)"],
    ["o_duration_ms", "sum(row_duration_ms)"]
  ];
  const sql = {} as Record<PulledTable, string>;

  // counts per day and row rule: check_index -1 is every row read, -2 every row breaking a rule
  const perRule = ["count()", "sum(row_rejected)", ...checks.map((_, i) => `sum(fail_${i})`)];
  // (ClickHouse 18.16 has no GROUPING SETS: one row per day with every count, turned into rows by Pulse)
  sql.wh_counts = `WITH ${[...withList, "day_n AS o_day"].join(",\n  ")}
SELECT o_day, ${perRule.map((expr, i) => `${expr} AS c${i}`).join(", ")}
FROM ${from}
WHERE ${inDays}
GROUP BY o_day
FORMAT CSVWithNames`;

  // without a count column every row is one event: events = rows, not sent (pullRollups fills it in)
  const omit = typing.mapped.count ? [] : ["o_events"];
  sql.wh_keys = columnar(
    withList,
    [
      ["o_day", "day_n"], ["o_account", "account_raw"], ["o_contract", "contract_raw"],
      ["o_rows", "count()"], ["o_rows_rejected", "sum(row_rejected)"],
      ["o_rows_no_action", "sum(toUInt8(row_rejected = 0 AND row_events = 0))"],
      ["o_rows_with_user_id", "sum(toUInt8(row_rejected = 0 AND v_user_id IS NOT NULL))"]
    ],
    from,
    inDays,
    ["o_contract", "o_day"]
  );
  sql.wh_features = columnar(
    withList,
    [["o_day", "day_n"], ["o_account", "account_raw"], ["o_contract", "contract_raw"], ["o_module", "v_module"], ["o_feature", "v_feature"], ...sums],
    from,
    `${inDays} AND rolled_up = 1`,
    ["o_contract", "o_module", "o_day", "o_feature"],
    omit,
    // a module's day adds up to the same sums in the visits and buckets: one feature's can be told from the others'
    ["o_contract", "o_module", "o_day"]
  );
  sql.wh_visits = columnar(
    withList,
    [["o_day", "day_n"], ["o_account", "account_raw"], ["o_contract", "contract_raw"], ["o_user", "v_user_id"], ["o_session", "v_session_id"], ["o_module", "v_module"], ...sums],
    from,
    `${inDays} AND rolled_up = 1 AND (v_session_id IS NOT NULL OR v_date_only = 1)`,
    ["o_contract", "o_user", "o_day", "o_session", "o_module"],
    omit
  );
  sql.wh_buckets = columnar(
    withList,
    [
      ["o_day", "day_n"], ["o_account", "account_raw"], ["o_contract", "contract_raw"], ["o_user", "v_user_id"], ["o_bucket", "row_bucket"], ["o_module", "v_module"],
      ["o_first_us", "min(v_timestamp)"], ["o_last_us", "max(v_timestamp)"], ...sums
    ],
    from,
    `${inDays} AND rolled_up = 1 AND v_session_id IS NULL AND v_date_only = 0`,
    ["o_contract", "o_user", "o_bucket", "o_module"],
    omit
  );

  // examples of rows breaking each row rule, per day: ordered by the values that find them, so the same table gives
  // the same examples
  const {rowKey, order} = rowKeySql(typing);
  const problems = checks.map((check, i) => `(fail_${i}, toInt32(${i}), CAST(${typing.valueText(check.column)} AS Nullable(String)), toString(${check.reason}))`);
  sql.wh_examples = checks.length === 0
    ? ""
    : `WITH ${[...withList, `${rowKey} AS o_row_key`, "day_n AS o_day"].join(",\n  ")}
SELECT o_day, problem.2 AS o_check_index, problem.3 AS o_value, problem.4 AS o_reason, o_row_key
FROM ${from}
ARRAY JOIN arrayFilter(p -> p.1 = 1, [${problems.join(",\n  ")}]) AS problem
WHERE ${inDays} AND row_rejected = 1
ORDER BY o_day, o_check_index${order ? `, ${order}` : ""}, o_value, o_reason
LIMIT ${config.warehouse.rejectExamples} BY o_day, o_check_index
FORMAT CSVWithNames`;
  return {checks, withList, sql, eventsAreRows: omit.length > 0};
}

/** What identifies a row of a table (which has no row numbers): its values of the key columns, as text, and the
 *  order they give. */
function rowKeySql(typing: UsageTyping): {rowKey: string; order: string} {
  const keyColumns = ROW_KEY_COLUMNS.filter((c) => typing.mapped[c]).map((c) => typing.mapped[c]);
  const rowKey = keyColumns.length
    ? `concat(${keyColumns.map((c, k) => `'${k > 0 ? ", " : ""}${c.name.replaceAll("\\", "\\\\").replaceAll("'", "\\'")} = ', ${keyText(c.name, c.type)}`).join(", ")})`
    : `''`;
  return {rowKey, order: keyColumns.map((c) => `toString(${chIdent(c.name)})`).join(", ")};
}

/**
 * The rows (up to perKey each) of some account and contract keys, identified by their values: for the example
 * rejects of the reference rules, which Pulse applies after the rollups.
 */
export function keyRowsSql(source: ClickHouseSource, typing: UsageTyping, keys: {account_raw: string | null; contract_raw: string | null}[], perKey: number): string {
  const {rowKey, order} = rowKeySql(typing);
  // ids are never '' (an empty id is NULL), so '' stands for NULL here
  const wanted = keys.map((k) => `(${stringArray([k.account_raw ?? "", k.contract_raw ?? ""]).slice(1, -1)})`);
  return `WITH ${[...typing.withList(), "v_account_id AS account_raw", "v_contract_id AS contract_raw", `${rowKey} AS row_key`].join(",\n  ")}
SELECT account_raw, contract_raw, row_key
FROM ${tableSql(source)}
WHERE (ifNull(account_raw, ''), ifNull(contract_raw, '')) IN (SELECT arrayJoin([${wanted.join(", ")}]))
ORDER BY account_raw, contract_raw, ${order || "row_key"}
LIMIT ${perKey} BY account_raw, contract_raw`;
}

/** A column's value as the example's key shows it: quoted text, NULL when NULL. */
function keyText(name: string, type: string): string {
  const ident = chIdent(name);
  const text = /^(String|FixedString)/.test(baseType(type)) ? ident : `toString(${ident})`;
  return `if(${ident} IS NULL, 'NULL', concat('''', replaceAll(${text}, '''', ''''''), ''''))`;
}

/**
 * Runs the queries and loads each answer into a DuckDB table of that name (replacing it). Returns the bytes pulled.
 * wh_counts comes as one row per day with a column per count, and is turned into (day, check_index, rows).
 */
export async function pullRollups(connection: ClickHouseConnection, db: PulseDb, queries: RollupQueries, progress: (m: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pulse-warehouse-"));
  try {
    for (const table of Object.keys(PULLED) as PulledTable[]) {
      const sql = queries.sql[table];
      if (table === "wh_examples" && sql === "") {
        await db.run(`CREATE OR REPLACE TABLE wh_examples (${columnsDdl(PULLED.wh_examples)})`);
        continue;
      }
      const file = join(dir, `${table}.${table === "wh_counts" || table === "wh_examples" ? "csv" : "json"}`);
      const started = Date.now();
      const bytes = await connection.toFile(sql, file, {label: LABELS[table]});
      progress(`usage_events: ${LABELS[table]} from ClickHouse (${(bytes / 1e6).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (table === "wh_counts") {
        const counts = queries.checks.length + 2;
        const columns: Columns = {day: "INTEGER", ...Object.fromEntries(Array.from({length: counts}, (_, i) => [`c${i}`, "BIGINT"]))};
        await db.run(`CREATE OR REPLACE TABLE wh_counts AS
          SELECT day, check_index - 2 AS check_index, "rows" FROM (
            SELECT day, unnest(range(${counts})) AS check_index, unnest([${Array.from({length: counts}, (_, i) => `c${i}`).join(", ")}]) AS "rows"
            FROM ${csvReader(file, columns)})
          WHERE "rows" > 0`);
        continue;
      }
      if (table === "wh_examples") {
        const names = Object.keys(PULLED[table]);
        const csvColumns = Object.fromEntries(names.map((name, i) => [`c${i}`, PULLED[table][name]]));
        // the CSV's header has ClickHouse's names (o_day, …): read by position
        await db.run(`CREATE OR REPLACE TABLE ${table} AS SELECT ${names.map((name, i) => `c${i} AS ${sqlIdent(name)}`).join(", ")} FROM ${csvReader(file, csvColumns)}`);
        continue;
      }
      await db.run(`CREATE OR REPLACE TABLE ${table} AS ${fromColumns(file, PULLED[table], queries.eventsAreRows)}`);
    }
    await featureRemainders(db);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

const LABELS: Record<PulledTable, string> = {
  wh_counts: "rows per rule and day",
  wh_keys: "accounts and contracts per day",
  wh_features: "rollup of features per day",
  wh_visits: "rollup of visits per day",
  wh_buckets: "rollup of visits without a session, per 30 minutes",
  wh_examples: "example rejected rows"
};

/**
 * A rollup sent a column at a time (columnar(): one JSON line per column and account) as the table of its rows: the
 * lines of an account side by side, their arrays unnested together (DuckDB unnests the lists of one SELECT in step).
 * Column i of the table is output i of the query; the account (index 1) is the line's key.
 */
function fromColumns(file: string, columns: Columns, eventsAreRows: boolean): string {
  const names = Object.keys(columns);
  if (statSync(file).size === 0) return `SELECT ${names.map((name) => `NULL::${columns[name]} AS ${sqlIdent(name)}`).join(", ")} WHERE false`;
  const sentIndex = (name: string) => (eventsAreRows && name === "events" ? names.indexOf("rows") : names.indexOf(name));
  const sent = names.map((name, i) => ({name, i})).filter(({name, i}) => i !== 1 && sentIndex(name) === i);
  const isText = (name: string) => columns[name] === "VARCHAR";
  const gathered = sent.map(({name, i}) => `any_value(${isText(name) ? "s" : "n"}) FILTER (WHERE c = ${i}) AS c${i}`);
  // (DuckDB reads a JSON line of up to maximum_object_size, and sets aside twice that: the longest line, not more)
  const reader = `read_json(${sqlString(file)}, format = 'newline_delimited', maximum_object_size = ${Math.max(1 << 20, longestLine(file) + 1024)},
    columns = {k: 'VARCHAR', c: 'INTEGER', s: 'VARCHAR[]', n: 'BIGINT[]'})`;
  const values = names.map((name, i) => (i === 1 ? `k AS ${sqlIdent(name)}` : `CAST(c${sentIndex(name)} AS ${columns[name]}) AS ${sqlIdent(name)}`));
  return `SELECT ${values.join(", ")} FROM (
    SELECT k, ${sent.map(({i}) => `unnest(c${i}) AS c${i}`).join(", ")}
    FROM (SELECT k, ${gathered.join(", ")} FROM ${reader} GROUP BY k))`;
}

/**
 * The sums of the one feature per day × account × contract × module that ClickHouse sent without them (null): the
 * module's day adds up to the same sums over the visits and the buckets (every row rolled up is in one of the two),
 * so that feature's are those less the other features'. Exact: whole numbers. A row left without them fails the build.
 */
async function featureRemainders(db: PulseDb): Promise<void> {
  const sums = ["rows", "events", "key_actions", "page_views", "duration_ms"].map(sqlIdent);
  const key = ["day", "account_raw", "contract_raw", "module"];
  const same = (a: string, b: string) => key.map((k) => `${a}.${k} IS NOT DISTINCT FROM ${b}.${k}`).join(" AND ");
  const totals = (from: string) => `SELECT ${key.join(", ")}, ${sums.map((c) => `sum(${c}) AS ${c}`).join(", ")} FROM ${from} GROUP BY ALL`;
  // (the rows without sums apart: a join condition on one side only would make DuckDB join every row with every row)
  await db.run(`CREATE OR REPLACE TABLE wh_features AS
    WITH missing AS (SELECT * FROM wh_features WHERE "rows" IS NULL),
    module_days AS (${totals("(SELECT * FROM wh_visits UNION ALL BY NAME SELECT * FROM wh_buckets)")}),
    known AS (${totals(`(SELECT * FROM wh_features WHERE "rows" IS NOT NULL)`)})
    SELECT * FROM wh_features WHERE "rows" IS NOT NULL
    UNION ALL
    SELECT f.day, f.account_raw, f.contract_raw, f.module, f.feature,
      ${sums.map((c) => `CAST(t.${c} - COALESCE(k.${c}, 0) AS BIGINT) AS ${c}`).join(", ")}
    FROM missing f
    LEFT JOIN module_days t ON ${same("f", "t")}
    LEFT JOIN known k ON ${same("f", "k")}`);
  const left = await db.value<number>(`SELECT count(*) FROM wh_features WHERE ${sums.map((c) => `${c} IS NULL`).join(" OR ")} OR "rows" <= 0`);
  if (left > 0) throw new Error(`${left} rows of the features rollup from ClickHouse have no sums: the visits and buckets of their module and day do not add up to more than the other features'`);
}

/** The length in bytes of the longest line of a file. */
function longestLine(file: string): number {
  const fd = openSync(file, "r");
  const buffer = Buffer.alloc(4 << 20);
  let longest = 0;
  let current = 0;
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      let from = 0;
      for (let at = buffer.indexOf(10, from); at !== -1 && at < read; at = buffer.indexOf(10, from)) {
        longest = Math.max(longest, current + at - from);
        current = 0;
        from = at + 1;
      }
      current += read - from;
    }
  } finally {
    closeSync(fd);
  }
  return Math.max(longest, current);
}

function columnsDdl(columns: Columns): string {
  return Object.entries(columns).map(([name, type]) => `${sqlIdent(name)} ${type}`).join(", ");
}

/** ClickHouse's CSVWithNames as DuckDB reads it: quoted strings, \N for NULL (a quoted "\N" is the text). */
function csvReader(file: string, columns: Columns): string {
  const types = Object.entries(columns).map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(", ");
  return `read_csv(${sqlString(file)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '\\N',
    allow_quoted_nulls = false, columns = {${types}})`;
}
