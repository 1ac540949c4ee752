// Compressed copies of a built site's files, for hosts that send a file's precompressed copy as it is
// (nginx gzip_static / brotli_static, S3 + CloudFront with Content-Encoding metadata) and for `pulse
// serve`: FILE.br (brotli) and FILE.gz (gzip) beside every compressible FILE. The DuckDB engine
// (duckdb-eh.wasm, 34 MB) goes over the wire as ~6 MB instead.   docs/deploying.md#compression
//
// Which files: the endings in COMPRESSIBLE (text, JavaScript, WebAssembly), of at least MIN_BYTES;
// a copy is kept only when it is at most WORTH_IT of the file's size. Parquet and the account page's
// *.json.gz are compressed already and get none. health.duckdb (the health page's database) is not
// compressed by DuckDB and shrinks to ~12% (bench/RESULTS.md): it gets copies like the engine.
// Deterministic: fixed levels (brotliQuality, GZIP_LEVEL), gzip without name or time, so the same
// bytes always give the same copies (and a snapshot links them like any unchanged file).
// Compressing costs CPU once per file content: each copy is also kept in a cache keyed by the
// file's SHA-256 (the engine and libraries are the same build after build), used by the next build.
import {createHash} from "node:crypto";
import {copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {availableParallelism} from "node:os";
import {extname, join} from "node:path";
import {promisify} from "node:util";
import {brotliCompress, constants, gzip} from "node:zlib";

/** Endings that get compressed copies: text, JavaScript, WebAssembly and DuckDB database files. */
export const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".txt", ".map", ".csv", ".xml", ".duckdb"]);
/** Smaller files go as they are: a few hundred bytes saved do not pay for the copies (CloudFront's own floor is 1,000 bytes). */
export const MIN_BYTES = 1024;
/** A copy is written only when it is at most this share of the file's size (saves at least 10%). */
export const WORTH_IT = 0.9;
export const GZIP_LEVEL = 9;
/** Brotli's maximum quality up to 1 MiB; above it quality 9, which compresses the 34 MB engine in ~5 s
 * where quality 11 takes ~110 s for 12% fewer bytes (bench/RESULTS.md, issue #20). */
export const BROTLI_MAX_QUALITY_BYTES = 2 ** 20;
export function brotliQuality(size: number): number {
  return size <= BROTLI_MAX_QUALITY_BYTES ? 11 : 9;
}
/** Cached copies not used by a build for this long are removed (another build may be using them now). */
export const CACHE_IDLE_MS = 60 * 60 * 1000;

export type Encoding = "br" | "gzip";
/** The file ending of each encoding's copy. */
export const COPY_ENDING: Record<Encoding, string> = {br: ".br", gzip: ".gz"};

export interface Precompressed {
  /** files that got at least one copy */
  files: number;
  /** their bytes, and their copies' bytes */
  bytes: number;
  brBytes: number;
  gzipBytes: number;
  /** copies taken from the cache, and copies compressed now */
  reused: number;
  compressed: number;
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** gzip's header says which system wrote it (byte 9); "unknown" (255) makes the bytes the same everywhere. */
const GZIP_OS_UNKNOWN = 255;

/** The brotli copy of these bytes: quality by size, the size as a hint, everything else brotli's default. */
export async function brotliCopy(bytes: Buffer): Promise<Buffer> {
  return brotli(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: brotliQuality(bytes.length),
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length
    }
  });
}

/** The gzip copy of these bytes: level 9, no file name, no time (zlib writes 0), system "unknown". */
export async function gzipCopy(bytes: Buffer): Promise<Buffer> {
  const copy = await gzipped(bytes, {level: GZIP_LEVEL});
  copy[9] = GZIP_OS_UNKNOWN;
  return copy;
}

/** Whether a file of the site gets compressed copies, by its name and size. */
export function isCompressible(name: string, size: number): boolean {
  return COMPRESSIBLE.has(extname(name).toLowerCase()) && size >= MIN_BYTES;
}

function siteFiles(site: string): {path: string; size: number}[] {
  return readdirSync(site, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .map((path) => ({path, size: statSync(path).size}))
    .filter(({path, size}) => isCompressible(path, size));
}

/** One copy of one file: from the cache when these bytes were compressed before, else compressed now and cached. */
async function copyOf(bytes: Buffer, key: string, encoding: Encoding, cache: string | null, counts: Precompressed, used: Set<string>): Promise<{copy: Buffer | null; cached: string | null}> {
  const settings = encoding === "br" ? `q${brotliQuality(bytes.length)}` : `${GZIP_LEVEL}`;
  const name = `${key}.${settings}${COPY_ENDING[encoding]}`;
  const cached = cache === null ? null : join(cache, name);
  if (cached !== null && existsSync(cached)) {
    counts.reused++;
    used.add(name);
    const now = new Date();
    utimesSync(cached, now, now);
    return {copy: null, cached};
  }
  const copy = encoding === "br" ? await brotliCopy(bytes) : await gzipCopy(bytes);
  counts.compressed++;
  if (cached !== null) {
    // written aside and renamed into place: a build reading the cache never sees half a file
    const partial = `${cached}.partial-${process.pid}`;
    writeFileSync(partial, copy);
    renameSync(partial, cached);
    used.add(name);
  }
  return {copy, cached};
}

/**
 * Writes FILE.br and FILE.gz beside every compressible file under `site` (see the rules above) and
 * returns what it wrote. `cache`: a folder of earlier copies, keyed by content (null: no cache); copies
 * no build used within CACHE_IDLE_MS are removed from it afterwards.
 */
export async function precompressSite(site: string, options: {cache?: string | null} = {}): Promise<Precompressed> {
  const cache = options.cache ?? null;
  if (cache !== null) mkdirSync(cache, {recursive: true});
  const counts: Precompressed = {files: 0, bytes: 0, brBytes: 0, gzipBytes: 0, reused: 0, compressed: 0};
  const used = new Set<string>();
  // the largest first, so the engines compress side by side while the small files fill the gaps
  const queue = siteFiles(site).sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const bytes = await readFile(next.path);
      const key = createHash("sha256").update(bytes).digest("hex");
      let wrote = false;
      for (const encoding of ["br", "gzip"] as const) {
        const {copy, cached} = await copyOf(bytes, key, encoding, cache, counts, used);
        const size = copy?.length ?? statSync(cached!).size;
        if (size > WORTH_IT * bytes.length) continue;
        // a new file renamed into place, never a write into an existing one (which may be shared by a link)
        const target = next.path + COPY_ENDING[encoding];
        const partial = `${target}.partial-${process.pid}`;
        if (copy !== null) writeFileSync(partial, copy);
        else copyFileSync(cached!, partial);
        renameSync(partial, target);
        counts[encoding === "br" ? "brBytes" : "gzipBytes"] += size;
        wrote = true;
      }
      if (wrote) {
        counts.files++;
        counts.bytes += bytes.length;
      }
    }
  };
  await Promise.all(Array.from({length: Math.max(2, availableParallelism())}, worker));
  if (cache !== null) pruneCopies(cache, used);
  return counts;
}

/** Removes cached copies this build did not use and no build used within CACHE_IDLE_MS, and leftovers of killed builds. */
function pruneCopies(cache: string, used: Set<string>, now = Date.now()) {
  for (const name of readdirSync(cache)) {
    if (used.has(name)) continue;
    const path = join(cache, name);
    try {
      if (now - statSync(path).mtimeMs > CACHE_IDLE_MS) rmSync(path, {force: true});
    } catch {
      // removed by another build meanwhile
    }
  }
}
