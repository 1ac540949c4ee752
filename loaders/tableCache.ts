// The table cache (.pulse/cache/<fingerprint>/, loaders/build.ts) would grow by one set of tables per
// scheduled build with fresh exports — at ten million events, hundreds of megabytes a day. After each
// build the sets used most recently are kept and the rest removed, as are folders left by killed builds.
// The usage rollups (.pulse/cache/rollups/, loaders/rollups/usageCache.ts) are kept while a kept set uses them.
import {existsSync, readFileSync, readdirSync, rmSync, statSync, utimesSync} from "node:fs";
import {join} from "node:path";
import {PulseInputError} from "./errors.js";

/** Sets of tables kept by default: the current one and the two used before it. */
export const DEFAULT_CACHE_KEEP = 3;
/** A set used (or a leftover folder touched) this recently is never removed: another process may be reading it. */
export const CACHE_IDLE_MS = 60 * 60 * 1000;

const FINGERPRINT = /^[0-9a-f]{20}$/;
/** what a killed build leaves beside the sets: its half-written folder and DuckDB's spill folder */
const LEFTOVER = /^[0-9a-f]{20}\.(partial-\d+|spill)$/;

/** How many sets of tables to keep: PULSE_CACHE_KEEP (a whole number ≥ 1), else 3. */
export function cacheKeep(): number {
  const given = process.env.PULSE_CACHE_KEEP?.trim();
  if (!given) return DEFAULT_CACHE_KEEP;
  if (!/^\d+$/.test(given) || Number(given) < 1) {
    throw new PulseInputError("PULSE_CACHE_KEEP", `must be a whole number of table sets to keep, 1 or more, got "${given}"`);
  }
  return Number(given);
}

/**
 * Marks a set of tables as used now (its manifest's modification time), and the usage rollups it was built from
 * (the manifest's `rollups`, folders of `rollupDir`), so that they are kept as long as the set is.
 */
export function markUsed(dir: string, rollupDir?: string) {
  const now = new Date();
  const manifest = join(dir, "manifest.json");
  utimesSync(manifest, now, now);
  if (!rollupDir) return;
  const {rollups = []} = JSON.parse(readFileSync(manifest, "utf8")) as {rollups?: string[]};
  for (const name of rollups) {
    const entry = join(rollupDir, name, "entry.json");
    if (existsSync(entry)) utimesSync(entry, now, now);
  }
}

/** When the least recently used of the `keep` sets of tables kept was last used (0: fewer sets than that). */
export function oldestKeptUse(cacheDir: string, keep: number): number {
  if (!existsSync(cacheDir)) return 0;
  const used = readdirSync(cacheDir)
    .filter((name) => FINGERPRINT.test(name) && existsSync(join(cacheDir, name, "manifest.json")))
    .map((name) => lastTouched(join(cacheDir, name, "manifest.json")))
    .sort((a, b) => b - a);
  return used.length >= keep ? used[keep - 1] : 0;
}

function lastTouched(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Removes every complete set of tables but the `keep` used most recently (by their manifest's time),
 * and leftovers of killed builds, except what was used within `idleMs` or is being built (its lock
 * exists). Returns the names removed.
 */
export function pruneTableCache(cacheDir: string, keep: number, idleMs = CACHE_IDLE_MS, now = Date.now()): string[] {
  if (!existsSync(cacheDir)) return [];
  const entries = readdirSync(cacheDir);
  const sets = entries
    .filter((name) => FINGERPRINT.test(name) && existsSync(join(cacheDir, name, "manifest.json")))
    .map((name) => ({name, used: lastTouched(join(cacheDir, name, "manifest.json"))}))
    .sort((a, b) => b.used - a.used || a.name.localeCompare(b.name));
  const idle = (name: string, used: number) => now - used > idleMs && !existsSync(join(cacheDir, `${name.slice(0, 20)}.lock`));
  const removable = [
    ...sets.slice(keep).filter((s) => idle(s.name, s.used)).map((s) => s.name),
    ...entries.filter((name) => LEFTOVER.test(name) && idle(name, lastTouched(join(cacheDir, name))))
  ];
  for (const name of removable) rmSync(join(cacheDir, name), {recursive: true, force: true});
  return removable;
}
