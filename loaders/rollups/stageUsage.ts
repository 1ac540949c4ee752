// Stages the usage export: each of its files rolled up once (rollUpFiles.ts), or its rollup reused from the cache
// when nothing it depends on changed (usageCache.ts), then the rollup tables the metrics read
// (docs/metrics.md#rollups): rollup_visits and rollup_features (the rolled-up rows of every file), usage_files (one
// row per file), and the file's rejects appended to the rejects table, in file order.
import {mkdtempSync, renameSync, rmSync, existsSync, mkdirSync} from "node:fs";
import {tmpdir} from "node:os";
import {basename, join} from "node:path";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlString} from "../db.js";
import {checkFile} from "../ingest/checkFile.js";
import {fileLabel, type FoundExport} from "../ingest/findExports.js";
import type {ExportQuality} from "../validate/validateExport.js";
import {ROLLUP_PARTS, rollUpFiles, rollupFiles, type FileRollup, type FileToRollUp} from "./rollUpFiles.js";
import {batches} from "./fileBatches.js";
import {codeVersion, ROLLUP_CODE} from "../codeVersion.js";
import {entryKey, futureLimit, markEntryUsed, readEntry, stillValid, writeEntry} from "./usageCache.js";

export interface StageUsageOptions {
  config: PulseConfig;
  today: string;
  /** where each file's rollup is kept between builds; null: a temporary folder, and the rollups become tables */
  cacheDir: string | null;
  progress: (message: string) => void;
}

const list = (files: string[]) => `[${files.map(sqlString).join(", ")}]`;

/** The rollup tables' columns, for a build whose usage has no rolled-up row of a grain (all rejected, say). */
const EMPTY = {
  visits: `SELECT NULL::VARCHAR AS account_id, NULL::VARCHAR AS contract_id, NULL::VARCHAR AS user_id, NULL::VARCHAR AS visit_key, NULL::DATE AS day,
    NULL::VARCHAR AS module, NULL::BIGINT AS "rows", NULL::BIGINT AS events, NULL::BIGINT AS key_actions, NULL::BIGINT AS page_views,
    NULL::DECIMAL(38, 3) AS duration_s WHERE false`,
  features: `SELECT NULL::VARCHAR AS account_id, NULL::DATE AS day, NULL::VARCHAR AS module, NULL::VARCHAR AS feature, NULL::BIGINT AS "rows",
    NULL::BIGINT AS events, NULL::BIGINT AS key_actions, NULL::BIGINT AS page_views, NULL::DECIMAL(38, 3) AS duration_s WHERE false`
};

/** The names of the rollup folders (in the cache) of the usage export's files, as they are now. */
export function rollupEntryNames(found: FoundExport[], config: PulseConfig): string[] {
  const usage = found.find((f) => f.name === "usage_events");
  return usage ? usage.files.map((file) => entryKey(file, fileLabel(usage, file), usage.format, config, codeVersion(ROLLUP_CODE))) : [];
}

