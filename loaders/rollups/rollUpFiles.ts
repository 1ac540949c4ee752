// Usage files, read once: validated, typed and rolled up (loaders/rollups/sql/usage_rollup.sql) straight into
// Parquet, each file's rollup in a folder of its own, with what the build needs to know of the file (its rows read,
// accepted and rejected, its last day, whether it has user ids). Several files with the same columns (a folder of
// daily files) are read in one pass; each keeps its own rollup. The rejects, with their file row numbers, come from a
// second, narrow pass over a file, only when the first found a rejected row in it (rejectedRows.ts).
import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync} from "node:fs";
import {dirname, join} from "node:path";
import {exportSpec} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlIdent, sqlString} from "../db.js";
import {PulseInputError} from "../errors.js";
import type {FoundExport} from "../ingest/findExports.js";
import {firstLines, malformedScansOf, readExport} from "../ingest/readExport.js";
import {renderSql} from "../metrics/params.js";
import {checksFor, type Check} from "../validate/checks.js";
import {malformedRejectsSql, malformedShift, REJECTS_COLUMNS} from "../validate/validateExport.js";
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

/** A file to roll up: the file, how the rejects name it, and the (new, empty) folder its rollup goes to. */
export interface FileToRollUp {
  file: string;
  label: string;
  dir: string;
}

/** The files of a rolled-up file's folder, relative to it. */
export const ROLLUP_PARTS = {rejects: "rejects.parquet", references: "references"} as const;

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

/** The Parquet files of one grain written under `dir` (dir/grain=<grain>/…). */
export function grainFiles(dir: string, grain: "visits" | "features"): string[] {
  const folder = join(dir, `grain=${grain}`);
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((n) => n.endsWith(".parquet")).sort().map((n) => join(folder, n));
}

/** The rolled-up Parquet files of a file's folder, per grain. */
export function rollupFiles(dir: string): {visits: string[]; features: string[]} {
  return {
    visits: [...grainFiles(join(dir, "rollup"), "visits"), ...grainFiles(join(dir, "derived"), "visits")],
    features: [...grainFiles(join(dir, "rollup"), "features"), ...grainFiles(join(dir, "derived"), "features")]
  };
}


interface Counts {
  read: number;
  accepted: number;
  rejected: number;
  to_derive: number;
  mask: string | null;
  last_day: string | null;
  max_day: string | null;
}

/**
 * Rolls up usage files that have the same columns, in one pass: each file's rollup goes to its own folder
 * (dir/rollup/grain=visits/…, grain=features/…, dir/derived/… for visits derived in a second step), with its rejects
 * (dir/rejects.parquet, when there are any) and the references its rows make (dir/references/*.parquet). Returns what
 * the build needs to know of each file, in the order given.
 */
