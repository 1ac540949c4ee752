// Dated snapshots of a built site: OUT/snapshots/<as-of date>/ is a complete site (its files shared
// by hard links with the other snapshots where unchanged: placeTree.ts),
// with the tables it was built from in pulse-tables/, listed with headline KPIs in
// OUT/snapshots/index.json.   docs/scheduling.md#snapshots
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {SnapshotTables} from "./compareSnapshots.js";
import {placeTree, type Placed} from "./placeTree.js";

/** The tables a site keeps about itself, so a later build can compare against it. */
export const KEPT_TABLES = ["accounts.parquet", "kpis.parquet"];
/** Kept too when built, but not required of an earlier snapshot (one from before the backtest has none). */
export const KEPT_IF_BUILT = ["churn_backtest.parquet"];
export const TABLES_FOLDER = "pulse-tables";
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface BuildRecord {
  as_of: string;
  fingerprint: string;
  totals: {rows_read: number; rows_accepted: number; rows_rejected: number};
  /** headline KPIs at the as-of date, for the snapshots page */
  headline: Record<string, number | null>;
  compared_with: string | null;
}

/** Copies the kept tables into a built site and writes its build record. */
export function recordBuild(site: string, tablesDir: string, record: BuildRecord) {
  mkdirSync(join(site, TABLES_FOLDER), {recursive: true});
  for (const file of KEPT_TABLES) copyFileSync(join(tablesDir, file), join(site, TABLES_FOLDER, file));
  for (const file of KEPT_IF_BUILT) if (existsSync(join(tablesDir, file))) copyFileSync(join(tablesDir, file), join(site, TABLES_FOLDER, file));
  writeFileSync(join(site, "pulse-build.json"), JSON.stringify(record, null, 2) + "\n");
}

/** The newest snapshot in a published site that is older than asOf, if any. */
export function previousSnapshot(out: string, asOf: string): SnapshotTables | null {
  const snapshots = join(out, "snapshots");
  if (!existsSync(snapshots)) return null;
  const dates = readdirSync(snapshots)
    .filter((d) => DATE.test(d) && d < asOf && KEPT_TABLES.every((f) => existsSync(join(snapshots, d, TABLES_FOLDER, f))))
    .sort();
  const latest = dates.at(-1);
  return latest ? {asOf: latest, dir: join(snapshots, latest, TABLES_FOLDER)} : null;
}

/**
 * Keeps the built site (without its snapshots folder) as snapshots/<as-of>/; the caller then writes the
 * list once, after any pruning (writeSnapshotIndex).
 * Files with the same bytes as in the newest other snapshot (the engine, libraries, unchanged data) are
 * hard links to that snapshot's, the others hard links to the site's own: a snapshot stores only what changed.
 */
export function keepSnapshot(site: string, asOf: string): Placed {
  const snapshots = join(site, "snapshots");
  const target = join(snapshots, asOf);
  rmSync(target, {recursive: true, force: true});
  mkdirSync(target, {recursive: true});
  const others = existsSync(snapshots) ? readdirSync(snapshots).filter((d) => DATE.test(d) && d !== asOf).sort() : [];
  const like = others.length > 0 ? join(snapshots, others.at(-1)!) : null;
  return placeTree(site, target, {like, skip: ["snapshots"]});
}

/**
 * Carries the snapshots of the published site into the site being built, as hard links (no copying;
 * snapshot files are never changed in place). Only the dated folders: the list is written anew.
 */
export function carrySnapshots(published: string, site: string) {
  const from = join(published, "snapshots");
  if (!existsSync(from)) return;
  for (const d of readdirSync(from).filter((d) => DATE.test(d))) placeTree(join(from, d), join(site, "snapshots", d));
}

/**
 * Keeps the `keep` newest snapshots (by as-of date) and removes the others from a site being built;
 * `always`, the snapshot this build just kept, stays whatever its date (a backfill of an old date).
 * Returns the dates removed. The caller rewrites the list.
 */
export function pruneSnapshots(site: string, keep: number, always: string | null = null): string[] {
  const snapshots = join(site, "snapshots");
  if (!existsSync(snapshots)) return [];
  const others = readdirSync(snapshots).filter((d) => DATE.test(d) && d !== always).sort().reverse();
  const removed = others.slice(Math.max(0, always ? keep - 1 : keep));
  for (const d of removed) rmSync(join(snapshots, d), {recursive: true, force: true});
  return removed.sort();
}

export interface SnapshotEntry extends BuildRecord {
  path: string;
}

export function writeSnapshotIndex(snapshots: string): SnapshotEntry[] {
  const entries: SnapshotEntry[] = readdirSync(snapshots)
    .filter((d) => DATE.test(d) && existsSync(join(snapshots, d, "pulse-build.json")))
    .map((d) => ({...(JSON.parse(readFileSync(join(snapshots, d, "pulse-build.json"), "utf8")) as BuildRecord), path: `${d}/`}))
    .sort((a, b) => b.as_of.localeCompare(a.as_of));
  // a new file renamed into place, never a write into an existing one (which may be shared by a link)
  const index = join(snapshots, "index.json");
  writeFileSync(`${index}.tmp`, JSON.stringify(entries, null, 2) + "\n");
  renameSync(`${index}.tmp`, index);
  return entries;
}
