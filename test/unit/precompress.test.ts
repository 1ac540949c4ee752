// Brotli and gzip copies beside a built site's files (loaders/site/precompress.ts): which files get
// them, that each copy unpacks to the file's bytes, that the same bytes always give the same copies
// (built afresh or taken from the cache), and that the cache keeps only what builds use.
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {brotliDecompressSync, gunzipSync} from "node:zlib";
import {afterAll, describe, expect, test} from "vitest";
import {brotliQuality, CACHE_IDLE_MS, gzipCopy, isCompressible, precompressSite} from "../../loaders/site/precompress.js";

const work = mkdtempSync(join(tmpdir(), "pulse-precompress-"));
afterAll(() => rmSync(work, {recursive: true, force: true}));

function write(path: string, bytes: string | Buffer) {
  mkdirSync(dirname(path), {recursive: true});
  writeFileSync(path, bytes);
}

/** Text that compresses well: the same line many times. */
const repeated = (line: string, times: number) => Buffer.from(line.repeat(times));
/** Bytes that do not compress at all (a fixed pseudo-random sequence, so the test is the same every run). */
function noise(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = 2463534242;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** A built site with one file of each kind the rules tell apart. */
function site(dir: string) {
  write(join(dir, "index.html"), repeated("<p>Pulse overview</p>\n", 200)); // 4,400 bytes of HTML
  write(join(dir, "_node", "@duckdb", "duckdb-eh.wasm"), Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), repeated("engine", 1000)]));
  write(join(dir, "_node", "lib", "index.js"), repeated("export const x = 1;\n", 100));
  write(join(dir, "_observablehq", "theme.css"), repeated("body { margin: 0; }\n", 100));
  write(join(dir, "_file", "data", "kpis.json"), repeated('{"arr": 1200000},', 100));
  write(join(dir, "_file", "data", "tiny.json"), '{"arr": 1}'); // under 1 KiB: as it is
  write(join(dir, "_file", "data", "accounts.parquet"), repeated("PAR1", 1000)); // compressed already, by its ending
  write(join(dir, "_file", "data", "health.duckdb"), repeated("DUCK", 1000));
  write(join(dir, "data", "account-pages", "000.json.gz"), repeated("gz", 1000)); // the account page's own gzip files
  write(join(dir, "_file", "data", "random.json"), noise(4096)); // a copy would not save 10%
}

describe("precompressSite", () => {
  const dir = join(work, "site");
  site(dir);
  let summary: Awaited<ReturnType<typeof precompressSite>>;

  test("writes FILE.br and FILE.gz beside each compressible file of 1 KiB or more, and only there", async () => {
    summary = await precompressSite(dir);
    const copies = readdirSync(dir, {recursive: true})
      .map(String)
      .filter((f) => /\.(br|gz)$/.test(f) && !f.startsWith(join("data", "account-pages")))
      .sort();
    expect(copies).toEqual([
      "_file/data/health.duckdb.br", "_file/data/health.duckdb.gz",
      "_file/data/kpis.json.br", "_file/data/kpis.json.gz",
      "_node/@duckdb/duckdb-eh.wasm.br", "_node/@duckdb/duckdb-eh.wasm.gz",
      "_node/lib/index.js.br", "_node/lib/index.js.gz",
      "_observablehq/theme.css.br", "_observablehq/theme.css.gz",
      "index.html.br", "index.html.gz"
    ]);
    // the account page's bucket files are left as they are, with no copy of their own
    expect(readdirSync(join(dir, "data", "account-pages"))).toEqual(["000.json.gz"]);
    // 6 files with copies (health.duckdb, the page's database, is not compressed by DuckDB); 7 files compressed
    // (random.json too, whose copies were not worth writing): 7 × 2 = 14 copies compressed, none from a cache
    expect(summary).toMatchObject({files: 6, reused: 0, compressed: 14});
  });

  test("each copy unpacks to the file's bytes", () => {
    for (const file of ["index.html", "_node/@duckdb/duckdb-eh.wasm", "_node/lib/index.js", "_observablehq/theme.css", "_file/data/kpis.json"]) {
      const original = readFileSync(join(dir, file));
      expect(brotliDecompressSync(readFileSync(join(dir, `${file}.br`))).equals(original), file).toBe(true);
      expect(gunzipSync(readFileSync(join(dir, `${file}.gz`))).equals(original), file).toBe(true);
    }
  });

  test("what it reports adds up: the files' bytes and their copies' bytes", () => {
    const size = (f: string) => statSync(join(dir, f)).size;
    const files = ["index.html", "_node/@duckdb/duckdb-eh.wasm", "_node/lib/index.js", "_observablehq/theme.css", "_file/data/kpis.json", "_file/data/health.duckdb"];
    // 22 × 200 = 4,400 (html) + 8 + 6 × 1,000 (wasm) + 20 × 100 (js) + 20 × 100 (css) + 17 × 100 (json) + 4 × 1,000 (duckdb)
    expect(summary.bytes).toBe(20_108);
    expect(summary.bytes).toBe(files.reduce((sum, f) => sum + size(f), 0));
    expect(summary.brBytes).toBe(files.reduce((sum, f) => sum + size(`${f}.br`), 0));
    expect(summary.gzipBytes).toBe(files.reduce((sum, f) => sum + size(`${f}.gz`), 0));
  });
});

