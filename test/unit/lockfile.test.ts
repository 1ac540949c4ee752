// `npm ci` (what CI runs) refuses a lockfile that lacks an entry for any optional dependency, even
// one for another platform. The registry here has no builds of some of them (DuckDB's and Rollup's
// darwin/win32/arm packages at our versions), so `npm install` leaves them out of the lockfile
// and CI then fails in 3 s. This keeps the lockfile complete; the fix is in docs/contributing.md.
import {readFileSync} from "node:fs";
import {expect, test} from "vitest";

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
}

test("package-lock.json has an entry for every optional dependency, so npm ci accepts it", () => {
  const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {packages: Record<string, LockEntry>};
  const missing: string[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      // npm resolves a dependency in the package's own node_modules, then up the tree
      const candidates: string[] = [];
      for (let base = key; ; base = base.slice(0, Math.max(0, base.lastIndexOf("/node_modules/")))) {
        candidates.push(base ? `${base}/node_modules/${name}` : `node_modules/${name}`);
        if (!base) break;
      }
      if (!candidates.some((candidate) => lock.packages[candidate])) missing.push(`${name} (wanted by ${key || "the project"})`);
    }
  }
  expect(missing).toEqual([]);
});
