// `pulse sample`: write the deterministic sample data folder (docs/sample-data.md).
// Run directly: npx tsx loaders/sample/main.ts [--shape standard|billing] --out data/sample [--seed N] [--scale N]
// [--accounts N] [--activity X] [--events-format parquet|csv|csv.gz] [--end-date YYYY-MM-DD] [--no-bad-rows]

import {realpathSync} from "node:fs";
import {parseArgs} from "node:util";
import {pathToFileURL} from "node:url";
import {isDebug, reportFailure} from "../cli/failureReport.js";
import {
  generateSample,
  resolveSampleOptions,
  EVENTS_FORMATS,
  SAMPLE_SHAPES,
  type EventsFormat,
  type SampleOptions,
  type SampleShape
} from "./generateSample.js";

export const DEFAULT_SAMPLE_DIR = "data/sample";
/** where each shape goes without --out */
export const DEFAULT_SAMPLE_DIRS: Record<SampleShape, string> = {standard: DEFAULT_SAMPLE_DIR, billing: "data/sample-billing"};

const USAGE = `usage: pulse sample [--shape ${SAMPLE_SHAPES.join("|")}] [--out DIR] [--seed N] [--scale N] [--accounts N]
                    [--activity X] [--events-format ${EVENTS_FORMATS.join("|")}] [--end-date YYYY-MM-DD] [--no-bad-rows] [--debug]
  --shape S          standard (default): the data contract's exports (accounts.csv, contracts.csv,
                     users.jsonl, usage_events.*, leads.csv, churn_events.csv, support_tickets.csv);
                     billing: a billing system's customers.csv and subscriptions.csv (open-ended),
                     daily feature_usage.csv.gz, churn_events.csv, support_tickets.csv, and the
                     pulse.config.ts that maps them (pulse build --config DIR/pulse.config.ts)
  --out DIR          folder to write into (default ${DEFAULT_SAMPLE_DIRS.standard}; billing: ${DEFAULT_SAMPLE_DIRS.billing})
  --seed N           seed of the pseudo-random numbers (default 42); same options, same bytes
  --scale N          multiplies accounts, users and events (default 1: 2,000 accounts, ~3.7M events)
  --accounts N       number of accounts (overrides --scale)
  --activity X       multiplies every person's visit rate, so events per account (default 1:
                     ~1,830 per account); e.g. --accounts 50000 --activity 0.04 gives ~3.7M events,
                     a low-touch base the default rules mostly see as red
  --events-format F  usage_events file format (default parquet; standard shape only)
  --end-date D       last day of usage (default 2026-11-15)
  --no-bad-rows      leave out the deliberately bad rows
  --debug            on failure, also print the full trace (PULSE_DEBUG=1 does the same)`;

/** runs the command; returns the process exit code (0 done, 1 failed, 2 wrong usage) */
export async function sampleCommand(argv: string[]): Promise<number> {
  let options: SampleOptions | "help";
  try {
    options = parseSampleArgs(argv);
    if (options !== "help") resolveSampleOptions(options); // a wrong value is a usage error too
  } catch (error) {
    console.error(`pulse sample: ${messageOf(error)}\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  const started = performance.now();
  try {
    const elapsed = () => ((performance.now() - started) / 1000).toFixed(1).padStart(5);
    const summary = await generateSample({...options, onProgress: (stage) => console.error(`  ${elapsed()} s  ${stage}…`)});
    for (const [exportName, file] of Object.entries(summary.files)) {
      console.log(`${exportName.padEnd(16)} ${file.rows.toLocaleString("en-US").padStart(12)} rows  ${file.path}`);
    }
    if (summary.configPath) console.log(`${"config".padEnd(16)} ${"".padStart(17)}  ${summary.configPath}`);
    console.log(`sample written in ${elapsed().trim()} s (usage up to ${summary.endDate})`);
    return 0;
  } catch (error) {
    reportFailure("sample", error, isDebug(argv));
    return 1;
  }
}

export function parseSampleArgs(argv: string[]): SampleOptions | "help" {
  const {values} = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      shape: {type: "string"},
      out: {type: "string"},
      seed: {type: "string"},
      scale: {type: "string"},
      accounts: {type: "string"},
      activity: {type: "string"},
      "events-format": {type: "string"},
      "end-date": {type: "string"},
      "no-bad-rows": {type: "boolean"},
      debug: {type: "boolean"},
      help: {type: "boolean", short: "h"}
    }
  });
  if (values.help) return "help";
  const shape = values.shape;
  if (shape !== undefined && !SAMPLE_SHAPES.includes(shape as SampleShape)) {
    throw new Error(`--shape must be one of ${SAMPLE_SHAPES.join(", ")}, got "${shape}"`);
  }
  if (shape === "billing" && values["events-format"] !== undefined) {
    throw new Error("--events-format is for the standard shape; the billing shape's usage is always feature_usage.csv.gz");
  }
  const eventsFormat = values["events-format"];
  if (eventsFormat !== undefined && !EVENTS_FORMATS.includes(eventsFormat as EventsFormat)) {
    throw new Error(`--events-format must be one of ${EVENTS_FORMATS.join(", ")}, got "${eventsFormat}"`);
  }
  return {
    outDir: values.out ?? DEFAULT_SAMPLE_DIRS[(shape as SampleShape | undefined) ?? "standard"],
    shape: shape as SampleShape | undefined,
    seed: numberOption("--seed", values.seed),
    scale: numberOption("--scale", values.scale),
    accounts: numberOption("--accounts", values.accounts),
    activity: numberOption("--activity", values.activity),
    eventsFormat: eventsFormat as EventsFormat | undefined,
    endDate: values["end-date"],
    badRows: !values["no-bad-rows"]
  };
}

function numberOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new Error(`${flag} must be a number, got "${text}"`);
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isRunDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isRunDirectly()) process.exitCode = await sampleCommand(process.argv.slice(2));
