// The sample exports: a deterministic, realistic data folder (accounts, contracts, users, usage
// events, leads, churn events, support tickets) generated in SQL by DuckDB, one SQL file per step in
// ./sql (each file's header says what one row is), written in one of two shapes (shapes.ts): the
// data contract's own (standard) or a billing system's (billing). The same options give
// byte-identical files, whatever the thread count.
// What is in it, and which bad rows it holds on purpose: docs/sample-data.md.

import {mkdir, mkdtemp, readFile, rename, rm, writeFile} from "node:fs/promises";
import {existsSync, readFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {BILLING_CONFIG_MARKER} from "./billingConfig.js";
import {EVENTS_FORMATS, SAMPLE_SHAPES, SHAPES, type EventsFormat, type ExportFile, type GenerationStep, type SampleShape, type ShapeSpec} from "./shapes.js";

export {EVENTS_FORMATS, SAMPLE_SHAPES, type EventsFormat, type SampleShape};

export interface SampleOptions {
  /** folder to write into (created if missing) */
  outDir: string;
  /** default "standard": the data contract's exports; "billing": a billing system's, with a pulse.config.ts */
  shape?: SampleShape;
  /** default 42 */
  seed?: number;
  /** default 1; multiplies accounts, and with them users and events (scale 1 ≈ 3.7M events) */
  scale?: number;
  /** number of accounts; overrides scale (default 2000 × scale) */
  accounts?: number;
  /**
   * default 1; multiplies every person's daily visit rate, so events per account (≈ 1,830 at 1).
   * Below 1 gives many accounts with a realistic but smaller event volume (benchmarks at 20k–50k
   * accounts); above 1 saturates at 6 visits a person a day.
   */
  activity?: number;
  /** default "parquet"; the standard shape's usage_events only (the billing shape writes feature_usage.csv.gz) */
  eventsFormat?: EventsFormat;
  /** last day of usage, YYYY-MM-DD; default "2026-11-15" (fixed, not the clock, so output is reproducible) */
  endDate?: string;
  /** default true: inject the deliberately bad rows listed in docs/sample-data.md */
  badRows?: boolean;
  onProgress?: (stage: string) => void;
}

export interface SampleSummary {
  outDir: string;
  shape: SampleShape;
  /**
   * by the data contract's export name: accounts, contracts, users, usage_events, leads,
   * churn_events, support_tickets (the billing shape: no users, no leads; its files have other names)
   */
  files: Record<string, {path: string; rows: number}>;
  /** the billing shape's pulse.config.ts */
  configPath?: string;
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
/** months of usage events, ending at the end date */
export const USAGE_MONTHS = 18;
/** multiplies every person's daily visit rate; tuned so that scale 1 gives about 3.7M events (2,000 accounts) */
const VISIT_RATE_SCALE = 2.6;

interface SampleSettings {
  outDir: string;
  shape: SampleShape;
  seed: number;
  accounts: number;
  activity: number;
  eventsFormat: EventsFormat;
  endDate: string;
  badRows: boolean;
  progress: (stage: string) => void;
}

/** the steps every shape shares, in order; then the shape's own (shapes.ts) */
const SHARED_STEPS: GenerationStep[] = [
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
  {file: "10_churn_events.sql", stage: "churn events"}
];

export async function generateSample(opts: SampleOptions): Promise<SampleSummary> {
  const settings = resolveSampleOptions(opts);
  const shape = SHAPES[settings.shape];
  await mkdir(settings.outDir, {recursive: true});
  await checkFolderFits(settings.outDir, settings.shape, shape);
  // files are written into a staging folder and moved into place only when all are written
  const staging = await mkdtemp(path.join(settings.outDir, ".sample-"));
  // big scales may spill to disk: DuckDB gets a folder of its own
  const spillDir = await mkdtemp(path.join(os.tmpdir(), "pulse-sample-"));
  const instance = await DuckDBInstance.create(":memory:", {temp_directory: spillDir});
  const con = await instance.connect();
  try {
    await setParameters(con, settings);
    const steps = [...SHARED_STEPS, ...shape.steps, ...(settings.badRows ? [shape.badRowsStep] : [])];
    for (const step of steps) {
      settings.progress(step.stage);
      await con.run(readSql(step.file));
    }
    const written: {file: ExportFile; rows: number}[] = [];
    for (const file of shape.exportFiles(settings.eventsFormat)) {
      settings.progress(`writing ${file.fileName}`);
      const rows = await writeExportFile(con, file, path.join(staging, file.fileName));
      written.push({file, rows});
    }
    if (shape.configFile) await writeFile(path.join(staging, shape.configFile.fileName), shape.configFile.text());
    if (settings.shape === "standard") await removeOtherEventFiles(settings.outDir, `usage_events.${settings.eventsFormat}`);
    const files: SampleSummary["files"] = {};
    for (const {file, rows} of written) {
      const target = path.join(settings.outDir, file.fileName);
      await rename(path.join(staging, file.fileName), target);
      files[file.exportName] = {path: target, rows};
    }
    const summary: SampleSummary = {outDir: settings.outDir, shape: settings.shape, files, endDate: settings.endDate};
    if (shape.configFile) {
      summary.configPath = path.join(settings.outDir, shape.configFile.fileName);
      await rename(path.join(staging, shape.configFile.fileName), summary.configPath);
    }
    return summary;
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
  const shape = opts.shape ?? "standard";
  if (!SAMPLE_SHAPES.includes(shape)) throw new Error(`shape must be one of ${SAMPLE_SHAPES.join(", ")}, got ${opts.shape}`);
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
  if (shape === "billing" && opts.eventsFormat !== undefined) {
    throw new Error("eventsFormat is for the standard shape; the billing shape's usage is always feature_usage.csv.gz");
  }
  const endDate = opts.endDate ?? DEFAULT_END_DATE;
  if (!isIsoDate(endDate)) throw new Error(`endDate must be a date YYYY-MM-DD, got ${opts.endDate}`);
  return {
    outDir: path.resolve(opts.outDir),
    shape,
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

function copyOptionsOf(fileName: string): string {
  if (fileName.endsWith(".jsonl")) return "FORMAT json";
  if (fileName.endsWith(".parquet")) return "FORMAT parquet, COMPRESSION zstd";
  if (fileName.endsWith(".csv.gz")) return "FORMAT csv, HEADER, COMPRESSION gzip";
  return "FORMAT csv, HEADER";
}

/** writes one export (a table of the shape's exports step, e.g. sql/standard/11_exports.sql); returns its row count */
async function writeExportFile(con: DuckDBConnection, file: ExportFile, target: string): Promise<number> {
  const reader = await con.runAndReadAll(
    `COPY (SELECT ${file.columns} FROM ${file.table} ORDER BY ${file.orderBy})
     TO '${sqlString(target)}' (${copyOptionsOf(path.basename(target))})`
  );
  return Number(reader.getRowObjects()[0]?.Count ?? 0);
}

/**
 * A folder that holds the other shape's files would mix two samples (the billing config would pick up
 * a users.jsonl, say), and a pulse.config.ts this generator did not write is someone's settings:
 * either is refused, with a message that names the file.
 */
async function checkFolderFits(outDir: string, shapeName: SampleShape, shape: ShapeSpec): Promise<void> {
  const other = shape.otherShapeFiles.filter((file) => existsSync(path.join(outDir, file)));
  if (other.length > 0) {
    throw new Error(
      `${outDir} holds files of another sample shape (${other.join(", ")}); write the ${shapeName} shape into another folder, or remove them`
    );
  }
  if (shape.configFile) {
    const configPath = path.join(outDir, shape.configFile.fileName);
    if (existsSync(configPath) && !(await readFile(configPath, "utf8")).startsWith(BILLING_CONFIG_MARKER)) {
      throw new Error(`${configPath} exists and was not written by pulse sample; it is not overwritten: choose another folder`);
    }
  }
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
