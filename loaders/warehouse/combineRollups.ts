// What Pulse does with what ClickHouse rolled up (warehouseRollups.ts): the references the rows make are checked
// against the accepted accounts and contracts (unknown_account, unknown_contract, contract_account_mismatch, as
// checks.ts defines them), a row keyed by its contract gets the contract's account, the visits of rows without a
// session are derived from the gaps (the same rule as the file path: a new visit after more than
// activity.sessionGapMinutes), and the result is the rollup tables every metric reads — rollup_visits,
// rollup_features, usage_files — the same rows a file of the same events gives (docs/metrics.md#rollups), with the
// export's quality (rows read = accepted + rejected, per rule and column) and its example rejects.
import {exportSpec} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlString} from "../db.js";
import {checksFor, REFERENCE_RULES as REFERENCE_RULE_IDS} from "../validate/checks.js";
import type {ExportQuality} from "../validate/validateExport.js";
import type {ClickHouseConnection} from "./clickhouseConnection.js";
import type {WarehouseCheck, UsageTyping} from "./usageTyping.js";
import {keyRowsSql} from "./warehouseRollups.js";

/** The reference rules (checks.ts), applied by Pulse to the keys the rows make. */
const REFERENCE_RULES = ["unknown_account", "unknown_contract", "contract_account_mismatch"] as const;
type ReferenceRule = (typeof REFERENCE_RULES)[number];
if (REFERENCE_RULE_IDS.some((rule) => !(REFERENCE_RULES as readonly string[]).includes(rule))) {
  throw new Error("a reference rule of checks.ts has no warehouse form: add it to loaders/warehouse/combineRollups.ts");
}

const SAME_KEY = (a: string, b: string) =>
  `${a}.account_raw IS NOT DISTINCT FROM ${b}.account_raw AND ${a}.contract_raw IS NOT DISTINCT FROM ${b}.contract_raw`;

/** The reference rules that apply to a table with these columns, as checks.ts has them for a file. */
export function referenceRules(typing: UsageTyping, today: string, config: PulseConfig): {rule: ReferenceRule; column: string}[] {
  const checks = checksFor(exportSpec("usage_events"), {config, today, staged: ["accounts", "contracts"], present: Object.keys(typing.mapped)});
  return checks.filter((c) => (REFERENCE_RULES as readonly string[]).includes(c.rule)).map((c) => ({rule: c.rule as ReferenceRule, column: c.column}));
}

export interface CombineOptions {
  config: PulseConfig;
  today: string;
  /** how the export is named in the quality report and the rejects (the URL without a password) */
  display: string;
  checks: WarehouseCheck[];
}

/** wh_refs: every key the rows make, with the reference rules' verdicts and the account it stands for. */
async function checkReferences(db: PulseDb, rules: {rule: ReferenceRule}[]): Promise<void> {
  const has = (rule: ReferenceRule) => rules.some((r) => r.rule === rule);
  await db.run(`CREATE OR REPLACE TEMP TABLE wh_refs AS
    SELECT k.account_raw, k.contract_raw,
      ${has("unknown_account") ? "k.account_raw IS NOT NULL AND a.account_id IS NULL" : "false"} AS unknown_account,
      ${has("unknown_contract") ? "k.contract_raw IS NOT NULL AND c.contract_id IS NULL" : "false"} AS unknown_contract,
      ${has("contract_account_mismatch") ? "COALESCE(k.account_raw <> c.account_id, false)" : "false"} AS contract_account_mismatch,
      COALESCE(k.account_raw, c.account_id) AS account_id
    FROM (SELECT DISTINCT account_raw, contract_raw FROM wh_keys) k
    LEFT JOIN (SELECT DISTINCT account_id FROM accounts) a ON a.account_id = k.account_raw
    LEFT JOIN (SELECT contract_id, any_value(account_id) AS account_id FROM contracts GROUP BY contract_id) c ON c.contract_id = k.contract_raw`);
  await db.run(`ALTER TABLE wh_refs ADD COLUMN bad BOOLEAN; UPDATE wh_refs SET bad = unknown_account OR unknown_contract OR contract_account_mismatch`);
}