test("the rules: endings, 1 KiB, brotli's quality by size", () => {
  expect(isCompressible("a/duckdb-eh.wasm", 34_242_586)).toBe(true);
  expect(isCompressible("index.HTML", 1024)).toBe(true);
  expect(isCompressible("index.html", 1023)).toBe(false);
  expect(isCompressible("data/health.duckdb", 10_000)).toBe(true);
  for (const name of ["accounts.parquet", "000.json.gz", "engine.wasm.br", "logo.png", "font.woff2"]) {
    expect(isCompressible(name, 10_000), name).toBe(false);
  }
  expect(brotliQuality(2 ** 20)).toBe(11);
  expect(brotliQuality(2 ** 20 + 1)).toBe(9);
});

test("gzip copies carry no file name and no time, and the same system byte everywhere", async () => {
  const copy = await gzipCopy(repeated("pulse ", 500));
  // RFC 1952: magic 1f 8b, method 8 (deflate), flags 0 (no name, no comment), mtime 0 (bytes 4-7),
  // extra flags 2 (level 9: maximum compression), OS 255 (unknown)
  expect([...copy.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
});

describe("the same bytes give the same copies", () => {
  const cache = join(work, "cache");
  const copiesOf = (dir: string) =>
    Object.fromEntries(
      readdirSync(dir, {recursive: true})
        .map(String)
        .filter((f) => /\.(br|gz)$/.test(f))
        .sort()
        .map((f) => [f, readFileSync(join(dir, f)).toString("base64")])
    );

  test("compressed twice afresh, and once through the cache: byte for byte the same", async () => {
    const [a, b, c] = ["a", "b", "c"].map((name) => join(work, `same-${name}`));
    for (const dir of [a, b, c]) site(dir);
    await precompressSite(a);
    await precompressSite(b, {cache});
    const reused = await precompressSite(c, {cache});
    // all 14 copies c needs come from the cache b filled (random.json's two too, though not written)
    expect(reused).toMatchObject({files: 6, reused: 14, compressed: 0});
    expect(copiesOf(b)).toEqual(copiesOf(a));
    expect(copiesOf(c)).toEqual(copiesOf(a));
    expect(Object.keys(copiesOf(a)).length).toBe(12 + 1); // and data/account-pages/000.json.gz, the site's own
  });

  test("a changed file is compressed anew; copies no build used for an hour leave the cache", async () => {
    const dir = join(work, "changed");
    site(dir);
    write(join(dir, "_file", "data", "kpis.json"), repeated('{"arr": 1300000},', 100));
    // make every cached copy look unused for longer than the idle time
    const old = new Date(Date.now() - CACHE_IDLE_MS - 60_000);
    for (const name of readdirSync(cache)) utimesSync(join(cache, name), old, old);
    const before = readdirSync(cache).length;
    const run = await precompressSite(dir, {cache});
    expect(run).toMatchObject({reused: 12, compressed: 2});
    expect(brotliDecompressSync(readFileSync(join(dir, "_file", "data", "kpis.json.br"))).toString()).toContain("1300000");
    // the old kpis.json's two copies were not used by this build and are gone; the new ones are there
    const after = readdirSync(cache);
    expect(after.length).toBe(before);
    expect(after.every((name) => statSync(join(cache, name)).mtimeMs > old.getTime())).toBe(true);
  });
});
