// Renders the report site: `observable build` over src/, reading the tables already built in a
// folder. `pulse build` calls it (loaders/cli/buildCommand.ts), and so does the browser benchmark
// (bench/browser.bench.ts). Callers hold the project's build lock (.pulse/build.lock, lock.ts):
// Framework's cache under src/.observablehq is shared by every build of the project.
import {spawn} from "node:child_process";
import {existsSync, rmSync} from "node:fs";
import {createRequire} from "node:module";
import {delimiter, dirname, join, resolve} from "node:path";
import {CACHE_DIR, type BuiltTables, type Progress} from "../build.js";
import {writeAccountPages} from "../site/accountPages.js";
import {precompressSite} from "../site/precompress.js";

const SITE_ROOT = resolve("src");

/** Framework reuses a loader's cached output whenever it is newer than the loader file, whatever
 * the exports say. Pulse's own cache is keyed by the inputs, so Framework's copy is dropped. */
export function dropFrameworkDataCache() {
  rmSync(join(SITE_ROOT, ".observablehq", "cache", "data"), {recursive: true, force: true});
}

const require = createRequire(import.meta.url);

function frameworkBin(): string {
  return join(dirname(require.resolve("@observablehq/framework/package.json")), "dist", "bin", "observable.js");
}

/** node_modules/.bin, where npm puts tsx (what Framework runs TypeScript data loaders with) */
function binFolder(): string {
  return join(dirname(require.resolve("tsx/package.json")), "..", ".bin");
}

/**
 * Runs `observable build` into `output`, with the tables already built (only their folder is read),
 * then writes the account page's bucket files into it (data/account-pages/, which no Framework page
 * references: the account page fetches the one it needs), then the brotli and gzip copies of its files
 * (precompress.ts; copies of unchanged files come from the cache beside the tables).
 */
export async function renderSite(tables: Pick<BuiltTables, "dir">, output: string, comparisonFile: string, progress: Progress): Promise<void> {
  await observableBuild(tables, output, comparisonFile, progress);
  const started = Date.now();
  await writeAccountPages(join(output, "data", "account-pages"), tables.dir);
  progress(`site: account pages' data in data/account-pages/ (${Date.now() - started} ms)`);
  const compressing = Date.now();
  const copies = await precompressSite(output, {cache: join(CACHE_DIR, "precompressed")});
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  progress(
    `site: brotli and gzip copies of ${copies.files} files, ${mb(copies.bytes)} → ${mb(copies.brBytes)} br, ${mb(copies.gzipBytes)} gzip ` +
      `(${copies.reused} of ${copies.reused + copies.compressed} from the cache, ${Date.now() - compressing} ms)`
  );
}

function observableBuild(tables: Pick<BuiltTables, "dir">, output: string, comparisonFile: string, progress: Progress): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [frameworkBin(), "build"], {
      env: {
        ...process.env,
        // Framework runs the TypeScript data loaders with tsx, found on PATH
        PATH: [binFolder(), process.env.PATH].join(delimiter),
        PULSE_TABLES_DIR: tables.dir,
        PULSE_COMPARISON_FILE: comparisonFile,
        PULSE_SITE_OUT: output,
        OBSERVABLE_TELEMETRY_DISABLE: "true"
      },
      stdio: ["ignore", "pipe", "pipe"]
    });
    let log = "";
    const collect = (chunk: Buffer) => {
      log += chunk.toString();
      for (const line of chunk.toString().split("\n")) {
        // eslint-disable-next-line no-control-regex
        const plain = line.replace(/\x1b\[[0-9;]*m/g, "").trim();
        if (plain) progress(`site: ${plain.slice(0, 120)}`);
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0 && existsSync(join(output, "index.html"))) resolvePromise();
      else reject(new Error(`rendering the site failed (observable build exited ${code}):\n${log.split("\n").slice(-15).join("\n")}`));
    });
  });
}
