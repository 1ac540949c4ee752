// Finds and loads the user's configuration file, then validates it.
//
// The file may be anywhere (`--config /etc/pulse/reports.ts`) and end in .ts, .mts, .js or .mjs; it is an ES
// module whose default export is the settings. Outside a folder whose package.json says "type": "module",
// Node and tsx take a .ts or .js file for CommonJS, and tsx then fails on its `export default` ("Cannot
// require() ES Module … in a cycle"). So the file, and the files it imports by a relative path, are loaded
// as ES modules whatever folder they are in: a small resolve hook marks them (CONFIG_MARK in the URL's query).
import {existsSync, statSync} from "node:fs";
import {register} from "node:module";
import {extname, resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {firstMeaningfulLine, PulseConfigError} from "../errors.js";
import type {PulseConfig, PulseConfigInput} from "./schema.js";
import {validateConfig} from "./validateConfig.js";

export const CONFIG_ENDINGS = [".ts", ".mts", ".js", ".mjs"];
const CONFIG_MARK = "pulse-config";

/** Runs in Node's module-loader thread: the config file and its relative imports load as ES modules. */
const ES_MODULE_HOOK = `
const MARK = ${JSON.stringify(CONFIG_MARK)};
const marked = (url) => typeof url === "string" && url.startsWith("file:") && new URL(url).searchParams.has(MARK);
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const fromConfig = marked(context.parentURL) && /^\\.\\.?\\//.test(specifier);
  if (!resolved.url.startsWith("file:") || !(fromConfig || marked(resolved.url))) return resolved;
  const url = new URL(resolved.url);
  if (!/\\.(ts|mts|js|mjs)$/.test(url.pathname)) return resolved;
  if (!url.searchParams.has(MARK)) url.searchParams.set(MARK, "");
  return {...resolved, url: url.href, format: "module"};
}
`;

let hookRegistered = false;

function registerEsModuleHook() {
  if (hookRegistered) return;
  register(`data:text/javascript,${encodeURIComponent(ES_MODULE_HOOK)}`);
  hookRegistered = true;
}

/** The project's pulse.config.ts, unless PULSE_CONFIG or --config names another file. */
export function configPath(explicit?: string | null): string {
  return resolve(explicit ?? process.env.PULSE_CONFIG ?? "pulse.config.ts");
}

/** The settings exported by the file; `modified` makes an edited file load afresh in a long-running process. */
async function importConfig(path: string): Promise<unknown> {
  registerEsModuleHook();
  const url = pathToFileURL(path);
  url.searchParams.set(CONFIG_MARK, String(statSync(path).mtimeMs));
  const module = (await import(url.href)) as {default?: unknown};
  return module.default;
}

export async function loadConfig(explicit?: string | null): Promise<{config: PulseConfig; path: string | null}> {
  const path = configPath(explicit);
  const named = explicit ? "--config" : process.env.PULSE_CONFIG ? "PULSE_CONFIG" : null;
  if (!existsSync(path)) {
    if (named) throw new PulseConfigError(named, `names a file that does not exist: ${path}`);
    return {config: validateConfig({}), path: null};
  }
  if (!statSync(path).isFile()) throw new PulseConfigError(named ?? "pulse.config.ts", `is not a file: ${path}`);
  if (!CONFIG_ENDINGS.includes(extname(path))) {
    throw new PulseConfigError("", `must be a .ts, .mts, .js or .mjs file (an ES module whose default export is the settings)`, path);
  }
  let settings: unknown;
  try {
    settings = await importConfig(path);
  } catch (error) {
    throw new PulseConfigError("", `could not be loaded: ${firstMeaningfulLine((error as Error)?.message ?? String(error))}`, path);
  }
  if (settings === undefined) {
    throw new PulseConfigError("", "has no default export; write `export default {…}` with the settings", path);
  }
  try {
    return {config: validateConfig(settings as PulseConfigInput), path};
  } catch (error) {
    if (error instanceof PulseConfigError) throw new PulseConfigError(error.setting, error.reason, path);
    throw error;
  }
}
