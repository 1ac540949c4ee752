// `pulse data`: builds the tables and copies them, with the quality report, into a folder.
import {copyFileSync, mkdirSync, readdirSync} from "node:fs";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {buildTables} from "../build.js";
import {progressDisplay} from "./progress.js";

export const DATA_HELP = `Usage: pulse data --out DIR [--data DIR] [--as-of YYYY-MM-DD] [--config FILE] [--events] [--quiet]

Reads the exports, validates them and writes every table as Parquet (zstd) plus
quality.json into --out, without building the site.

  --data DIR        folder with the exports (default: PULSE_DATA, pulse.config.ts, else the sample)
  --out DIR         folder to write the tables into (created if missing)
  --as-of DATE      the as-of date of every window (default: the latest event date)
  --config FILE     configuration file (default: pulse.config.ts)
  --events          also write the cleaned usage events (usage_events.parquet); without it
                    only their rollup per account, user and day (usage_daily.parquet)
  --quiet           no progress lines
`;

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
  mkdirSync(out, {recursive: true});
  for (const file of readdirSync(built.dir)) {
    if (file.endsWith(".parquet") || file === "quality.json") copyFileSync(join(built.dir, file), join(out, file));
  }
  const {totals} = built.quality;
  progress.done(
    `${built.reused ? "reused" : "built"} tables as of ${built.asOf} in ${out}: ${totals.rows_read} rows read, ${totals.rows_accepted} accepted, ${totals.rows_rejected} rejected`
  );
  return 0;
}

export class UsageError extends Error {}
