// Splits one export into its accepted, typed table and its rejected rows.
// rows read = rows accepted + rows rejected, for every export: checked here, not assumed.
import {basename} from "node:path";
import {exportSpec} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlIdent, sqlString} from "../db.js";
import type {RawExport} from "../ingest/readExport.js";
import {checksFor, typedValue, type ValidationContext} from "./checks.js";

export interface ExportQuality {
  export: string;
  file: string;
  format: string;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  mapped_columns: Record<string, string>;
  missing_optional_columns: string[];
  ignored_columns: string[];
  reasons: {rule: string; column: string; rows: number}[];
}

export const REJECTS_TABLE = `CREATE TABLE IF NOT EXISTS rejects (
  export VARCHAR, file VARCHAR, "row" BIGINT, "column" VARCHAR, rule VARCHAR, value VARCHAR, reason VARCHAR)`;

export async function validateExport(
  db: PulseDb,
  raw: RawExport,
  config: PulseConfig,
  options: {today: string; accountsTable: string | null}
): Promise<ExportQuality> {
  const spec = exportSpec(raw.name);
  const ctx: ValidationContext = {config, today: options.today, view: raw.view, accountsTable: options.accountsTable};
  const checks = checksFor(spec, ctx);
  const file = basename(raw.path);

  // The first row holding each id, so that later rows with the same id are duplicates.
  const firstRow = spec.key ? `, min(_row) OVER (PARTITION BY NULLIF(trim(${sqlIdent(spec.key)}), '')) AS _first_row` : "";
  const checked = `checked_${raw.name}`;
  await db.run(`CREATE OR REPLACE TEMP VIEW ${checked} AS SELECT *${firstRow} FROM ${raw.view}`);

  const anyFails = checks.map((c) => c.fails).join(" OR ");
  const typedColumns = spec.columns
    .filter((c) => config.privacy.includeContactFields || !c.contact)
    .map((c) => `${typedValue(spec, c, config)} AS ${sqlIdent(c.name)}`);
  const order = spec.key ? ` ORDER BY ${sqlIdent(spec.key)}` : "";
  await db.run(`CREATE OR REPLACE TABLE ${raw.name} AS SELECT ${typedColumns.join(", ")} FROM ${checked} WHERE NOT (${anyFails})${order}`);

  await db.run(REJECTS_TABLE);
  const problems = checks
    .map((c) => `CASE WHEN ${c.fails} THEN {'column': ${sqlString(c.column)}, 'rule': ${sqlString(c.rule)}, 'value': ${sqlIdent(c.column)}, 'reason': ${c.reason}} END`)
    .join(",\n ");
  await db.run(`INSERT INTO rejects
    SELECT ${sqlString(raw.name)}, ${sqlString(file)}, _row, p.column, p.rule, left(p.value, 200), p.reason
    FROM (SELECT _row, unnest(list_filter([${problems}], p -> p IS NOT NULL)) AS p FROM ${checked} WHERE ${anyFails})
    ORDER BY _row, p.column, p.rule`);

  const [counts] = await db.rows<{read: number; accepted: number; rejected: number}>(`SELECT
      (SELECT count(*) FROM ${raw.view}) AS read,
      (SELECT count(*) FROM ${raw.name}) AS accepted,
      (SELECT count(DISTINCT "row") FROM rejects WHERE export = ${sqlString(raw.name)}) AS rejected`);
  if (counts.read !== counts.accepted + counts.rejected) {
    throw new Error(`${file}: ${counts.read} rows read but ${counts.accepted} accepted + ${counts.rejected} rejected (a validation rule is broken)`);
  }
  const reasons = await db.rows<{rule: string; column: string; rows: number}>(`
    SELECT rule, "column", count(DISTINCT "row") AS rows FROM rejects WHERE export = ${sqlString(raw.name)}
    GROUP BY ALL ORDER BY rows DESC, rule, "column"`);
  return {
    export: raw.name,
    file,
    format: raw.format,
    rows_read: counts.read,
    rows_accepted: counts.accepted,
    rows_rejected: counts.rejected,
    mapped_columns: raw.mapped,
    missing_optional_columns: raw.missingOptional,
    ignored_columns: raw.ignored,
    reasons
  };
}
