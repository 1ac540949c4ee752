// Builds every table Pulse writes — staged exports, metrics, quality report — once per set of
// inputs. The output folder is keyed by a fingerprint of the inputs (export files, config,
// as-of date, Pulse's own code), so fresh exports always give fresh tables and unchanged
// inputs reuse the last result. Several processes asking at once build it once.
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {join, relative, resolve} from "node:path";
import {totalmem} from "node:os";
import {codeVersion} from "./codeVersion.js";
import {PulseDb, sqlString} from "./db.js";
import {findExports} from "./ingest/findExports.js";
import {stageExports, type QualityReport} from "./ingest/stageExports.js";
import {resolveInputs, type BuildInputs, type InputFlags} from "./inputs.js";
import {computeMetrics} from "./metrics/computeMetrics.js";
import {generateSample} from "./sample/generateSample.js";
import {writeTables} from "./write/writeTables.js";
import {PulseInputError} from "./errors.js";
import {withLock} from "./lock.js";
import {CACHE_IDLE_MS, cacheKeep, markUsed, oldestKeptUse, pruneTableCache} from "./tableCache.js";
import {rollupEntryNames} from "./rollups/stageUsage.js";
import {pruneRollupCache} from "./rollups/usageCache.js";

export const CACHE_DIR = resolve(process.env.PULSE_CACHE ?? ".pulse/cache");
/** each usage file's rollups, kept between builds (loaders/rollups/usageCache.ts) */
export const ROLLUP_CACHE_DIR = join(CACHE_DIR, "rollups");

export interface BuiltTables {
  /** folder holding <table>.parquet and quality.json */
  dir: string;
  fingerprint: string;
  asOf: string;
  quality: QualityReport;
  /** true when an earlier build with the same inputs was reused */
  reused: boolean;
}

export type Progress = (message: string) => void;

/**
 * DuckDB's memory limit for a build: PULSE_MEMORY_LIMIT (a DuckDB size such as "8GB"), else 3 GB or half the
 * machine's memory, whichever is less. DuckDB's own default (80% of the machine) lets a 10M-event build take
 * 4.4 GB; under the limit it spills to a temporary folder instead (bench/RESULTS.md, issue #6).
 */
export function duckdbMemoryLimit(): string {
  const given = process.env.PULSE_MEMORY_LIMIT?.trim();
  if (given) {
    if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(given)) {
      throw new PulseInputError("PULSE_MEMORY_LIMIT", `must be a size such as 3GB or 512MB, got "${given}"`);
    }
    return given;
  }
  return `${Math.max(256, Math.min(3 * 1024, Math.floor(totalmem() / 2 ** 20 / 2)))}MB`;
}

/** A fingerprint of everything the tables depend on. Export files count by name, size and modification time
 * (every file of an export given as a folder). */
export function fingerprint(inputs: BuildInputs): string {
  const hash = createHash("sha256");
  hash.update(codeVersion());
  hash.update(JSON.stringify(inputs.config));
  hash.update(`as-of:${inputs.asOf ?? "latest"}`);
  hash.update(`events:${inputs.withEvents}`);
  hash.update(`data:${inputs.dataDir}`);
  for (const found of findExports(inputs.dataDir, inputs.config)) {
    for (const file of found.files) {
      const stat = statSync(file);
      hash.update(`${found.name}:${file}:${stat.size}:${stat.mtimeMs}`);
    }
  }
  return hash.digest("hex").slice(0, 20);
}

async function ensureSample(inputs: BuildInputs, progress: Progress) {
  if (!inputs.isSample || existsSync(join(inputs.dataDir, "accounts.csv"))) return;
  progress(`generating the sample exports in ${relative(process.cwd(), inputs.dataDir) || "."}`);
  await generateSample({outDir: inputs.dataDir, onProgress: progress});
}

/** The as-of date: the one given, else the day of the latest accepted event (usage_files: per usage file). */
async function resolveAsOf(db: PulseDb, inputs: BuildInputs): Promise<string> {
  if (inputs.asOf) return inputs.asOf;
  const latest = await db.value<string | null>(`SELECT strftime(max(last_day), '%Y-%m-%d') FROM usage_files`);
  if (!latest) throw new PulseInputError("usage_events", "no accepted usage events, so there is no as-of date; give one with --as-of");
  return latest;
}

