// `pulse build`: fresh tables for exactly these inputs, then the site, published atomically.
// The output folder is replaced only when everything succeeded; a failed or killed build
// leaves the previous site as it was.
import {spawn} from "node:child_process";
import {cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {createRequire} from "node:module";
import {basename, delimiter, dirname, join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {buildTables, type BuiltTables} from "../build.js";
import {PulseInputError} from "../errors.js";
import {withLock} from "./lock.js";
import {progressDisplay, type ProgressDisplay} from "./progress.js";
import {compareSnapshots} from "../snapshots/compareSnapshots.js";
import {headlineKpis} from "../snapshots/headlineKpis.js";
import {keepSnapshot, previousSnapshot, recordBuild, writeSnapshotIndex} from "../snapshots/snapshotStore.js";

export const BUILD_HELP = `Usage: pulse build [--data DIR] [--as-of YYYY-MM-DD] [--out DIR] [--config FILE] [--snapshot] [--quiet]

Builds the report site from the exports: validates them, computes every metric,
renders the site and replaces --out only when all of that succeeded.

  --data DIR        folder with the exports (default: PULSE_DATA, pulse.config.ts, else the sample)
  --as-of DATE      the as-of date of every window (default: the latest event date)
  --out DIR         where the site goes (default: dist)
  --config FILE     configuration file (default: pulse.config.ts)
  --snapshot        also keep this build under OUT/snapshots/<as-of date>/
  --quiet           no progress lines

Exit codes: 0 built; 1 the build failed (the previous site is untouched); 2 wrong usage.
`;

const SITE_ROOT = resolve("src");

/** Framework reuses a loader's cached output whenever it is newer than the loader file, whatever
 * the exports say. Pulse's own cache is keyed by the inputs, so Framework's copy is dropped. */
function dropFrameworkDataCache() {
  rmSync(join(SITE_ROOT, ".observablehq", "cache", "data"), {recursive: true, force: true});
}

const require = createRequire(import.meta.url);

function frameworkBin(): string {
  return join(dirname(require.resolve("@observablehq/framework/package.json")), "dist", "bin", "observable.js");
}

/** node_modules/.bin, where npm puts tsx (what Framework runs TypeScript data loaders with) */
function binFolder(): string {
  return join(dirname(require.resolve("tsx/package.json")), "..", ".bin");
}

/** Runs `observable build` into `output`, with the tables already built. */
function renderSite(tables: BuiltTables, output: string, comparisonFile: string, progress: ProgressDisplay): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [frameworkBin(), "build"], {
      env: {
        ...process.env,
        // Framework runs the TypeScript data loaders with tsx, found on PATH
        PATH: [binFolder(), process.env.PATH].join(delimiter),
        PULSE_TABLES_DIR: tables.dir,
        PULSE_COMPARISON_FILE: comparisonFile,
        PULSE_SITE_OUT: output,
        OBSERVABLE_TELEMETRY_DISABLE: "true"
      },
      stdio: ["ignore", "pipe", "pipe"]
    });
    let log = "";
    const collect = (chunk: Buffer) => {
      log += chunk.toString();
      for (const line of chunk.toString().split("\n")) {
        // eslint-disable-next-line no-control-regex
        const plain = line.replace(/\x1b\[[0-9;]*m/g, "").trim();
        if (plain) progress(`site: ${plain.slice(0, 120)}`);
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0 && existsSync(join(output, "index.html"))) resolvePromise();
      else reject(new Error(`rendering the site failed (observable build exited ${code}):\n${log.split("\n").slice(-15).join("\n")}`));
    });
  });
}

export async function buildCommand(argv: string[]): Promise<number> {
  const {values} = parseArgs({
    args: argv,
    options: {
      data: {type: "string"},
      "as-of": {type: "string"},
      out: {type: "string", default: "dist"},
      config: {type: "string"},
      snapshot: {type: "boolean", default: false},
      quiet: {type: "boolean", default: false},
      help: {type: "boolean", short: "h", default: false}
    }
  });
  if (values.help) {
    process.stdout.write(BUILD_HELP);
    return 0;
  }
  const out = resolve(values.out);
  const progress = progressDisplay(process.stderr, values.quiet);
  await withLock(resolve(".pulse", "build.lock"), progress, async () => {
    const tables = await buildTables({data: values.data, asOf: values["as-of"], config: values.config}, progress);
    progress(`${tables.reused ? "reusing" : "built"} tables as of ${tables.asOf}`);
    const staging = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
    const comparisonFile = `${staging}.comparison.json`;
    rmSync(staging, {recursive: true, force: true});
    mkdirSync(dirname(out), {recursive: true});
    try {
      // what changed since the newest earlier snapshot, for the snapshots page
      const previous = previousSnapshot(out, tables.asOf);
      const comparison = await compareSnapshots({asOf: tables.asOf, dir: tables.dir}, previous);
      writeFileSync(comparisonFile, JSON.stringify(comparison));
      dropFrameworkDataCache();
      await renderSite(tables, staging, comparisonFile, progress);
      recordBuild(staging, tables.dir, {
        as_of: tables.asOf,
        fingerprint: tables.fingerprint,
        totals: tables.quality.totals,
        headline: await headlineKpis(tables.dir),
        compared_with: previous?.asOf ?? null
      });
      // snapshots kept by earlier builds travel into the new site
      if (existsSync(join(out, "snapshots"))) cpSync(join(out, "snapshots"), join(staging, "snapshots"), {recursive: true});
      if (values.snapshot) {
        keepSnapshot(staging, tables.asOf);
        progress(`kept snapshot snapshots/${tables.asOf}/`);
      } else if (existsSync(join(staging, "snapshots"))) {
        writeSnapshotIndex(join(staging, "snapshots"));
      }
      publish(staging, out);
    } finally {
      rmSync(staging, {recursive: true, force: true});
      rmSync(comparisonFile, {force: true});
    }
    progress.done(`site as of ${tables.asOf} in ${out}${values.snapshot ? ` (snapshot snapshots/${tables.asOf}/)` : ""}`);
  });
  return 0;
}

/** Swaps the new site in: the old one is moved aside, the new one renamed into place, the old removed. */
function publish(staging: string, out: string) {
  if (existsSync(out) && !existsSync(join(out, "index.html")) && readdirSync(out).length > 0) {
    throw new PulseInputError(out, "exists and is not a Pulse site (no index.html); refusing to replace it");
  }
  const old = `${staging}.old`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(staging, out);
  rmSync(old, {recursive: true, force: true});
}