/** The rollup tables of the usage export, from the wh_ tables; the export's quality. */
export async function combineRollups(db: PulseDb, connection: ClickHouseConnection | null, typing: UsageTyping, options: CombineOptions): Promise<ExportQuality> {
  const {config, today, display, checks} = options;
  const references = referenceRules(typing, today, config);
  await checkReferences(db, references);
  const gapMicros = Math.round(config.activity.sessionGapMinutes * 60_000_000);
  const good = (table: string, alias: string) => `${table} ${alias} JOIN wh_refs r ON ${SAME_KEY(alias, "r")} AND NOT r.bad`;
  const sums = `CAST(sum("rows") AS BIGINT) AS "rows", CAST(sum(events) AS BIGINT) AS events, CAST(sum(key_actions) AS BIGINT) AS key_actions,
    CAST(sum(page_views) AS BIGINT) AS page_views, CAST(sum(duration_ms) AS DECIMAL(38, 0)) * 0.001 AS duration_s`;
  const day = (column: string) => `CAST(DATE '1970-01-01' + CAST(${column} AS INTEGER) AS DATE)`;

  await db.run(`CREATE OR REPLACE TABLE rollup_features AS
    SELECT r.account_id, ${day("f.day")} AS day, f.module, f.feature, ${sums}
    FROM ${good("wh_features", "f")}
    GROUP BY ALL`);

  // visits: a session's, a daily row's (the user's day), or derived from the gaps between a user's 30-minute buckets
  // (a bucket starts a visit unless the bucket before it has a row within the gap of its first)
  await db.run(`CREATE OR REPLACE TABLE rollup_visits AS
    WITH named AS (
      SELECT r.account_id, v.contract_raw AS contract_id, v.user_id,
        COALESCE(v.session_id, '  ' || COALESCE(v.user_id, '') || ':' || strftime(${day("v.day")}, '%Y-%m-%d')) AS visit_key,
        ${day("v.day")} AS day, v.module, v."rows", v.events, v.key_actions, v.page_views, v.duration_ms
      FROM ${good("wh_visits", "v")}
    ),
    bucket_rows AS (
      SELECT r.account_id, b.* EXCLUDE (account_raw) FROM ${good("wh_buckets", "b")}
    ),
    buckets AS (
      SELECT account_id, user_id, bucket, min(first_us) AS first_us, max(last_us) AS last_us FROM bucket_rows GROUP BY ALL
    ),
    starts AS (
      SELECT *,
        CASE WHEN lag(bucket) OVER w = bucket - 1 AND first_us - lag(last_us) OVER w <= ${gapMicros} THEN NULL ELSE first_us END AS start_us
      FROM buckets
      WINDOW w AS (PARTITION BY account_id, user_id ORDER BY bucket)
    ),
    visit_of_bucket AS (
      SELECT account_id, user_id, bucket,
        max(start_us) OVER (PARTITION BY account_id, user_id ORDER BY bucket ROWS UNBOUNDED PRECEDING) AS visit_start
      FROM starts
    ),
    derived AS (
      SELECT b.account_id, b.contract_raw AS contract_id, b.user_id,
        ' ' || COALESCE(b.user_id, '') || ':' || CAST(v.visit_start AS VARCHAR) AS visit_key,
        ${day("b.day")} AS day, b.module, b."rows", b.events, b.key_actions, b.page_views, b.duration_ms
      FROM bucket_rows b
      JOIN visit_of_bucket v ON v.account_id = b.account_id AND v.user_id IS NOT DISTINCT FROM b.user_id AND v.bucket = b.bucket
    )
    SELECT account_id, contract_id, user_id, visit_key, day, module, ${sums}
    FROM (SELECT * FROM named UNION ALL SELECT * FROM derived)
    GROUP BY ALL`);

  // the export's counts: rows breaking a row rule (counted in ClickHouse), and the rows of keys that break a reference rule
  const [totals] = await db.rows<{read: number; row_rejected: number; ref_rejected: number; with_user: number; last_day: string | null}>(`
    SELECT COALESCE(sum(k."rows"), 0) AS read,
      COALESCE(sum(k.rows_rejected), 0) AS row_rejected,
      COALESCE(sum(k."rows" - k.rows_rejected) FILTER (WHERE r.bad), 0) AS ref_rejected,
      COALESCE(sum(k.rows_with_user_id) FILTER (WHERE NOT r.bad), 0) AS with_user,
      strftime(max(${day("k.day")}) FILTER (WHERE NOT r.bad AND k."rows" > k.rows_rejected), '%Y-%m-%d') AS last_day
    FROM wh_keys k JOIN wh_refs r ON ${SAME_KEY("k", "r")}`);
  const rejected = totals.row_rejected + totals.ref_rejected;
  const ruleRows = await db.rows<{check_index: number; rows: number}>(`SELECT check_index, CAST(sum("rows") AS BIGINT) AS rows FROM wh_counts WHERE check_index >= 0 GROUP BY check_index`);
  const referenceRows = await db.rows<Record<ReferenceRule, number>>(`
    SELECT ${REFERENCE_RULES.map((rule) => `COALESCE(sum(k."rows") FILTER (WHERE r.${rule}), 0) AS ${rule}`).join(", ")}
    FROM wh_keys k JOIN wh_refs r ON ${SAME_KEY("k", "r")}`);
  const reasons = [
    ...ruleRows.map((r) => ({rule: checks[r.check_index].rule as string, column: checks[r.check_index].column, rows: r.rows})),
    ...references.map(({rule, column}) => ({rule: rule as string, column, rows: referenceRows[0][rule]}))
  ]
    .filter((r) => r.rows > 0)
    .sort((a, b) => b.rows - a.rows || a.rule.localeCompare(b.rule) || a.column.localeCompare(b.column));

  await db.run(`CREATE OR REPLACE TABLE usage_files AS SELECT ${sqlString(display)} AS file, ${totals.read}::BIGINT AS rows_read,
    ${totals.read - rejected}::BIGINT AS rows_accepted, ${rejected}::BIGINT AS rows_rejected, ${totals.with_user}::BIGINT AS rows_with_user_id,
    ${totals.last_day ? `DATE ${sqlString(totals.last_day)}` : "NULL::DATE"} AS last_day`);

  // example rejects: of the row rules, as ClickHouse picked them per day; of the reference rules, asked for now
  const perRule = config.warehouse.rejectExamples;
  if (perRule > 0) {
    const examples = await db.rows<{check_index: number; value: string | null; reason: string}>(`
      SELECT check_index, value, reason || ' (row: ' || row_key || ')' AS reason FROM (
        SELECT *, row_number() OVER (PARTITION BY check_index ORDER BY day NULLS FIRST, row_key, value, reason) AS n FROM wh_examples)
      WHERE n <= ${perRule} ORDER BY check_index, n`);
    await insertRejects(db, display, examples.map((e) => ({rule: checks[e.check_index].rule, column: checks[e.check_index].column, value: e.value, reason: e.reason})));
    if (connection && references.some(({rule}) => referenceRows[0][rule] > 0)) {
      await insertRejects(db, display, await referenceExamples(db, connection, typing, references, perRule));
    }
  }

  return {
    export: "usage_events",
    file: display,
    format: "clickhouse",
    rows_read: totals.read,
    rows_accepted: totals.read - rejected,
    rows_rejected: rejected,
    mapped_columns: typing.mappedNames,
    missing_optional_columns: typing.missingOptional,
    ignored_columns: typing.ignored,
    reasons
  };
}

