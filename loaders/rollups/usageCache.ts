// The rollups of each usage file, kept between builds (docs/scheduling.md#incremental-rebuilds): a scheduled build
// that finds a year of daily files and one new one reads only the new one. A file's rollup is kept in a folder
// named by a key of everything it was computed from:
//   - the file: its path, size and modification time, and how the rejects name it;
//   - the settings the pass reads: the usage export's column mapping and date formats, validation.earliestDate,
//     activity.keyActions and activity.sessionGapMinutes;
//   - the code that reads, checks and rolls up the usage (ROLLUP_CODE in loaders/codeVersion.ts).
// Two more things a file's rows are checked against change from build to build, so they are checked again before a
// kept rollup is used, and a rollup that would come out differently is computed again:
//   - the accounts and contracts: every account and contract the file's rows name is looked up again, and each
//     reference rule (unknown_account, unknown_contract, contract_account_mismatch) must give the same verdict;
//   - "today": rows on or after today + validation.eventFutureToleranceDays + 1 are rejected as in the future, so a
//     file with a row on or after the earlier or the new limit is read again when the limit moves.
// A file that is gone or changed is never counted from its old rollup: the build lists the files it finds, and a
// changed file has another key.
import {createHash} from "node:crypto";
import {existsSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlString} from "../db.js";
import {REFERENCE_RULES} from "../validate/checks.js";
import {ROLLUP_PARTS, usageChecks, type FileRollup} from "./rollUpFiles.js";

/** entry.json: what a kept rollup was computed from, and what it found. */
export interface CacheEntry {
  key: string;
  file: string;
  path: string;
  /** the first day rejected as in the future when it was computed (YYYY-MM-DD) */
  future_limit: string;
  rollup: FileRollup;
}

const ENTRY = "entry.json";

/** The first day on which a usage row is in the future: today + eventFutureToleranceDays + 1. */
export function futureLimit(config: PulseConfig, today: string): string {
  const day = new Date(`${today}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + config.validation.eventFutureToleranceDays + 1);
  return day.toISOString().slice(0, 10);
}

/** The key of a file's rollup: a hash of the file (path, size, modification time, label), the settings and the code. */
export function entryKey(file: string, label: string, format: string, config: PulseConfig, codeVersion: string): string {
  const stat = statSync(file);
  const parts = {
    code: codeVersion,
    file,
    label,
    format,
    size: stat.size,
    mtime: stat.mtimeMs,
    columns: config.data.columns.usage_events ?? null,
    dateFormats: config.data.dateFormats.usage_events ?? null,
    earliestDate: config.validation.earliestDate,
    keyActions: config.activity.keyActions,
    sessionGapMinutes: config.activity.sessionGapMinutes
  };
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 24);
}

export function readEntry(dir: string): CacheEntry | null {
  try {
    return JSON.parse(readFileSync(join(dir, ENTRY), "utf8")) as CacheEntry;
  } catch {
    return null;
  }
}

export function writeEntry(dir: string, entry: CacheEntry): void {
  writeFileSync(join(dir, ENTRY), JSON.stringify(entry, null, 2) + "\n");
}

/** Marks a kept rollup as used now (its entry.json's modification time), for pruning. */
export function markEntryUsed(dir: string): void {
  const now = new Date();
  utimesSync(join(dir, ENTRY), now, now);
}

/**
 * Whether a kept rollup is what the file gives today: no row of it falls between the old and the new "in the
 * future" limit, and every reference its rows make gets the same verdict from the accounts and contracts staged now.
 */
export async function stillValid(db: PulseDb, dir: string, entry: CacheEntry, config: PulseConfig, today: string): Promise<boolean> {
  const limit = futureLimit(config, today);
  if (limit !== entry.future_limit && entry.rollup.max_day !== null && entry.rollup.max_day >= (limit < entry.future_limit ? limit : entry.future_limit)) return false;
  const checks = usageChecks(Object.keys(entry.rollup.mapped_columns), {config, today});
  const references = checks.flatMap((c, i) => (REFERENCE_RULES.includes(c.rule) ? [{c, bit: 1n << BigInt(i)}] : []));
  if (references.length === 0) return true;
  const now = references.map(({c, bit}) => `CASE WHEN ${c.fails} THEN ${bit} ELSE 0 END`).join(" + ");
  const mask = references.reduce((m, {bit}) => m | bit, 0n);
  const folder = join(dir, ROLLUP_PARTS.references);
  if (!existsSync(folder)) return true; // a file without rows names nothing
  const changed = await db.value<number>(`SELECT count(*) FROM read_parquet(${sqlString(join(folder, "*.parquet"))})
    WHERE CAST(${now} AS BIGINT) <> CASE WHEN status > 0 THEN status & ${mask} ELSE 0 END`);
  return changed === 0;
}

/**
 * Removes kept rollups that no recent build used: those whose entry was last used before `usedSince` (ms) and
 * more than `idleMs` ago, and folders left by killed builds (<key>.partial-<pid>) as old. Returns the names removed.
 */
export function pruneRollupCache(rollupDir: string, usedSince: number, idleMs: number, now = Date.now()): string[] {
  if (!existsSync(rollupDir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(rollupDir)) {
    const path = join(rollupDir, name);
    let used: number;
    try {
      used = statSync(existsSync(join(path, ENTRY)) ? join(path, ENTRY) : path).mtimeMs;
    } catch {
      continue;
    }
    if (used < usedSince && now - used > idleMs) {
      rmSync(path, {recursive: true, force: true});
      removed.push(name);
    }
  }
  return removed;
}
