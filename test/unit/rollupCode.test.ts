// The usage rollups kept between builds are keyed by a hash of the code that computes them (ROLLUP_CODE in
// loaders/codeVersion.ts), not of all of Pulse, so that a change to a metric keeps them. That is only safe if every
// module the rollup code imports, directly or not, is in ROLLUP_CODE: checked here by following the imports.
import {readFileSync, readdirSync, statSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {expect, test} from "vitest";
import {ROLLUP_CODE, WAREHOUSE_ROLLUP_CODE} from "../../loaders/codeVersion.js";

const LOADERS = resolve("loaders");

function filesUnder(path: string): string[] {
  return statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => filesUnder(join(path, name))) : [path];
}

/** The modules reached from the .ts files under `folder` of loaders/ that are outside `parts` (none is wanted). */
function importsOutside(folder: string, parts: readonly string[]): {outside: string[]; seen: number} {
  const covered = (file: string) => parts.some((part) => relative(join(LOADERS, part), file) === "" || !relative(join(LOADERS, part), file).startsWith(".."));
  const seen = new Set<string>();
  const outside: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!covered(file)) outside.push(relative(LOADERS, file));
    const source = readFileSync(file, "utf8");
    for (const [, spec] of source.matchAll(/from "(\.{1,2}\/[^"]+)"/g)) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
    // SQL files read by the code (new URL("./sql/…", import.meta.url)) are under its folders too
    for (const [, spec] of source.matchAll(/new URL\("(\.{1,2}\/[^"]+)", import\.meta\.url\)/g)) {
      const sql = resolve(dirname(file), spec);
      if (!covered(sql)) outside.push(relative(LOADERS, sql));
    }
  };
  for (const file of filesUnder(join(LOADERS, folder)).filter((f) => f.endsWith(".ts"))) visit(file);
  return {outside, seen: seen.size};
}

test("every module the rollup code imports is part of its code version", () => {
  const {outside, seen} = importsOutside("rollups", ROLLUP_CODE);
  expect(outside).toEqual([]);
  expect(seen).toBeGreaterThan(10); // the walk did follow the imports
});

test("every module the ClickHouse rollup code imports is part of the warehouse cache's code version", () => {
  const {outside, seen} = importsOutside("warehouse", WAREHOUSE_ROLLUP_CODE);
  expect(outside).toEqual([]);
  expect(seen).toBeGreaterThan(10);
});