interface Reject {
  rule: string;
  column: string;
  value: string | null;
  reason: string;
}

async function insertRejects(db: PulseDb, display: string, rejects: Reject[]): Promise<void> {
  if (rejects.length === 0) return;
  const rows = rejects.map(
    (r) => `('usage_events', ${sqlString(display)}, NULL, ${sqlString(r.column)}, ${sqlString(r.rule)}, ${r.value === null ? "NULL" : `left(${sqlString(r.value)}, 200)`}, ${sqlString(r.reason)})`
  );
  await db.run(`INSERT INTO rejects VALUES ${rows.join(",\n")}`);
}

/**
 * Example rows of the keys that break a reference rule: up to `perRule` keys per rule (the first by their ids),
 * and up to `perRule` of their rows, asked of ClickHouse by their account and contract ids (a short list).
 */
async function referenceExamples(db: PulseDb, connection: ClickHouseConnection, typing: UsageTyping, references: {rule: ReferenceRule; column: string}[], perRule: number): Promise<Reject[]> {
  const bad = await db.rows<{rule: ReferenceRule; account_raw: string | null; contract_raw: string | null; owner: string | null}>(`
    ${references
      .map(
        ({rule}) => `(SELECT '${rule}' AS rule, r.account_raw, r.contract_raw, c.account_id AS owner FROM wh_refs r
          LEFT JOIN (SELECT contract_id, any_value(account_id) AS account_id FROM contracts GROUP BY contract_id) c ON c.contract_id = r.contract_raw
          WHERE r.${rule} ORDER BY r.account_raw NULLS FIRST, r.contract_raw NULLS FIRST LIMIT ${perRule})`
      )
      .join(" UNION ALL ")}`);
  if (bad.length === 0) return [];
  const rows = await connection.rows<{account_raw: string | null; contract_raw: string | null; row_key: string}>(keyRowsSql(connection.source, typing, bad, perRule), {
    label: "example rows of unknown accounts and contracts"
  });
  const out: Reject[] = [];
  for (const {rule, column} of references) {
    const keys = bad.filter((b) => b.rule === rule);
    const matching = rows.filter((row) => keys.some((k) => k.account_raw === row.account_raw && k.contract_raw === row.contract_raw)).slice(0, perRule);
    for (const row of matching) {
      const key = keys.find((k) => k.account_raw === row.account_raw && k.contract_raw === row.contract_raw)!;
      const reason =
        rule === "unknown_account"
          ? `unknown account_id: ${row.account_raw}`
          : rule === "unknown_contract"
            ? `unknown contract_id: ${row.contract_raw}`
            : `contract ${row.contract_raw} belongs to account ${key.owner}, not ${row.account_raw}`;
      out.push({rule, column, value: column === "account_id" ? row.account_raw : row.contract_raw, reason: `${reason} (row: ${row.row_key})`});
    }
  }
  return out;
}
