// One usage file, read once: validated, typed and rolled up (loaders/rollups/sql/usage_rollup.sql) straight into
// Parquet files in a folder of their own, with what the build needs to know of the file (its rows read, accepted
// and rejected, its last day, whether it has user ids). The rejects, with their file row numbers, come from a
// second, narrow pass over the same file, only when the first found a rejected row (rejectedRows.ts).
import {mkdirSync, readFileSync, readdirSync, rmSync} from "node:fs";
import {join} from "node:path";
import {exportSpec} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlIdent, sqlString} from "../db.js";
import {PulseInputError} from "../errors.js";
import type {FoundExport} from "../ingest/findExports.js";
import {firstLines, readExport} from "../ingest/readExport.js";
import {renderSql} from "../metrics/params.js";
import {checksFor, type Check} from "../validate/checks.js";
import {malformedRows, REJECTS_COLUMNS} from "../validate/validateExport.js";
import {rejectedRows} from "./rejectedRows.js";
import {VISIT_TO_DERIVE, usageRowsSql, type VisitMode} from "./usageRows.js";

/** What the build knows of one rolled-up usage file (entry.json in its cache folder). */
export interface FileRollup {
  /** the file as the rejects name it (usage_events.csv, usage_events/2026-11-01.csv) */
  file: string;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  /** accepted rows with a user id */
  rows_with_user_id: number;
  /** the day of the latest accepted row (NULL: none) */
  last_day: string | null;
  /** the latest day of any row whose timestamp parses, rejected rows included (for the cache's "in the future" check) */
  max_day: string | null;
  /** the export's columns found in this file: canonical → the file's column */
  mapped_columns: Record<string, string>;
  missing_optional_columns: string[];
  ignored_columns: string[];
  reasons: {rule: string; column: string; rows: number}[];
}

/** The Parquet files of one rolled-up file, relative to its folder. */
export const ROLLUP_PARTS = {visits: "visits", features: "features", rejects: "rejects.parquet", references: "references.parquet"} as const;

const ROLLUP_SQL = readFileSync(new URL("./sql/usage_rollup.sql", import.meta.url), "utf8");

export interface RollUpContext {
  config: PulseConfig;
  /** "today" of the validation (YYYY-MM-DD) */
  today: string;
}

/** The usage checks for a file with these columns, in the order of their bits in the status mask. */
export function usageChecks(present: string[], ctx: RollUpContext): Check[] {
  return checksFor(exportSpec("usage_events"), {config: ctx.config, today: ctx.today, staged: ["accounts", "contracts"], present});
}

async function copyRollup(db: PulseDb, rows: string, dir: string, label: string, format: string): Promise<void> {
  const sql = renderSql(ROLLUP_SQL, {usage_rows: rows}, "usage_rollup");
  try {
    // one file per grain: dir/grain=visits/…, dir/grain=features/…
    await db.run(`COPY (${sql}) TO ${sqlString(dir)} (FORMAT parquet, PARTITION_BY (grain), COMPRESSION zstd, COMPRESSION_LEVEL 1)`);
  } catch (error) {
    throw new PulseInputError(label, `cannot be read as ${format}: ${firstLines(error)}`);
  }
}

/** The Parquet files of one grain written by copyRollup into `dir`. */
export function grainFiles(dir: string, grain: "visits" | "features"): string[] {
  const folder = join(dir, `grain=${grain}`);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith(".parquet")).sort().map((n) => join(folder, n));
}

/** The rows of these Parquet files, or no rows (of the columns `empty` gives) when there is none: a file with no
 * data row rolls up to nothing. */
const parquetRows = (files: string[], empty: string) => (files.length ? `read_parquet([${files.map(sqlString).join(", ")}])` : `(SELECT ${empty} WHERE false)`);
const NO_ROWS = `NULL::BIGINT AS "rows", NULL::BIGINT AS status, NULL::DATE AS day, NULL::VARCHAR AS user_id, NULL::VARCHAR AS account_id, NULL::VARCHAR AS contract_id`;

/**
 * Rolls up one file of the usage export into `dir` (created anew): dir/visits/grain=…, dir/features/…, the rejects
 * (dir/rejects.parquet, when there are any) and the file's distinct references (dir/references.parquet). Returns
 * what the build needs to know of the file.
 */
