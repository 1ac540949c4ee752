// `pulse data`: builds the tables and publishes them, with the quality report, as a folder of their own.
import {copyFileSync, mkdirSync, readdirSync, rmSync} from "node:fs";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {buildTables} from "../build.js";
import {withLock} from "../lock.js";
import {DEBUG_HELP} from "./failureReport.js";
import {progressDisplay} from "./progress.js";
import {publishFolder, publishLock, removeLeftovers, stagingFolder} from "./publishFolder.js";

export const DATA_HELP = `Usage: pulse data --out DIR [--data DIR] [--as-of YYYY-MM-DD] [--config FILE] [--events] [--quiet] [--debug]

Reads the exports, validates them and writes every table as Parquet (zstd) plus
quality.json into --out, without building the site.

  --data DIR        folder with the exports (default: PULSE_DATA, pulse.config.ts, else the sample)
  --out DIR         folder for the tables (created if missing; replaced whole when all
                    are written, so it holds exactly this run's tables)
  --as-of DATE      the as-of date of every window (default: the latest event date)
  --config FILE     configuration file, .ts, .mts, .js or .mjs, in any folder
                    (default: PULSE_CONFIG, else pulse.config.ts)
  --events          also write the cleaned usage events (usage_events.parquet); without it
                    only their rollup per account, user and day (usage_daily.parquet)
  --quiet           no progress lines
${DEBUG_HELP}`;

export async function dataCommand(argv: string[]): Promise<number> {
  const {values} = parseArgs({
    args: argv,
    options: {
      data: {type: "string"},
      out: {type: "string"},
      "as-of": {type: "string"},
      config: {type: "string"},
      events: {type: "boolean", default: false},
      quiet: {type: "boolean", default: false},
      debug: {type: "boolean", default: false},
      help: {type: "boolean", short: "h", default: false}
    }
  });
  if (values.help) {
    process.stdout.write(DATA_HELP);
    return 0;
  }
  if (!values.out) throw new UsageError("pulse data needs --out DIR");
  const progress = progressDisplay(process.stderr, values.quiet);
  const built = await buildTables({data: values.data, asOf: values["as-of"], config: values.config, events: values.events}, progress);
  const out = resolve(values.out);
  // the folder is replaced whole, once every table is in: no table of an earlier run stays beside
  // these (an events file from a run with --events, say), and a killed run leaves the old folder
  await withLock(publishLock(out), progress, async () => {
    removeLeftovers(out);
    const staging = stagingFolder(out);
    rmSync(staging, {recursive: true, force: true});
    mkdirSync(staging, {recursive: true});
    try {
      for (const file of readdirSync(built.dir).filter(isTableFile)) copyFileSync(join(built.dir, file), join(staging, file));
      publishFolder(staging, out, (dir) => readdirSync(dir).every(isTableFile), "holds files that are not Pulse tables; give pulse data a folder of its own (it replaces the folder's content)");
    } finally {
      rmSync(staging, {recursive: true, force: true});
    }
  });
  const {totals} = built.quality;
  progress.done(
    `${built.reused ? "reused" : "built"} tables as of ${built.asOf} in ${out}: ${totals.rows_read} rows read, ${totals.rows_accepted} accepted, ${totals.rows_rejected} rejected`
  );
  return 0;
}

/** What pulse data writes into its folder. */
function isTableFile(name: string): boolean {
  return name.endsWith(".parquet") || name === "quality.json";
}

export class UsageError extends Error {}
