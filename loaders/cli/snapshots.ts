// Dated snapshots: a complete copy of the site under snapshots/<as-of date>/, listed in
// snapshots/index.json so the snapshots page can show them all.
import {cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {BuiltTables} from "../build.js";

export interface SnapshotEntry {
  as_of: string;
  path: string;
  fingerprint: string;
}

export async function publishSnapshot(site: string, tables: BuiltTables, progress: (m: string) => void): Promise<void> {
  const snapshots = join(site, "snapshots");
  const target = join(snapshots, tables.asOf);
  rmSync(target, {recursive: true, force: true});
  mkdirSync(target, {recursive: true});
  for (const entry of readdirSync(site)) {
    if (entry !== "snapshots") cpSync(join(site, entry), join(target, entry), {recursive: true});
  }
  writeSnapshotIndex(snapshots);
  progress(`kept snapshot snapshots/${tables.asOf}/`);
}

export function writeSnapshotIndex(snapshots: string): SnapshotEntry[] {
  const entries: SnapshotEntry[] = readdirSync(snapshots, {withFileTypes: true})
    .filter((d) => d.isDirectory() && /^\d{4}-\d{2}-\d{2}$/.test(d.name) && existsSync(join(snapshots, d.name, "pulse-build.json")))
    .map((d) => {
      const build = JSON.parse(readFileSync(join(snapshots, d.name, "pulse-build.json"), "utf8"));
      return {as_of: d.name, path: `${d.name}/`, fingerprint: build.fingerprint};
    })
    .sort((a, b) => b.as_of.localeCompare(a.as_of));
  writeFileSync(join(snapshots, "index.json"), JSON.stringify(entries, null, 2) + "\n");
  return entries;
}
