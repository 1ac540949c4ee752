// Snapshots share files instead of copying them. A built site's files are never changed in place
// (every build writes a new folder), so a snapshot can hard-link them: the DuckDB engine (~34 MB) and
// the other libraries are stored once for all snapshots, and carrying the earlier snapshots into a
// new build costs no copying. Where hard links are not possible (another file system), files are copied.
import {copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync} from "node:fs";
import {join} from "node:path";

export interface Placed {
  files: number;
  bytes: number;
  /** bytes of the files that are the same as the earlier snapshot's, and now stored once with it */
  sharedBytes: number;
  /** bytes that had to be copied (hard links not possible) */
  copiedBytes: number;
}

function sameBytes(a: string, b: string, size: number): boolean {
  try {
    if (statSync(b).size !== size) return false;
    return readFileSync(a).equals(readFileSync(b));
  } catch {
    return false;
  }
}

function linkOrCopy(source: string, target: string, size: number, shared: boolean, placed: Placed) {
  placed.files++;
  placed.bytes += size;
  try {
    linkSync(source, target);
    if (shared) placed.sharedBytes += size;
  } catch {
    copyFileSync(source, target);
    placed.copiedBytes += size;
  }
}

/**
 * Puts every file of `from` (but the top-level entries named in `skip`) at the same place under `to`,
 * which must not hold them yet: a hard link to the file at that place under `like` when that one has the
 * same bytes (an earlier snapshot's copy of the engine), else a hard link to the file itself, else a copy.
 */
export function placeTree(from: string, to: string, options: {like?: string | null; skip?: string[]} = {}, placed: Placed = {files: 0, bytes: 0, sharedBytes: 0, copiedBytes: 0}): Placed {
  const like = options.like ?? null;
  mkdirSync(to, {recursive: true});
  for (const entry of readdirSync(from, {withFileTypes: true})) {
    if (options.skip?.includes(entry.name)) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    const earlier = like === null ? null : join(like, entry.name);
    if (entry.isDirectory()) {
      placeTree(source, target, {like: earlier}, placed);
    } else if (entry.isFile()) {
      const size = statSync(source).size;
      const same = earlier !== null && sameBytes(source, earlier, size);
      linkOrCopy(same ? earlier : source, target, size, same, placed);
    }
  }
  return placed;
}
