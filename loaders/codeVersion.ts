// A hash of every source file of Pulse's loaders, so that a change of code invalidates what was built with the old
// code: the table sets (loaders/build.ts) and the usage rollups (loaders/rollups/usageCache.ts).
import {createHash} from "node:crypto";
import {readFileSync, readdirSync} from "node:fs";
import {dirname, join, relative} from "node:path";
import {fileURLToPath} from "node:url";

const LOADERS_DIR = dirname(fileURLToPath(import.meta.url));
let computed: string | null = null;

export function codeVersion(): string {
  if (computed) return computed;
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|sql|js)$/.test(entry.name)) hash.update(relative(LOADERS_DIR, path)).update(readFileSync(path));
    }
  };
  walk(LOADERS_DIR);
  computed = hash.digest("hex");
  return computed;
}
