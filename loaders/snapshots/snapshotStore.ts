// Dated snapshots of a built site: OUT/snapshots/<as-of date>/ is a complete copy of the site,
// with the tables it was built from in pulse-tables/, listed with headline KPIs in
// OUT/snapshots/index.json.   docs/scheduling.md#snapshots
import {copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {SnapshotTables} from "./compareSnapshots.js";

/** The tables a site keeps about itself, so a later build can compare against it. */
export const KEPT_TABLES = ["accounts.parquet", "kpis.parquet"];
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

/** Copies the built site (without its snapshots folder) to snapshots/<as-of>/ and re-lists the snapshots. */
export function keepSnapshot(site: string, asOf: string) {
  const snapshots = join(site, "snapshots");
  const target = join(snapshots, asOf);
  rmSync(target, {recursive: true, force: true});
  mkdirSync(target, {recursive: true});
  for (const entry of readdirSync(site)) {
    if (entry !== "snapshots") cpSync(join(site, entry), join(target, entry), {recursive: true});
  }
  writeSnapshotIndex(snapshots);
}

export interface SnapshotEntry extends BuildRecord {
  path: string;
}

export function writeSnapshotIndex(snapshots: string): SnapshotEntry[] {
  const entries: SnapshotEntry[] = readdirSync(snapshots)
    .filter((d) => DATE.test(d) && existsSync(join(snapshots, d, "pulse-build.json")))
    .map((d) => ({...(JSON.parse(readFileSync(join(snapshots, d, "pulse-build.json"), "utf8")) as BuildRecord), path: `${d}/`}))
    .sort((a, b) => b.as_of.localeCompare(a.as_of));
  writeFileSync(join(snapshots, "index.json"), JSON.stringify(entries, null, 2) + "\n");
  return entries;
}
