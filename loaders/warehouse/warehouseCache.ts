// Incremental builds from ClickHouse (docs/warehouse.md#incremental-builds): what ClickHouse rolled up for a day
// (warehouseRollups.ts: the wh_ tables) is kept in the table cache, and a later build asks ClickHouse again only for
// the days whose rows changed, the last complete day and after, and the rows without a timestamp.
//
// A day's rows are known unchanged by their number and a checksum (the sum of a 64-bit hash of every mapped column
// of every row of the day), which ClickHouse computes per day in one pass over those columns: it works for any table
// or view, on every version, and sees inserts, deletes and updates alike (bench/RESULTS.md compares it with reading
// system.parts, which sees only MergeTree tables, and treats every background merge as a change).
//
// The cache is keyed by the table (host, port, user, database, table), the settings the rollups depend on (the
// usage export's column mapping, activity.keyActions and sessionGapMinutes, validation.earliestDate,
// warehouse.rejectExamples) and the code that rolls the usage up (WAREHOUSE_ROLLUP_CODE: a change to a
// metric keeps the days). What does not go into it: "today" (only days before the last complete
// day are kept, and no such day can be in the future) and the accounts and contracts (Pulse applies the reference
// rules after the rollups, combineRollups.ts).
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {join, relative, resolve} from "node:path";
import {codeVersion, WAREHOUSE_ROLLUP_CODE} from "../codeVersion.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlString} from "../db.js";
import type {ClickHouseConnection} from "./clickhouseConnection.js";
import {tableSql, type ClickHouseSource} from "./clickhouseSource.js";
import {epochMicros, hashArguments, type UsageTyping} from "./usageTyping.js";
import {PULLED, type DaySelection, type PulledTable} from "./warehouseRollups.js";

/** One day's rows as ClickHouse counts them: day = days since 1970 (null: rows without a timestamp). */
export interface DayState {
  day: number | null;
  rows: number;
  checksum: string;
}

/** How many warehouse caches (one per table and settings) are kept: the most recently used. */
const KEEP = 3;
const MANIFEST = "days.json";

/** The cache's folder: beside the table sets of loaders/build.ts (PULSE_CACHE, default .pulse/cache). */
export function warehouseCacheRoot(): string {
  return join(resolve(process.env.PULSE_CACHE ?? ".pulse/cache"), "warehouse");
}

/** The days of the table and their rows' number and checksum, in one pass over the mapped columns. */
export async function dayStates(connection: ClickHouseConnection, typing: UsageTyping): Promise<DayState[]> {
  const hashed = Object.values(typing.mapped).map(hashArguments);
  const rows = await connection.rows<{o_day: string | null; o_rows: string; o_checksum: string}>(
    `WITH ${[...typing.withList(), "toInt64(intDiv(v_timestamp, toInt64(86400000000)) - if(v_timestamp % toInt64(86400000000) < 0, 1, 0)) AS o_day"].join(",\n  ")}
SELECT o_day, count() AS o_rows, sum(cityHash64(${hashed.join(", ")})) AS o_checksum
FROM ${tableSql(connection.source)}
GROUP BY o_day`,
    {label: "rows and checksum per day"}
  );
  return rows
    .map((r) => ({day: r.o_day === null ? null : Number(r.o_day), rows: Number(r.o_rows), checksum: String(r.o_checksum)}))
    .sort((a, b) => (a.day ?? -Infinity) - (b.day ?? -Infinity));
}

export function cacheKey(source: ClickHouseSource, config: PulseConfig): string {
  const parts = {
    table: `${source.protocol}://${source.user}@${source.host}:${source.port}/${source.database}.${source.table}`,
    columns: config.data.columns.usage_events ?? null,
    keyActions: config.activity.keyActions,
    sessionGapMinutes: config.activity.sessionGapMinutes,
    earliestDate: config.validation.earliestDate,
    rejectExamples: config.warehouse.rejectExamples,
    code: codeVersion(WAREHOUSE_ROLLUP_CODE)
  };
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 24);
}

interface Manifest {
  key: string;
  source: string;
  /** the kept days, by day number: their rows' number and checksum when they were rolled up */
  days: Record<string, {rows: number; checksum: string}>;
}

