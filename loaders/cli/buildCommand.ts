// `pulse build`: fresh tables for exactly these inputs, then the site, published atomically.
// The output folder is replaced only when everything succeeded; a failed or killed build
// leaves the previous site as it was.
import {existsSync, mkdirSync, rmSync, writeFileSync} from "node:fs";
import {dirname, join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {buildTables} from "../build.js";
import {withLock} from "../lock.js";
import {DEBUG_HELP} from "./failureReport.js";
import {progressDisplay} from "./progress.js";
import {publishFolder, removeLeftovers, stagingFolder} from "./publishFolder.js";
import {dropFrameworkDataCache, renderSite} from "./renderSite.js";
import {compareSnapshots} from "../snapshots/compareSnapshots.js";
import {headlineKpis} from "../snapshots/headlineKpis.js";
import {carrySnapshots, keepSnapshot, previousSnapshot, pruneSnapshots, recordBuild, writeSnapshotIndex} from "../snapshots/snapshotStore.js";
import {UsageError} from "./dataCommand.js";

export const BUILD_HELP = `Usage: pulse build [--data DIR] [--as-of YYYY-MM-DD] [--out DIR] [--config FILE] [--snapshot] [--quiet] [--debug]

Builds the report site from the exports: validates them, computes every metric,
renders the site and replaces --out only when all of that succeeded.

  --data DIR        folder with the exports (default: PULSE_DATA, pulse.config.ts, else the sample)
  --as-of DATE      the as-of date of every window (default: the latest event date)
  --out DIR         where the site goes (default: dist)
  --config FILE     configuration file, .ts, .mts, .js or .mjs, in any folder
                    (default: PULSE_CONFIG, else pulse.config.ts)
  --snapshot        also keep this build under OUT/snapshots/<as-of date>/
  --keep-snapshots N
                    keep only the N newest snapshots (by as-of date; this build's own
                    always stays) and remove the others, with the list, in the same publish
  --quiet           no progress lines
${DEBUG_HELP}
Exit codes: 0 built; 1 the build failed (the previous site is untouched); 2 wrong usage.
`;

export async function buildCommand(argv: string[]): Promise<number> {
  const {values} = parseArgs({
    args: argv,
    options: {
      data: {type: "string"},
      "as-of": {type: "string"},
      out: {type: "string", default: "dist"},
      config: {type: "string"},
      snapshot: {type: "boolean", default: false},
      "keep-snapshots": {type: "string"},
      quiet: {type: "boolean", default: false},
      debug: {type: "boolean", default: false},
      help: {type: "boolean", short: "h", default: false}
    }
  });
  if (values.help) {
    process.stdout.write(BUILD_HELP);
    return 0;
  }
  const keepSnapshots = values["keep-snapshots"] === undefined ? null : Number(values["keep-snapshots"]);
  if (keepSnapshots !== null && !(Number.isInteger(keepSnapshots) && keepSnapshots >= 1)) {
    throw new UsageError(`--keep-snapshots must be a whole number of snapshots to keep, 1 or more, got '${values["keep-snapshots"]}'`);
  }
  const out = resolve(values.out);
  const progress = progressDisplay(process.stderr, values.quiet);
  await withLock(resolve(".pulse", "build.lock"), progress, async () => {
    const tables = await buildTables({data: values.data, asOf: values["as-of"], config: values.config}, progress);
    progress(`${tables.reused ? "reusing" : "built"} tables as of ${tables.asOf}`);
    removeLeftovers(out);
    const staging = stagingFolder(out);
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
      // snapshots kept by earlier builds travel into the new site (hard links, not copies)
      carrySnapshots(out, staging);
      if (values.snapshot) {
        const placed = keepSnapshot(staging, tables.asOf);
        const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
        progress(`kept snapshot snapshots/${tables.asOf}/: ${mb(placed.bytes)}, of which ${mb(placed.sharedBytes)} stored once with the earlier snapshots`);
      }
      if (keepSnapshots !== null) {
        const removed = pruneSnapshots(staging, keepSnapshots, values.snapshot ? tables.asOf : null);
        if (removed.length > 0) progress(`removed ${removed.length} older snapshot${removed.length === 1 ? "" : "s"}: ${removed.join(", ")}`);
      }
      // the snapshots page reads this list: an empty one when no build kept a snapshot yet, so
      // the page says so without a 404 in the browser's console
      mkdirSync(join(staging, "snapshots"), {recursive: true});
      writeSnapshotIndex(join(staging, "snapshots"));
      publishFolder(staging, out, (dir) => existsSync(join(dir, "index.html")), "exists and is not a Pulse site (no index.html); refusing to replace it");
    } finally {
      rmSync(staging, {recursive: true, force: true});
      rmSync(comparisonFile, {force: true});
    }
    progress.done(`site as of ${tables.asOf} in ${out}${values.snapshot ? ` (snapshot snapshots/${tables.asOf}/)` : ""}`);
  });
  return 0;
}
