// Splits one export into its accepted, typed table and its rejected rows.
// rows read = rows accepted + rows rejected, for every export: checked here, not assumed.
import {basename} from "node:path";
import {exportSpec, type ExportName} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlIdent, sqlString} from "../db.js";
import type {RawExport} from "../ingest/readExport.js";
import {PulseInputError} from "../errors.js";
import {firstLines} from "../ingest/readExport.js";
import {checksFor, rawColumns, rejectedValue, typedColumns, type Check, type ValidationContext} from "./checks.js";

export interface ExportQuality {
  export: string;
  file: string;
  format: string;
  /** for an export given as a folder: how many files it held */
  files?: number;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  mapped_columns: Record<string, string>;
  missing_optional_columns: string[];
  ignored_columns: string[];
  reasons: {rule: string; column: string; rows: number}[];
}

/** The rejects' columns: one row per rule a row broke. */
export const REJECTS_COLUMNS = `export VARCHAR, file VARCHAR, "row" BIGINT, "column" VARCHAR, rule VARCHAR, value VARCHAR, reason VARCHAR`;
export const REJECTS_TABLE = `CREATE TABLE IF NOT EXISTS rejects (${REJECTS_COLUMNS})`;

export async function validateExport(
  db: PulseDb,
  raw: RawExport,
  config: PulseConfig,
  options: {today: string; staged: ExportName[]}
): Promise<ExportQuality> {
  const spec = exportSpec(raw.name);
  const ctx: ValidationContext = {config, today: options.today, staged: options.staged, present: Object.keys(raw.mapped)};
  const checks = checksFor(spec, ctx);
  const file = basename(raw.path);

  // 1. Type every column once. The table keeps the file's order, so rowid + 1 is the row number — unless the CSV
  //    reader kept malformed lines aside, which shifts the rows after them (see malformedRows).
  const typed = `typed_${raw.name}`;
  if (raw.malformedTable) await db.run(`DROP TABLE IF EXISTS ${sqlIdent(raw.malformedTable)}`);
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE ${typed} AS SELECT ${typedColumns(spec, config).join(", ")} FROM ${raw.view}`);
  } catch (error) {
    throw new PulseInputError(file, `cannot be read as ${raw.format}: ${firstLines(error)}`);
  }
  await db.run(REJECTS_TABLE);
  const malformed = await malformedRows(db, raw, file);
  const read = (await db.value<number>(`SELECT count(*) FROM ${typed}`)) + malformed;
  const {row: rowNumber, join: shifted} = fileRowNumber(raw.name, malformed);
  const checked = `checked_${raw.name}`;
  await db.run(`CREATE OR REPLACE TEMP VIEW ${checked} AS SELECT *${
    // the first row holding each id, so that later rows with the same id are duplicates
    spec.key ? `, min(_row) OVER (PARTITION BY ${sqlIdent(spec.key)}) AS _first_row` : ""
  } FROM (SELECT t.*, t.rowid AS _rowid, ${rowNumber} AS _row FROM ${typed} t${shifted})`);

  // 2. Rows that break a rule go to the rejects, once per rule broken.
  const anyFails = checks.map((c) => c.fails).join(" OR ");
  await db.run(insertRejectsSql("rejects", raw.name, file, checked, checks));

  // 3. The rest is the accepted table: the typed table without its rejected rows and helper columns
  //    (no copy of the rows is made: on millions of events that matters).
  await db.run(
    malformed > 0
      ? `DELETE FROM ${typed} WHERE rowid IN (SELECT _rowid FROM ${checked} WHERE ${anyFails})`
      : `DELETE FROM ${typed} WHERE rowid + 1 IN (SELECT "row" FROM rejects WHERE export = ${sqlString(raw.name)})`
  );
  const helpers = [...rawColumns(spec), ...spec.columns.filter((c) => c.contact && !config.privacy.includeContactFields).map((c) => sqlIdent(c.name))];
  await db.run(`DROP VIEW ${checked}`);
  for (const column of helpers) await db.run(`ALTER TABLE ${typed} DROP COLUMN ${column}`);
  // a usage row keyed by its contract gets the contract's account (the check above accepted only known contracts)
  for (const column of spec.columns.filter((c) => c.orElse && raw.mapped[c.orElse])) {
    const reference = spec.columns.find((c) => c.name === column.orElse)!.references!;
    await db.run(`UPDATE ${typed} SET ${sqlIdent(column.name)} = r.account_id FROM ${sqlIdent(reference.exportName)} r
      WHERE ${typed}.${sqlIdent(column.name)} IS NULL AND r.${sqlIdent(reference.column)} = ${typed}.${sqlIdent(column.orElse!)}`);
  }
  await db.run(`DROP TABLE IF EXISTS ${raw.name}; ALTER TABLE ${typed} RENAME TO ${raw.name}`);

  const [counts] = await db.rows<{read: number; accepted: number; rejected: number}>(`SELECT
      ${read} AS read,
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

/**
 * INSERT INTO `target` the rejects of the rows of `relation` (typed columns, raw_<column> texts and the file's row
 * number `_row`) that break one of `checks`: one row per rule broken, in the order of rows, columns and rules.
 */
export function insertRejectsSql(target: string, exportName: ExportName, file: string, relation: string, checks: Check[]): string {
  const spec = exportSpec(exportName);
  const anyFails = checks.map((c) => c.fails).join(" OR ");
  const valueOf = (column: string) => rejectedValue(spec.columns.find((c) => c.name === column)!);
  const problems = checks
    .map((c) => `CASE WHEN ${c.fails} THEN {'column': ${sqlString(c.column)}, 'rule': ${sqlString(c.rule)}, 'value': ${valueOf(c.column)}, 'reason': ${c.reason}} END`)
    .join(",\n ");
  return `INSERT INTO ${sqlIdent(target)}
    SELECT ${sqlString(exportName)}, ${sqlString(file)}, _row, p.column, p.rule, left(p.value, 200), p.reason
    FROM (SELECT _row, unnest(list_filter([${problems}], p -> p IS NOT NULL)) AS p FROM ${relation} WHERE ${anyFails})
    ORDER BY _row, p.column, p.rule`;
}

/** Per export, typed row → file row: (rows the reader kept before a malformed row, malformed rows so far). */
const shiftTableOf = (name: string) => `malformed_shift_${name}`;

/**
 * The CSV lines DuckDB's reader kept aside (more or fewer fields than the header, an unclosed quote, invalid
 * UTF-8), as rejects of rule `malformed_row`, one per line; their number. The typed table lacks these rows, so
 * when there are any, shiftTableOf(export) maps its rows back to the file's: the typed row r is file row r + the number
 * of malformed rows before it.
 */
export async function malformedRows(db: PulseDb, raw: RawExport, file: string, target = "rejects"): Promise<number> {
  if (!raw.malformedTable) return 0;
  await db.run(malformedRejectsSql(raw.name, raw.malformedTable, target, {label: file}));
  return malformedShift(db, raw.name, target, file);
}

/**
 * INSERT INTO `target` the CSV lines the reader kept in `malformedTable` as rejects of rule `malformed_row`, one per
 * line. Of one file (`label`), or of several read as one: then `scans` is the reader's table of the files it read and
 * `labels` a table (file_path, label) of how the rejects name each.
 */
export function malformedRejectsSql(exportName: ExportName, malformedTable: string, target: string, file: {label: string} | {scans: string; labels: string}): string {
  const [labelSql, from, groupBy] =
    "label" in file
      ? [sqlString(file.label), sqlIdent(malformedTable), "line"]
      : ["b.label", `${sqlIdent(malformedTable)} m JOIN ${sqlIdent(file.scans)} s USING (scan_id, file_id) JOIN ${sqlIdent(file.labels)} b ON b.file_path = s.file_path`, "b.label, line"];
  // the reader's line counts the header as line 1; one line can have several errors (one per missing field)
  return `INSERT INTO ${sqlIdent(target)}
    SELECT ${sqlString(exportName)}, ${labelSql}, line - 1, NULL, 'malformed_row', left(any_value(csv_line), 200),
      CASE WHEN bool_or(error_type IN ('TOO MANY COLUMNS', 'MISSING COLUMNS'))
           THEN 'has ' || CAST(CASE WHEN bool_or(error_type = 'TOO MANY COLUMNS')
                                    THEN max(TRY_CAST(regexp_extract(error_message, 'Found: ([0-9]+)', 1) AS INTEGER))
                                    ELSE min(TRY_CAST(regexp_extract(error_message, 'Found: ([0-9]+)', 1) AS INTEGER)) END AS VARCHAR)
                || ' fields where the header has '
                || CAST(max(TRY_CAST(regexp_extract(error_message, 'Expected Number of Columns: ([0-9]+)', 1) AS INTEGER)) AS VARCHAR)
           ELSE lower(replace(min(error_type), '_', ' ')) || ': ' || min(error_message) END
    FROM ${from}
    GROUP BY ${groupBy}
    ORDER BY ${groupBy}`;
}

/** The malformed rows of one file in `target` (after malformedRejectsSql): their number, and when there are any, the
 * table that maps the rows the reader kept to the file's rows (fileRowNumber). */
export async function malformedShift(db: PulseDb, exportName: ExportName, target: string, file: string): Promise<number> {
  const malformed = `${sqlIdent(target)} WHERE export = ${sqlString(exportName)} AND file = ${sqlString(file)} AND rule = 'malformed_row'`;
  const count = await db.value<number>(`SELECT count(*) FROM ${malformed}`);
  if (count > 0) {
    await db.run(`CREATE OR REPLACE TEMP TABLE ${shiftTableOf(exportName)} AS
      SELECT good_rows_before, max(n) AS shift FROM (
        SELECT "row" - row_number() OVER (ORDER BY "row") AS good_rows_before, row_number() OVER (ORDER BY "row") AS n
        FROM ${malformed})
      GROUP BY good_rows_before`);
  }
  return count;
}

/** The file's row number of row `rowid` of a table the reader filled in file order (after malformedRows). */
export function fileRowNumber(exportName: ExportName, malformed: number, rowid = "t.rowid"): {row: string; join: string} {
  return malformed > 0
    ? {row: `${rowid} + 1 + COALESCE(s.shift, 0)`, join: ` ASOF LEFT JOIN ${shiftTableOf(exportName)} s ON ${rowid} + 1 > s.good_rows_before`}
    : {row: `${rowid} + 1`, join: ""};
}
