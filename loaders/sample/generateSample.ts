// The sample exports: a deterministic, realistic data folder (accounts, contracts, users, usage
// events, leads, churn events, support tickets) generated in SQL by DuckDB, one SQL file per step in ./sql (each file's header
// says what one row is). The same options give byte-identical files, whatever the thread count.
// What is in it, and which bad rows it holds on purpose: docs/sample-data.md.

import {mkdir, mkdtemp, rename, rm} from "node:fs/promises";
import {readFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";

export type EventsFormat = "parquet" | "csv" | "csv.gz";

export interface SampleOptions {
  /** folder to write into (created if missing) */
  outDir: string;
  /** default 42 */
  seed?: number;
  /** default 1; multiplies accounts, and with them users and events (scale 1 ≈ 3.5M events) */
  scale?: number;
  /** number of accounts; overrides scale (default 2000 × scale) */
  accounts?: number;
  /**
   * default 1; multiplies every person's daily visit rate, so events per account (≈ 1,760 at 1).
   * Below 1 gives many accounts with a realistic but smaller event volume (benchmarks at 20k–50k
   * accounts); above 1 saturates at 6 visits a person a day.
   */
  activity?: number;
  /** default "parquet" */
  eventsFormat?: EventsFormat;
  /** last day of usage, YYYY-MM-DD; default "2026-11-15" (fixed, not the clock, so output is reproducible) */
  endDate?: string;
  /** default true: inject the deliberately bad rows listed in docs/sample-data.md */
  badRows?: boolean;
  onProgress?: (stage: string) => void;
}

export interface SampleSummary {
  outDir: string;
  /** by export name: accounts, contracts, users, usage_events, leads, churn_events, support_tickets */
  files: Record<string, {path: string; rows: number}>;
  endDate: string;
}

export const DEFAULT_SEED = 42;
export const DEFAULT_END_DATE = "2026-11-15";
export const ACCOUNTS_PER_SCALE = 2000;
/** the bad rows refer to real accounts (sql/10_bad_rows.sql); 50 leaves room for all of them */
export const MIN_ACCOUNTS = 50;
export const MAX_ACCOUNTS = 999_999;
/** bounds of the activity multiplier: below 0.001 almost no account has an event; above 10 the daily cap dominates */
export const MIN_ACTIVITY = 0.001;
export const MAX_ACTIVITY = 10;
export const EVENTS_FORMATS: EventsFormat[] = ["parquet", "csv", "csv.gz"];
/** months of usage events, ending at the end date */
export const USAGE_MONTHS = 18;
/** multiplies every person's daily visit rate; tuned so that scale 1 gives about 3.5M events */
const VISIT_RATE_SCALE = 0.68;

interface SampleSettings {
  outDir: string;
  seed: number;
  accounts: number;
  activity: number;
  eventsFormat: EventsFormat;
  endDate: string;
  badRows: boolean;
  progress: (stage: string) => void;
}

/** the generation steps, in order */
const GENERATION_STEPS: {file: string; stage: string}[] = [
  {file: "00_random.sql", stage: "random numbers"},
  {file: "01_ids.sql", stage: "ids"},
  {file: "02_vocabulary.sql", stage: "word lists and product catalogue"},
  {file: "03_accounts.sql", stage: "accounts"},
  {file: "04_contracts.sql", stage: "contracts"},
  {file: "05_users.sql", stage: "users"},
  {file: "06_sessions.sql", stage: "visits"},
  {file: "07_usage_events.sql", stage: "usage events"},
  {file: "08_leads.sql", stage: "leads"},
  {file: "09_support_tickets.sql", stage: "support tickets"},
  {file: "10_churn_events.sql", stage: "churn events"},
  {file: "standard/11_exports.sql", stage: "export tables"}
];
const BAD_ROWS_STEP = {file: "standard/12_bad_rows.sql", stage: "bad rows"};

/** one export file: the table it is written from and its order (a total order, for byte-identical files) */
interface ExportFile {
  exportName: string;
  columns: string;
  orderBy: string;
}

/**
 * In the order they are written and then moved into outDir. accounts.csv comes last: a folder
 * with accounts.csv in it is a complete sample (loaders/build.ts relies on that).
 */
const EXPORT_FILES: ExportFile[] = [
  {
    exportName: "usage_events",
    columns: `account_id, user_id, "timestamp", event, module, feature, session_id, duration_s, page_views`,
    orderBy: `"timestamp" NULLS LAST, session_no, seq`
  },
  {exportName: "users", columns: "*", orderBy: "ALL"},
  {exportName: "contracts", columns: "*", orderBy: "ALL"},
  {exportName: "leads", columns: "*", orderBy: "ALL"},
  {exportName: "churn_events", columns: "*", orderBy: "ALL"},
  {exportName: "support_tickets", columns: "*", orderBy: "ALL"},
  {exportName: "accounts", columns: "*", orderBy: "ALL"}
];

export async function generateSample(opts: SampleOptions): Promise<SampleSummary> {
  const settings = resolveSampleOptions(opts);
  await mkdir(settings.outDir, {recursive: true});
  // files are written into a staging folder and moved into place only when all are written
  const staging = await mkdtemp(path.join(settings.outDir, ".sample-"));
  // big scales may spill to disk: DuckDB gets a folder of its own
  const spillDir = await mkdtemp(path.join(os.tmpdir(), "pulse-sample-"));
  const instance = await DuckDBInstance.create(":memory:", {temp_directory: spillDir});
  const con = await instance.connect();
  try {
    await setParameters(con, settings);
    const steps = settings.badRows ? [...GENERATION_STEPS, BAD_ROWS_STEP] : GENERATION_STEPS;
    for (const step of steps) {
      settings.progress(step.stage);
      await con.run(readSql(step.file));
    }
    const written: {exportName: string; fileName: string; rows: number}[] = [];
    for (const file of EXPORT_FILES) {
      settings.progress(`writing ${file.exportName}`);
      const fileName = fileNameOf(file.exportName, settings.eventsFormat);
      const rows = await writeExportFile(con, file, path.join(staging, fileName));
      written.push({exportName: file.exportName, fileName, rows});
    }
    await removeOtherEventFiles(settings.outDir, fileNameOf("usage_events", settings.eventsFormat));
    const files: SampleSummary["files"] = {};
    for (const {exportName, fileName, rows} of written) {
      const target = path.join(settings.outDir, fileName);
      await rename(path.join(staging, fileName), target);
      files[exportName] = {path: target, rows};
    }
    return {outDir: settings.outDir, files, endDate: settings.endDate};
  } finally {
    con.closeSync();
    instance.closeSync();
    await rm(staging, {recursive: true, force: true});
    await rm(spillDir, {recursive: true, force: true});
  }
}

/** the `pulse sample` command (loaders/sample/main.ts), exported here for the pulse CLI */
export async function sampleCommand(argv: string[]): Promise<number> {
  return (await import("./main.js")).sampleCommand(argv);
}

/** defaults filled in and every option checked, with a message that names the option */
export function resolveSampleOptions(opts: SampleOptions): SampleSettings {
  if (!opts.outDir) throw new Error("outDir is required");
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a whole number, got ${opts.seed}`);
  const scale = opts.scale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) throw new Error(`scale must be a positive number, got ${opts.scale}`);
  const accounts = opts.accounts ?? Math.round(ACCOUNTS_PER_SCALE * scale);
  if (!Number.isInteger(accounts) || accounts < MIN_ACCOUNTS || accounts > MAX_ACCOUNTS) {
    throw new Error(`accounts must be a whole number from ${MIN_ACCOUNTS} to ${MAX_ACCOUNTS}, got ${accounts}`);
  }
  const activity = opts.activity ?? 1;
  if (!(Number.isFinite(activity) && activity >= MIN_ACTIVITY && activity <= MAX_ACTIVITY)) {
    throw new Error(`activity must be a number from ${MIN_ACTIVITY} to ${MAX_ACTIVITY}, got ${opts.activity}`);
  }
  const eventsFormat = opts.eventsFormat ?? "parquet";
  if (!EVENTS_FORMATS.includes(eventsFormat)) {
    throw new Error(`eventsFormat must be one of ${EVENTS_FORMATS.join(", ")}, got ${opts.eventsFormat}`);
  }
  const endDate = opts.endDate ?? DEFAULT_END_DATE;
  if (!isIsoDate(endDate)) throw new Error(`endDate must be a date YYYY-MM-DD, got ${opts.endDate}`);
  return {
    outDir: path.resolve(opts.outDir),
    seed,
    accounts,
    activity,
    eventsFormat,
    endDate,
    badRows: opts.badRows ?? true,
    progress: opts.onProgress ?? (() => {})
  };
}

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

async function setParameters(con: DuckDBConnection, s: SampleSettings): Promise<void> {
  // the values are checked above (whole numbers, an ISO date), so they can be written into the SQL
  await con.run(`
    SET VARIABLE seed = ${s.seed}::BIGINT;
    SET VARIABLE n_accounts = ${s.accounts}::BIGINT;
    SET VARIABLE end_date = DATE '${s.endDate}';
    SET VARIABLE usage_start = (DATE '${s.endDate}' - INTERVAL ${USAGE_MONTHS} MONTH + INTERVAL 1 DAY)::DATE;
    SET VARIABLE visit_rate_scale = ${VISIT_RATE_SCALE * s.activity}::DOUBLE;
  `);
}

function readSql(file: string): string {
  return readFileSync(new URL(`./sql/${file}`, import.meta.url), "utf8");
}

function fileNameOf(exportName: string, eventsFormat: EventsFormat): string {
  if (exportName === "users") return "users.jsonl";
  if (exportName === "usage_events") return `usage_events.${eventsFormat}`;
  return `${exportName}.csv`;
}

function copyOptionsOf(fileName: string): string {
  if (fileName.endsWith(".jsonl")) return "FORMAT json";
  if (fileName.endsWith(".parquet")) return "FORMAT parquet, COMPRESSION zstd";
  if (fileName.endsWith(".csv.gz")) return "FORMAT csv, HEADER, COMPRESSION gzip";
  return "FORMAT csv, HEADER";
}

/** writes one export (the table of the same name, see sql/standard/11_exports.sql); returns its row count */
async function writeExportFile(con: DuckDBConnection, file: ExportFile, target: string): Promise<number> {
  const reader = await con.runAndReadAll(
    `COPY (SELECT ${file.columns} FROM ${file.exportName} ORDER BY ${file.orderBy})
     TO '${sqlString(target)}' (${copyOptionsOf(path.basename(target))})`
  );
  return Number(reader.getRowObjects()[0]?.Count ?? 0);
}

/** a usage_events file of another format left by an earlier run would make the folder ambiguous */
async function removeOtherEventFiles(outDir: string, keep: string): Promise<void> {
  for (const ending of [...EVENTS_FORMATS, "jsonl", "ndjson"]) {
    const name = `usage_events.${ending}`;
    if (name !== keep) await rm(path.join(outDir, name), {force: true});
  }
}

function sqlString(text: string): string {
  return text.replaceAll("'", "''");
}
