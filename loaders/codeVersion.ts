// A hash of Pulse's loader code, so that a change of code invalidates what was built with the old code: the table
// sets (loaders/build.ts: all of loaders/) and the usage rollups (loaders/rollups/usageCache.ts: only the code that
// reads, checks and rolls up the usage, so that a change to a metric keeps them).
import {createHash} from "node:crypto";
import {readFileSync, readdirSync, statSync} from "node:fs";
import {dirname, join, relative} from "node:path";
import {fileURLToPath} from "node:url";

const LOADERS_DIR = dirname(fileURLToPath(import.meta.url));
const computed = new Map<string, string>();

/**
 * The code the usage rollups are computed by: what loaders/rollups/ imports, directly or not. A module added to that
 * path must be added here (test/unit/rollupCode.test.ts checks the imports).
 */
export const ROLLUP_CODE = ["rollups", "validate", "ingest", "contract", "config", "db.ts", "errors.ts", "metrics/params.ts", "codeVersion.ts"];

/** A hash of every .ts, .sql and .js file under `parts` of loaders/ (default: all of it). */
export function codeVersion(parts: readonly string[] = ["."]): string {
  const id = parts.join(",");
  const known = computed.get(id);
  if (known) return known;
  const hash = createHash("sha256");
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort((a, b) => a.localeCompare(b))) walk(join(path, name));
    } else if (/\.(ts|sql|js)$/.test(path)) {
      hash.update(relative(LOADERS_DIR, path)).update(readFileSync(path));
    }
  };
  for (const part of parts) walk(join(LOADERS_DIR, part));
  const version = hash.digest("hex");
  computed.set(id, version);
  return version;
}
