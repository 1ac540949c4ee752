// Snapshots store only what changed (loaders/snapshots/placeTree.ts, snapshotStore.ts): a file with the
// same bytes as in the earlier snapshot is a hard link to it, the rest hard links to the new site's own
// files; earlier snapshots travel into a new build as links; the snapshot list is never written through
// a link into the published site; --keep-snapshots prunes by as-of date.
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {afterAll, expect, test} from "vitest";
import {precompressSite} from "../../loaders/site/precompress.js";
import {placeTree} from "../../loaders/snapshots/placeTree.js";
import {carrySnapshots, keepSnapshot, pruneSnapshots, writeSnapshotIndex} from "../../loaders/snapshots/snapshotStore.js";

const work = mkdtempSync(join(tmpdir(), "pulse-snapfiles-"));
afterAll(() => rmSync(work, {recursive: true, force: true}));

function write(path: string, text: string) {
  mkdirSync(dirname(path), {recursive: true});
  writeFileSync(path, text);
}
const inode = (path: string) => statSync(path).ino;

/** A built site as `pulse build` leaves it before keeping a snapshot. */
function site(dir: string, asOf: string, data: string) {
  write(join(dir, "index.html"), `<title>${asOf}</title>`);
  write(join(dir, "_node", "duckdb-eh.wasm"), "the engine, the same in every build");
  write(join(dir, "_file", "data", "kpis.json"), data);
  write(join(dir, "pulse-build.json"), JSON.stringify({as_of: asOf, headline: {}}));
}

test("placeTree links to the earlier copy when the bytes are the same, to the source otherwise", () => {
  const from = join(work, "p", "new");
  const like = join(work, "p", "old");
  write(join(from, "a", "same.bin"), "same");
  write(join(from, "a", "changed.bin"), "new text");
  write(join(from, "only-new.txt"), "x");
  write(join(like, "a", "same.bin"), "same");
  write(join(like, "a", "changed.bin"), "old text");
  const to = join(work, "p", "to");
  const placed = placeTree(from, to, {like});
  expect(inode(join(to, "a", "same.bin"))).toBe(inode(join(like, "a", "same.bin")));
  expect(inode(join(to, "a", "changed.bin"))).toBe(inode(join(from, "a", "changed.bin")));
  expect(inode(join(to, "only-new.txt"))).toBe(inode(join(from, "only-new.txt")));
  expect(readFileSync(join(to, "a", "changed.bin"), "utf8")).toBe("new text");
  expect(placed).toEqual({files: 3, bytes: 4 + 8 + 1, sharedBytes: 4, copiedBytes: 0});
});

test("two builds with snapshots: the engine is stored once, data files apart, and the published site is not written through", () => {
  // first build, published with its snapshot
  const published = join(work, "out");
  site(published, "2026-10-15", '{"arr": 1}');
  keepSnapshot(published, "2026-10-15");
  writeSnapshotIndex(join(published, "snapshots"));
  const indexBefore = readFileSync(join(published, "snapshots", "index.json"), "utf8");
  const indexInode = inode(join(published, "snapshots", "index.json"));

  // second build, in its staging folder: the earlier snapshot travels in, then this one is kept
  const staging = join(work, ".out.partial-1");
  site(staging, "2026-11-15", '{"arr": 2}');
  carrySnapshots(published, staging);
  const placed = keepSnapshot(staging, "2026-11-15");
  writeSnapshotIndex(join(staging, "snapshots"));

  const older = join(staging, "snapshots", "2026-10-15");
  const newer = join(staging, "snapshots", "2026-11-15");
  // the earlier snapshot is the published one's files, not copies
  expect(inode(join(older, "index.html"))).toBe(inode(join(published, "snapshots", "2026-10-15", "index.html")));
  // the engine: one file for both snapshots
  expect(inode(join(newer, "_node", "duckdb-eh.wasm"))).toBe(inode(join(older, "_node", "duckdb-eh.wasm")));
  expect(statSync(join(newer, "_node", "duckdb-eh.wasm")).nlink).toBeGreaterThanOrEqual(3);
  // what changed is this build's own
  expect(readFileSync(join(newer, "_file", "data", "kpis.json"), "utf8")).toBe('{"arr": 2}');
  expect(readFileSync(join(older, "_file", "data", "kpis.json"), "utf8")).toBe('{"arr": 1}');
  expect(placed.sharedBytes).toBe("the engine, the same in every build".length);
  // the new list names both; the published list is unchanged (a new file, not a write through a link)
  const list = JSON.parse(readFileSync(join(staging, "snapshots", "index.json"), "utf8"));
  expect(list.map((s: {as_of: string}) => s.as_of)).toEqual(["2026-11-15", "2026-10-15"]);
  expect(readFileSync(join(published, "snapshots", "index.json"), "utf8")).toBe(indexBefore);
  expect(inode(join(published, "snapshots", "index.json"))).toBe(indexInode);
  expect(inode(join(staging, "snapshots", "index.json"))).not.toBe(indexInode);
});

