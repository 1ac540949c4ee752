// Finds and loads the user's configuration file, then validates it.
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {PulseConfigError} from "../errors.js";
import type {PulseConfig, PulseConfigInput} from "./schema.js";
import {validateConfig} from "./validateConfig.js";

/** The project's pulse.config.ts, unless PULSE_CONFIG or --config names another file. */
export function configPath(explicit?: string | null): string {
  return resolve(explicit ?? process.env.PULSE_CONFIG ?? "pulse.config.ts");
}

export async function loadConfig(explicit?: string | null): Promise<{config: PulseConfig; path: string | null}> {
  const path = configPath(explicit);
  if (!existsSync(path)) {
    if (explicit || process.env.PULSE_CONFIG) throw new PulseConfigError("--config", `names a file that does not exist: ${path}`);
    return {config: validateConfig({}), path: null};
  }
  let module: {default?: PulseConfigInput};
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    throw new PulseConfigError(path, `could not be loaded: ${(error as Error).message.split("\n")[0]}`);
  }
  return {config: validateConfig(module.default ?? {}), path};
}
