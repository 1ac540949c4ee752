// The usage rollups kept between builds are keyed by a hash of the code that computes them (ROLLUP_CODE in
// loaders/codeVersion.ts), not of all of Pulse, so that a change to a metric keeps them. That is only safe if every
// module the rollup code imports, directly or not, is in ROLLUP_CODE: checked here by following the imports.
import {readFileSync, readdirSync, statSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {expect, test} from "vitest";
import {ROLLUP_CODE} from "../../loaders/codeVersion.js";

const LOADERS = resolve("loaders");

function filesUnder(path: string): string[] {
  return statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => filesUnder(join(path, name))) : [path];
}

test("every module the rollup code imports is part of its code version", () => {
  const covered = (file: string) => ROLLUP_CODE.some((part) => relative(join(LOADERS, part), file) === "" || !relative(join(LOADERS, part), file).startsWith(".."));
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
  for (const file of filesUnder(join(LOADERS, "rollups")).filter((f) => f.endsWith(".ts"))) visit(file);
  expect(outside).toEqual([]);
  expect(seen.size).toBeGreaterThan(10); // the walk did follow the imports
});
