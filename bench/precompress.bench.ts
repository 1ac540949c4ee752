// What the brotli and gzip copies of a built site cost (issue #20, loaders/site/precompress.ts):
//   1. per level, the bytes and CPU seconds of each of the largest compressible files (the DuckDB
//      engines, the Parquet decoder) and of all the others together: gzip 9, brotli 5, 9, 10, 11;
//   2. precompressSite on a copy of the site without copies: cold (empty cache) and warm (the cache
//      the cold run filled), wall and CPU seconds.
//   npx tsx bench/precompress.bench.ts [--site dist] [--largest 3] [--slow-max-mb 1000]
// --slow-max-mb: brotli 10 and 11 only for files up to this size (they take ~3 µs a byte here).
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from "node:fs";
import {cpus, loadavg, tmpdir, totalmem} from "node:os";
import {join, relative, resolve} from "node:path";
import {parseArgs} from "node:util";
import {brotliCompressSync, constants, gzipSync} from "node:zlib";
import {isCompressible, precompressSite} from "../loaders/site/precompress.js";
import {recordResult} from "./record.js";

const {values} = parseArgs({options: {site: {type: "string", default: "dist"}, largest: {type: "string", default: "3"}, "slow-max-mb": {type: "string", default: "1000"}}});
const site = resolve(values.site);
const slowMaxBytes = Number(values["slow-max-mb"]) * 1e6;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
const loadAtStart = loadavg().map((x) => +x.toFixed(2));

/** CPU seconds of this process (all threads) and wall seconds of fn. */
async function measure<T>(fn: () => T | Promise<T>): Promise<{result: T; cpu_s: number; wall_s: number}> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return {result, cpu_s: +((used.user + used.system) / 1e6).toFixed(2), wall_s: +((performance.now() - wall) / 1000).toFixed(2)};
}

const files = readdirSync(site, {recursive: true, withFileTypes: true})
  .filter((e) => e.isFile() && !relative(site, e.parentPath).startsWith("snapshots"))
  .map((e) => join(e.parentPath, e.name))
  .filter((path) => isCompressible(path, statSync(path).size))
  .sort((a, b) => statSync(b).size - statSync(a).size);
const groups: [string, Buffer[]][] = [
  ...files.slice(0, Number(values.largest)).map((path): [string, Buffer[]] => [relative(site, path), [readFileSync(path)]]),
  [`the other ${files.length - Number(values.largest)} files`, files.slice(Number(values.largest)).map((path) => readFileSync(path))]
];

const levels: Record<string, Record<string, {bytes: number; cpu_s: number} | "skipped">> = {};
for (const [name, buffers] of groups) {
  const size = buffers.reduce((sum, b) => sum + b.length, 0);
  const row: (typeof levels)[string] = {original: {bytes: size, cpu_s: 0}};
  const run = async (label: string, compress: (b: Buffer) => Buffer) => {
    const {result, cpu_s} = await measure(() => buffers.reduce((sum, b) => sum + compress(b).length, 0));
    row[label] = {bytes: result, cpu_s};
    process.stderr.write(`${name}: ${label} ${result} bytes, ${cpu_s} CPU s\n`);
  };
  await run("gzip 9", (b) => gzipSync(b, {level: 9}));
  for (const quality of [5, 9, 10, 11]) {
    const largestHere = Math.max(...buffers.map((b) => b.length));
    if (quality >= 10 && largestHere > slowMaxBytes) {
      row[`brotli ${quality}`] = "skipped";
      continue;
    }
    await run(`brotli ${quality}`, (b) =>
      brotliCompressSync(b, {params: {[constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: b.length}})
    );
  }
  levels[name] = row;
}

// the module itself, as pulse build runs it: a copy of the site without its copies, an empty cache
const scratch = mkdtempSync(join(tmpdir(), "pulse-precompress-bench-"));
const runs: Record<string, {wall_s: number; cpu_s: number; reused: number; compressed: number}> = {};
try {
  const copy = join(scratch, "site");
  cpSync(site, copy, {recursive: true, filter: (source) => !/\.(br|gz)$/.test(source) || source.includes("account-pages")});
  for (const label of ["cold", "warm"]) {
    const {result, wall_s, cpu_s} = await measure(() => precompressSite(copy, {cache: join(scratch, "cache")}));
    runs[label] = {wall_s, cpu_s, reused: result.reused, compressed: result.compressed};
    process.stderr.write(`precompressSite ${label}: ${wall_s} s, ${cpu_s} CPU s, ${result.reused} copies from the cache, ${result.compressed} compressed\n`);
  }
} finally {
  rmSync(scratch, {recursive: true, force: true});
}

const summary = {benchmark: "precompress", machine, load_at_start: loadAtStart, load_at_end: loadavg().map((x) => +x.toFixed(2)), files: files.length, levels, precompress_site: runs};
console.log(JSON.stringify(summary, null, 2));
recordResult(summary);