export async function rollUpFile(db: PulseDb, found: FoundExport, file: string, label: string, dir: string, ctx: RollUpContext): Promise<FileRollup> {
  rmSync(dir, {recursive: true, force: true});
  mkdirSync(dir, {recursive: true});
  const raw = await readExport(db, found, ctx.config, {file, label, view: "raw_usage_file"});
  const present = Object.keys(raw.mapped);
  const checks = usageChecks(present, ctx);
  const mode: VisitMode = present.includes("session_id") ? "sessions" : "gaps";
  if (raw.malformedTable) await db.run(`DROP TABLE IF EXISTS ${sqlIdent(raw.malformedTable)}`);

  // 1. the one pass: every row read, typed, checked and rolled up
  const rolled = join(dir, "rollup");
  await copyRollup(db, usageRowsSql({view: raw.view, present, checks, mode}, ctx.config), rolled, label, raw.format);
  const rejects = "file_rejects";
  await db.run(`CREATE OR REPLACE TEMP TABLE ${rejects} (${REJECTS_COLUMNS})`);
  const malformed = await malformedRows(db, raw, label, rejects);
  const features = grainFiles(rolled, "features");
  const visits = grainFiles(rolled, "visits");
  const [counts] = await db.rows<{read: number; accepted: number; rejected: number; to_derive: number; mask: string | null; last_day: string | null; max_day: string | null}>(`
    SELECT COALESCE(sum("rows"), 0) AS read,
      COALESCE(sum("rows") FILTER (WHERE status <= 0), 0) AS accepted,
      COALESCE(sum("rows") FILTER (WHERE status > 0), 0) AS rejected,
      COALESCE(sum("rows") FILTER (WHERE status = ${VISIT_TO_DERIVE}), 0) AS to_derive,
      CAST(bit_or(status) FILTER (WHERE status > 0) AS VARCHAR) AS mask,
      max(day) FILTER (WHERE status <= 0) AS last_day,
      max(day) AS max_day
    FROM ${parquetRows(features, NO_ROWS)}`);
  const [users] = await db.rows<{with_user: number}>(`
    SELECT COALESCE(sum("rows") FILTER (WHERE status <= 0 AND user_id IS NOT NULL), 0) AS with_user FROM ${parquetRows(visits, NO_ROWS)}`);

  if (counts.read !== counts.accepted + counts.rejected) {
    throw new Error(`${label}: ${counts.read} rows read but ${counts.accepted} accepted + ${counts.rejected} rejected (a validation rule is broken)`);
  }

  // 1b. rows without a session id but with a time of day, in a file that has session ids: their visits from the gaps
  if (counts.to_derive > 0) {
    await copyRollup(db, usageRowsSql({view: raw.view, present, checks, mode: "gaps-deferred"}, ctx.config), join(dir, "derived"), label, raw.format);
  }

  // 2. the rejects with their row numbers: a narrow pass over the columns of the rules that were broken
  if (counts.rejected > 0) await rejectedRows(db, raw, checks, BigInt(counts.mask ?? "0"), malformed, {target: rejects, label, config: ctx.config, rowsRead: counts.read});
  const rejectedRowCount = await db.value<number>(`SELECT count(DISTINCT "row") FROM ${rejects}`);
  if (rejectedRowCount !== counts.rejected + malformed) {
    throw new Error(`${label}: ${counts.rejected + malformed} rows rejected but ${rejectedRowCount} rows in the rejects (a validation rule is broken)`);
  }
  if (rejectedRowCount > 0) await db.run(`COPY (SELECT * FROM ${rejects} ORDER BY "row", "column", rule) TO ${sqlString(join(dir, ROLLUP_PARTS.rejects))} (FORMAT parquet)`);
  const reasons = await db.rows<{rule: string; column: string; rows: number}>(`
    SELECT rule, "column", count(DISTINCT "row") AS rows FROM ${rejects} GROUP BY ALL ORDER BY rows DESC, rule, "column"`);
  // the references the rows made, with the checks' verdict on them (usageCache.ts checks them again on reuse)
  await db.run(`COPY (SELECT DISTINCT status, account_id, contract_id FROM ${parquetRows(visits, NO_ROWS)} ORDER BY ALL)
    TO ${sqlString(join(dir, ROLLUP_PARTS.references))} (FORMAT parquet)`);
  await db.run(`DROP TABLE ${rejects}`);
  return {
    file: label,
    rows_read: counts.read + malformed,
    rows_accepted: counts.accepted,
    rows_rejected: counts.rejected + malformed,
    rows_with_user_id: users.with_user,
    last_day: counts.last_day,
    max_day: counts.max_day,
    mapped_columns: raw.mapped,
    missing_optional_columns: raw.missingOptional,
    ignored_columns: raw.ignored,
    reasons
  };
}

/** The rolled-up Parquet files of a file's folder (written by rollUpFile), per grain. */
export function rollupFiles(dir: string): {visits: string[]; features: string[]} {
  return {
    visits: [...grainFiles(join(dir, "rollup"), "visits"), ...grainFiles(join(dir, "derived"), "visits")],
    features: [...grainFiles(join(dir, "rollup"), "features"), ...grainFiles(join(dir, "derived"), "features")]
  };
}