export interface CachePlan {
  dir: string;
  /** the days to ask ClickHouse for */
  ask: DaySelection;
  /** the days read from the cache */
  reuse: number[];
  /** the days that may be kept after this build (before the last complete day) */
  keepable: DayState[];
}

/** The day number of a date, YYYY-MM-DD. */
export const dayNumber = (date: string) => epochMicros(date) / 86_400_000_000;

/**
 * Which days to ask for: every day unless kept, unchanged and before the last complete day (the day before
 * `today`); the rows without a timestamp always.
 */
export function planDays(source: ClickHouseSource, config: PulseConfig, states: DayState[], today: string): CachePlan {
  const dir = join(warehouseCacheRoot(), cacheKey(source, config));
  const lastComplete = dayNumber(today) - 1;
  const keepable = states.filter((s): s is DayState & {day: number} => s.day !== null && s.day < lastComplete);
  const manifest = readManifest(dir);
  const reuse = manifest
    ? keepable.filter((s) => manifest.days[String(s.day)]?.rows === s.rows && manifest.days[String(s.day)]?.checksum === s.checksum).map((s) => s.day)
    : [];
  const reused = new Set(reuse);
  const ask: DaySelection = reuse.length === 0 ? {all: true} : {all: false, days: states.filter((s) => s.day === null || !reused.has(s.day)).map((s) => s.day)};
  return {dir, ask, reuse, keepable};
}

function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as Manifest;
  } catch {
    return null;
  }
}

/** Adds the kept rows of the reused days to the wh_ tables just pulled. */
export async function addReusedDays(db: PulseDb, plan: CachePlan): Promise<void> {
  if (plan.reuse.length === 0) return;
  await db.run(`CREATE OR REPLACE TEMP TABLE wh_reused_days AS SELECT unnest([${plan.reuse.join(", ")}]::INTEGER[]) AS day`);
  for (const table of Object.keys(PULLED) as PulledTable[]) {
    const path = join(plan.dir, `${table}.parquet`);
    await db.run(`INSERT INTO ${table} SELECT * FROM read_parquet(${sqlString(path)}) WHERE day IN (SELECT day FROM wh_reused_days)`);
  }
  const dir = join(plan.dir, MANIFEST);
  const now = new Date();
  utimesSync(dir, now, now);
}

/** Keeps the rows of the days before the last complete day for the next build (written aside, then moved in). */
export async function keepDays(db: PulseDb, plan: CachePlan, source: ClickHouseSource): Promise<void> {
  const partial = `${plan.dir}.partial-${process.pid}`;
  rmSync(partial, {recursive: true, force: true});
  mkdirSync(partial, {recursive: true});
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE wh_kept_days AS SELECT unnest([${plan.keepable.map((s) => s.day).join(", ")}]::INTEGER[]) AS day`);
    for (const table of Object.keys(PULLED) as PulledTable[]) {
      await db.run(`COPY (SELECT * FROM ${table} WHERE day IN (SELECT day FROM wh_kept_days) ORDER BY ALL)
        TO ${sqlString(join(partial, `${table}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
    }
    const manifest: Manifest = {
      key: relative(warehouseCacheRoot(), plan.dir),
      source: source.display,
      days: Object.fromEntries(plan.keepable.map((s) => [String(s.day), {rows: s.rows, checksum: s.checksum}]))
    };
    writeFileSync(join(partial, MANIFEST), JSON.stringify(manifest, null, 1) + "\n");
    rmSync(plan.dir, {recursive: true, force: true});
    renameSync(partial, plan.dir);
  } finally {
    rmSync(partial, {recursive: true, force: true});
  }
  pruneWarehouseCache();
}

/** Removes all but the KEEP most recently used warehouse caches. */
function pruneWarehouseCache(): void {
  const root = warehouseCacheRoot();
  if (!existsSync(root)) return;
  const caches = readdirSync(root)
    .filter((name) => /^[0-9a-f]{24}$/.test(name) && existsSync(join(root, name, MANIFEST)))
    .map((name) => ({name, used: statSync(join(root, name, MANIFEST)).mtimeMs}))
    .sort((a, b) => b.used - a.used);
  for (const {name} of caches.slice(KEEP)) rmSync(join(root, name), {recursive: true, force: true});
}