export async function stageUsage(db: PulseDb, found: FoundExport, options: StageUsageOptions): Promise<ExportQuality> {
  const {config, today, progress} = options;
  const temporary = options.cacheDir === null;
  const cacheDir = options.cacheDir ?? mkdtempSync(join(tmpdir(), "pulse-rollups-"));
  mkdirSync(cacheDir, {recursive: true});
  try {
    const files: {dir: string; rollup: FileRollup | null}[] = [];
    const toRead: (FileToRollUp & {index: number; key: string})[] = [];
    for (const [index, file] of found.files.entries()) {
      const label = fileLabel(found, file);
      const key = entryKey(file, label, found.format, config, codeVersion(ROLLUP_CODE));
      const dir = join(cacheDir, key);
      const kept = readEntry(dir);
      if (kept && (await stillValid(db, dir, kept, config, today))) {
        markEntryUsed(dir);
        files.push({dir, rollup: kept.rollup});
        continue;
      }
      // built beside its final place and renamed into it, so a killed build leaves no half-written rollup
      files.push({dir, rollup: null});
      toRead.push({index, key, file, label, dir: `${dir}.partial-${process.pid}`});
    }
    const reused = found.files.length - toRead.length;
    if (reused > 0) progress(`usage_events: ${reused} of ${found.files.length} file${found.files.length === 1 ? "" : "s"} unchanged, rollups reused`);
    for (const batch of await batches(db, found, toRead)) {
      const first = batch[0];
      if (found.files.length > 1) {
        progress(`reading ${first.label}${batch.length > 1 ? ` and ${batch.length - 1} more` : ""} (${first.index + 1}${batch.length > 1 ? `–${batch.at(-1)!.index + 1}` : ""} of ${found.files.length})`);
      }
      for (const f of batch) await checkFile({path: f.file, format: found.format});
      const rollups = await rollUpFiles(db, found, batch, {config, today});
      for (const [i, f] of batch.entries()) {
        const dir = files[f.index].dir;
        writeEntry(f.dir, {key: f.key, file: f.label, path: f.file, future_limit: futureLimit(config, today), rollup: rollups[i]});
        rmSync(dir, {recursive: true, force: true});
        renameSync(f.dir, dir);
        files[f.index].rollup = rollups[i];
      }
    }

    const parts = files.map((f) => rollupFiles(f.dir));
    const visits = parts.flatMap((p) => p.visits);
    const features = parts.flatMap((p) => p.features);
    // rows with status 0 only: accepted and standing for an action (usage_rollup.sql)
    const grain = (paths: string[], columns: string, empty: string) =>
      paths.length ? `SELECT ${columns} FROM read_parquet(${list(paths)}) WHERE status = 0` : empty;
    const kind = temporary ? "TABLE" : "VIEW";
    await db.run(`CREATE OR REPLACE ${kind} rollup_visits AS ${grain(visits, `account_id, contract_id, user_id, visit_key, day, module, "rows", events, key_actions, page_views, duration_s`, EMPTY.visits)}`);
    await db.run(`CREATE OR REPLACE ${kind} rollup_features AS ${grain(features, `account_id, day, module, feature, "rows", events, key_actions, page_views, duration_s`, EMPTY.features)}`);
    const values = files.map(({rollup}) => rollup!).map((r) =>
      `(${sqlString(r.file)}, ${r.rows_read}, ${r.rows_accepted}, ${r.rows_rejected}, ${r.rows_with_user_id}, ${r.last_day ? `DATE ${sqlString(r.last_day)}` : "NULL::DATE"})`
    );
    await db.run(`CREATE OR REPLACE TABLE usage_files AS SELECT * FROM (VALUES ${values.join(", ")}) AS t(file, rows_read, rows_accepted, rows_rejected, rows_with_user_id, last_day)`);
    const rejects = files.map((f) => join(f.dir, ROLLUP_PARTS.rejects)).filter((path) => existsSync(path));
    // each file's rejects in row order; the files in the export's order
    for (const path of rejects) await db.run(`INSERT INTO rejects SELECT * FROM read_parquet(${sqlString(path)})`);
    return quality(db, found, files.map((f) => f.rollup!));
  } finally {
    if (temporary) rmSync(cacheDir, {recursive: true, force: true});
  }
}

/** The export's quality: its files' counts added up, and the reasons over all its rejects. */
async function quality(db: PulseDb, found: FoundExport, files: FileRollup[]): Promise<ExportQuality> {
  const sum = (key: "rows_read" | "rows_accepted" | "rows_rejected") => files.reduce((n, f) => n + f[key], 0);
  const mapped = Object.assign({}, ...files.map((f) => f.mapped_columns)) as Record<string, string>;
  const reasons = await db.rows<{rule: string; column: string; rows: number}>(`
    SELECT rule, "column", count(DISTINCT (file, "row")) AS rows FROM rejects WHERE export = 'usage_events'
    GROUP BY ALL ORDER BY rows DESC, rule, "column"`);
  return {
    export: "usage_events",
    file: found.folder ? `${basename(found.path)}/` : files[0].file,
    format: found.format,
    ...(found.folder ? {files: files.length} : {}),
    rows_read: sum("rows_read"),
    rows_accepted: sum("rows_accepted"),
    rows_rejected: sum("rows_rejected"),
    mapped_columns: mapped,
    missing_optional_columns: [...new Set(files.flatMap((f) => f.missing_optional_columns))].filter((c) => !(c in mapped)),
    ignored_columns: [...new Set(files.flatMap((f) => f.ignored_columns))],
    reasons
  };
}