export async function rollUpFiles(db: PulseDb, found: FoundExport, files: FileToRollUp[], ctx: RollUpContext): Promise<FileRollup[]> {
  const work = join(dirname(files[0].dir), `batch-${process.pid}`);
  rmSync(work, {recursive: true, force: true});
  mkdirSync(work, {recursive: true});
  const first = files[0];
  try {
    const raw = await readExport(db, found, ctx.config, {files: files.map((f) => f.file), label: first.label, view: "raw_usage_files"});
    const present = Object.keys(raw.mapped);
    const checks = usageChecks(present, ctx);
    const mode: VisitMode = present.includes("session_id") ? "sessions" : "gaps";
    await db.run(`CREATE OR REPLACE TEMP TABLE usage_batch AS SELECT * FROM (VALUES ${files
      .map((f, i) => `(${sqlString(f.file)}, ${i + 1}, ${sqlString(f.label)})`)
      .join(", ")}) AS t(file_path, file_no, label)`);
    if (raw.malformedTable) await db.run(`DROP TABLE IF EXISTS ${sqlIdent(raw.malformedTable)}; DROP TABLE IF EXISTS ${sqlIdent(malformedScansOf(found.name))}`);

    // 1. the one pass: every row of every file read, typed, checked and rolled up
    const rowsOf = (visitMode: VisitMode) => usageRowsSql({view: raw.view, present, checks, mode: visitMode, fileNumbers: "usage_batch"}, ctx.config);
    await copyRollup(db, rowsOf(mode), join(work, "rollup"), files.length === 1 ? first.label : `${files.length} files from ${first.label}`, raw.format);
    const rejects = "usage_file_rejects";
    await db.run(`CREATE OR REPLACE TEMP TABLE ${rejects} (${REJECTS_COLUMNS})`);
    if (raw.malformedTable) {
      await db.run(malformedRejectsSql("usage_events", raw.malformedTable, rejects, {scans: malformedScansOf(found.name), labels: "usage_batch"}));
    }
    const counts = new Map(
      (
        await db.rows<Counts & {file_no: number}>(`
        SELECT file_no, COALESCE(sum("rows"), 0) AS read,
          COALESCE(sum("rows") FILTER (WHERE status <= 0), 0) AS accepted,
          COALESCE(sum("rows") FILTER (WHERE status > 0), 0) AS rejected,
          COALESCE(sum("rows") FILTER (WHERE status = ${VISIT_TO_DERIVE}), 0) AS to_derive,
          CAST(bit_or(status) FILTER (WHERE status > 0) AS VARCHAR) AS mask,
          CAST(max(day) FILTER (WHERE status <= 0) AS VARCHAR) AS last_day,
          -- text: a rejected row's day may lie beyond what a JavaScript Date holds (year 294247)
          CAST(max(day) AS VARCHAR) AS max_day
        FROM ${hivePartitions(work, "rollup", "features")}
        GROUP BY file_no`)
      ).map((c) => [c.file_no, c])
    );
    // 1b. rows without a session id but with a time of day, in files that have session ids: visits from the gaps
    if ([...counts.values()].some((c) => c.to_derive > 0)) await copyRollup(db, rowsOf("gaps-deferred"), join(work, "derived"), first.label, raw.format);
    // accepted rows with a user id, and the references the rows made with the checks' verdict on them (usageCache.ts
    // checks them again on reuse), per file
    const visitRows = hivePartitions(work, "rollup", "visits");
    const withUser = new Map(
      (await db.rows<{file_no: number; rows: number}>(`SELECT file_no, COALESCE(sum("rows") FILTER (WHERE status <= 0 AND user_id IS NOT NULL), 0) AS rows
        FROM ${visitRows} GROUP BY file_no`)).map((r) => [r.file_no, r.rows])
    );
    await db.run(`COPY (SELECT DISTINCT file_no, status, account_id, contract_id FROM ${visitRows} ORDER BY ALL)
      TO ${sqlString(join(work, "references"))} (FORMAT parquet, PARTITION_BY (file_no))`);

    const rollups: FileRollup[] = [];
    for (const [i, f] of files.entries()) {
      const no = i + 1;
      const c: Counts = counts.get(no) ?? {read: 0, accepted: 0, rejected: 0, to_derive: 0, mask: null, last_day: null, max_day: null};
      if (c.read !== c.accepted + c.rejected) {
        throw new Error(`${f.label}: ${c.read} rows read but ${c.accepted} accepted + ${c.rejected} rejected (a validation rule is broken)`);
      }
      rmSync(f.dir, {recursive: true, force: true});
      mkdirSync(f.dir, {recursive: true});
      for (const part of ["rollup", "derived"]) {
        const from = join(work, part, `file_no=${no}`);
        if (existsSync(from)) renameSync(from, join(f.dir, part));
      }
      // 2. the rejects with their row numbers: a narrow pass over this file's columns of the rules that were broken
      const malformed = raw.malformedTable ? await malformedShift(db, "usage_events", rejects, f.label) : 0;
      if (c.rejected > 0) {
        const one = {...raw, path: f.file, files: [f.file], reader: raw.readerOf([f.file]), label: f.label};
        await rejectedRows(db, one, checks, BigInt(c.mask ?? "0"), malformed, {target: rejects, label: f.label, config: ctx.config, rowsRead: c.read});
      }
      const ofFile = `${rejects} WHERE file = ${sqlString(f.label)}`;
      const rejectedRowCount = await db.value<number>(`SELECT count(DISTINCT "row") FROM ${ofFile}`);
      if (rejectedRowCount !== c.rejected + malformed) {
        throw new Error(`${f.label}: ${c.rejected + malformed} rows rejected but ${rejectedRowCount} rows in the rejects (a validation rule is broken)`);
      }
      if (rejectedRowCount > 0) await db.run(`COPY (SELECT * FROM ${ofFile} ORDER BY "row", "column", rule) TO ${sqlString(join(f.dir, ROLLUP_PARTS.rejects))} (FORMAT parquet)`);
      const reasons = await db.rows<{rule: string; column: string; rows: number}>(`
        SELECT rule, "column", count(DISTINCT "row") AS rows FROM ${ofFile} GROUP BY ALL ORDER BY rows DESC, rule, "column"`);
      const references = join(work, "references", `file_no=${no}`);
      if (existsSync(references)) renameSync(references, join(f.dir, ROLLUP_PARTS.references));
      rollups.push({
        file: f.label,
        rows_read: c.read + malformed,
        rows_accepted: c.accepted,
        rows_rejected: c.rejected + malformed,
        rows_with_user_id: withUser.get(no) ?? 0,
        last_day: c.last_day,
        max_day: c.max_day,
        mapped_columns: raw.mapped,
        missing_optional_columns: raw.missingOptional,
        ignored_columns: raw.ignored,
        reasons
      });
    }
    await db.run(`DROP TABLE ${rejects}; DROP TABLE usage_batch`);
    return rollups;
  } finally {
    rmSync(work, {recursive: true, force: true});
  }
}

async function copyRollup(db: PulseDb, rows: string, dir: string, label: string, format: string): Promise<void> {
  const sql = renderSql(ROLLUP_SQL, {usage_rows: rows}, "usage_rollup");
  try {
    // one folder per file and grain: dir/file_no=1/grain=visits/…
    await db.run(`COPY (${sql}) TO ${sqlString(dir)} (FORMAT parquet, PARTITION_BY (file_no, grain), COMPRESSION zstd, COMPRESSION_LEVEL 1)`);
  } catch (error) {
    throw new PulseInputError(label, `cannot be read as ${format}: ${firstLines(error)}`);
  }
}

/** The rows of one grain of a batch's partitioned output, with file_no from the folder names (none: no rows). */
function hivePartitions(work: string, part: string, grain: string): string {
  const pattern = join(work, part, "file_no=*", `grain=${grain}`, "*.parquet");
  const any = existsSync(join(work, part)) && readdirSync(join(work, part)).length > 0;
  return any
    ? `read_parquet(${sqlString(pattern)}, hive_partitioning = true, hive_types = {'file_no': INTEGER, 'grain': VARCHAR})`
    : `(SELECT NULL::INTEGER AS file_no, NULL::BIGINT AS "rows", NULL::BIGINT AS status, NULL::DATE AS day, NULL::VARCHAR AS user_id,
        NULL::VARCHAR AS account_id, NULL::VARCHAR AS contract_id WHERE false)`;
}