async function computeInto(dir: string, inputs: BuildInputs, progress: Progress): Promise<{asOf: string; quality: QualityReport}> {
  const db = await PulseDb.open({memoryLimit: duckdbMemoryLimit()});
  // what does not fit under the limit spills next to the output, and goes with it
  const spill = `${dir}.spill`;
  try {
    await db.run(`SET temp_directory = ${sqlString(spill)}`);
    const quality = await stageExports(db, inputs.dataDir, inputs.config, progress, {rollupCache: ROLLUP_CACHE_DIR, events: inputs.withEvents});
    const asOf = await resolveAsOf(db, inputs);
    progress(`computing metrics as of ${asOf}`);
    const metricTables = await computeMetrics(db, inputs.config, asOf, progress);
    const report = {...quality, as_of: asOf};
    progress("writing Parquet");
    // the cleaned events only when asked for (pulse data --events): no page reads them, and at 10M events
    // writing them costs about as much as reading them; usage_daily (from the metrics) is their daily rollup
    const stagedNames = ["accounts", "contracts", "users", ...(inputs.withEvents ? ["usage_events"] : []), "leads", "churn_events", "support_tickets", "rejects"];
    const staged = Object.fromEntries(stagedNames.map((t) => [t, t]));
    await writeTables(db, dir, {...staged, ...metricTables}, progress);
    writeFileSync(join(dir, "quality.json"), JSON.stringify(report, null, 2) + "\n");
    return {asOf, quality: report};
  } finally {
    db.close();
    rmSync(spill, {recursive: true, force: true});
  }
}

/** Builds (or reuses) the tables for these inputs. */
export async function buildTables(flags: InputFlags = {}, progress: Progress = () => {}): Promise<BuiltTables> {
  const inputs = await resolveInputs(flags);
  const keep = cacheKeep();
  await ensureSample(inputs, progress);
  const fp = fingerprint(inputs);
  const dir = join(CACHE_DIR, fp);
  const manifest = join(dir, "manifest.json");
  mkdirSync(CACHE_DIR, {recursive: true});
  const reuse = (): BuiltTables | null => {
    if (!existsSync(manifest)) return null;
    const {asOf} = JSON.parse(readFileSync(manifest, "utf8"));
    const quality = JSON.parse(readFileSync(join(dir, "quality.json"), "utf8"));
    return {dir, fingerprint: fp, asOf, quality, reused: true};
  };
  // Several processes (Framework's data loaders) may ask at once: one builds, the others wait and reuse.
  const built = reuse() ?? (await withLock(`${dir}.lock`, progress, async () => reuse() ?? computeTables(dir, fp, inputs, progress)));
  markUsed(dir, ROLLUP_CACHE_DIR);
  const removed = pruneTableCache(CACHE_DIR, keep);
  if (removed.length > 0) progress(`removed ${removed.length} older table set${removed.length === 1 ? "" : "s"} from ${relative(process.cwd(), CACHE_DIR) || "."}`);
  // the usage rollups no kept set of tables was built from (each set's use marks its rollups used)
  const rollupsRemoved = pruneRollupCache(ROLLUP_CACHE_DIR, oldestKeptUse(CACHE_DIR, keep), CACHE_IDLE_MS);
  if (rollupsRemoved.length > 0) progress(`removed the rollups of ${rollupsRemoved.length} usage file${rollupsRemoved.length === 1 ? "" : "s"} no kept table set uses`);
  return built;
}

async function computeTables(dir: string, fp: string, inputs: BuildInputs, progress: Progress): Promise<BuiltTables> {
  const partial = `${dir}.partial-${process.pid}`;
  try {
    rmSync(partial, {recursive: true, force: true});
    mkdirSync(partial, {recursive: true});
    const {asOf, quality} = await computeInto(partial, inputs, progress);
    // the usage rollups the set was built from, kept as long as the set is (loaders/tableCache.ts)
    const rollups = rollupEntryNames(findExports(inputs.dataDir, inputs.config), inputs.config);
    writeFileSync(join(partial, "manifest.json"), JSON.stringify({fingerprint: fp, asOf, dataDir: inputs.dataDir, rollups}, null, 2) + "\n");
    rmSync(dir, {recursive: true, force: true});
    renameSync(partial, dir);
    return {dir, fingerprint: fp, asOf, quality, reused: false};
  } finally {
    rmSync(partial, {recursive: true, force: true});
  }
}
