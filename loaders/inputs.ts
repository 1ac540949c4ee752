// What a build is made from: the configuration, the data folder and the as-of date,
// taken from flags, then environment variables, then pulse.config.ts, then defaults.
// A relative folder is relative to where it was written: --data and PULSE_DATA to the working
// directory, data.dir to the configuration file's folder.
import {dirname, resolve} from "node:path";
import type {PulseConfig} from "./config/schema.js";
import {loadConfig} from "./config/loadConfig.js";
import {isIsoDate} from "./config/validateConfig.js";
import {PulseConfigError} from "./errors.js";

export interface BuildInputs {
  config: PulseConfig;
  configPath: string | null;
  /** absolute path of the data folder */
  dataDir: string;
  /** true when dataDir is the generated sample (created on first use) */
  isSample: boolean;
  /** as-of date from a flag, env or config; null = the latest event date */
  asOf: string | null;
  /** also write the cleaned usage events (usage_events.parquet); otherwise only their daily rollup */
  withEvents: boolean;
}

export interface InputFlags {
  data?: string | null;
  asOf?: string | null;
  config?: string | null;
  /** `pulse data --events`: also write the cleaned usage events */
  events?: boolean;
}

export const SAMPLE_DIR = resolve("data/sample");

export async function resolveInputs(flags: InputFlags = {}): Promise<BuildInputs> {
  const {config, path} = await loadConfig(flags.config ?? null);
  const given = flags.data ?? process.env.PULSE_DATA;
  const dataSetting = given ?? config.data.dir;
  const asOf = flags.asOf ?? process.env.PULSE_AS_OF ?? config.asOf;
  if (asOf && !isIsoDate(asOf)) {
    throw new PulseConfigError(flags.asOf ? "--as-of" : process.env.PULSE_AS_OF ? "PULSE_AS_OF" : "asOf", `must be a date as YYYY-MM-DD, got '${asOf}'`);
  }
  return {
    config,
    configPath: path,
    dataDir: !dataSetting ? SAMPLE_DIR : given ? resolve(given) : resolve(path ? dirname(path) : ".", dataSetting),
    isSample: !dataSetting,
    asOf: asOf || null,
    withEvents: flags.events ?? false
  };
}