test("a precompressed site: the engine's brotli and gzip copies are stored once for both snapshots, changed data's apart", async () => {
  // two builds as renderSite leaves them: the engine and the data file over 1 KiB, so both get copies
  const engine = "the engine, the same in every build\n".repeat(100);
  const build = async (dir: string, asOf: string, arr: number) => {
    site(dir, asOf, JSON.stringify({arr, weeks: Array(1000).fill(arr)})); // 2,000+ bytes
    write(join(dir, "_node", "duckdb-eh.wasm"), engine);
    await precompressSite(dir);
  };
  const published = join(work, "compressed");
  await build(published, "2026-10-15", 1);
  keepSnapshot(published, "2026-10-15");
  const staging = join(work, ".compressed.partial-3");
  await build(staging, "2026-11-15", 2);
  carrySnapshots(published, staging);
  const placed = keepSnapshot(staging, "2026-11-15");

  const older = join(staging, "snapshots", "2026-10-15");
  const newer = join(staging, "snapshots", "2026-11-15");
  for (const copy of ["duckdb-eh.wasm.br", "duckdb-eh.wasm.gz"]) {
    expect(inode(join(newer, "_node", copy)), copy).toBe(inode(join(older, "_node", copy)));
  }
  for (const copy of ["kpis.json.br", "kpis.json.gz"]) {
    expect(inode(join(newer, "_file", "data", copy)), copy).toBe(inode(join(staging, "_file", "data", copy)));
    expect(inode(join(newer, "_file", "data", copy)), copy).not.toBe(inode(join(older, "_file", "data", copy)));
  }
  // shared with the earlier snapshot: the engine and its two copies (the rest differs: its date, its data)
  const size = (path: string) => statSync(join(newer, path)).size;
  expect(placed.sharedBytes).toBe(size("_node/duckdb-eh.wasm") + size("_node/duckdb-eh.wasm.br") + size("_node/duckdb-eh.wasm.gz"));
});

test("keeping a snapshot again for the same date replaces it without touching the published one", () => {
  const published = join(work, "again");
  site(published, "2026-11-15", '{"arr": 1}');
  keepSnapshot(published, "2026-11-15");
  const staging = join(work, ".again.partial-2");
  site(staging, "2026-11-15", '{"arr": 3}'); // a rebuild of the same day with corrected exports
  carrySnapshots(published, staging);
  keepSnapshot(staging, "2026-11-15");
  expect(readFileSync(join(staging, "snapshots", "2026-11-15", "_file", "data", "kpis.json"), "utf8")).toBe('{"arr": 3}');
  expect(readFileSync(join(published, "snapshots", "2026-11-15", "_file", "data", "kpis.json"), "utf8")).toBe('{"arr": 1}');
});

test("pruning keeps the newest snapshots by as-of date, and always the one this build kept", () => {
  const dir = join(work, "prune");
  const dates = ["2026-08-30", "2026-09-06", "2026-09-13", "2026-09-20"];
  for (const d of dates) write(join(dir, "snapshots", d, "index.html"), d);
  write(join(dir, "snapshots", "index.json"), "[]");
  write(join(dir, "snapshots", "notes", "keep.txt"), "not a snapshot");
  expect(pruneSnapshots(dir, 2)).toEqual(["2026-08-30", "2026-09-06"]);
  expect(readdirSync(join(dir, "snapshots")).sort()).toEqual(["2026-09-13", "2026-09-20", "index.json", "notes"]);
  // a backfill of an old date with --snapshot --keep-snapshots 2: it stays, with the newest other one
  write(join(dir, "snapshots", "2026-01-04", "index.html"), "backfill");
  expect(pruneSnapshots(dir, 2, "2026-01-04")).toEqual(["2026-09-13"]);
  expect(readdirSync(join(dir, "snapshots")).filter((d) => d.startsWith("20")).sort()).toEqual(["2026-01-04", "2026-09-20"]);
  expect(pruneSnapshots(dir, 5)).toEqual([]);
});
