// Renders the report site: `observable build` over src/, reading the tables already built in a
// folder. `pulse build` calls it (loaders/cli/buildCommand.ts), and so does the browser benchmark
// (bench/browser.bench.ts). Callers hold the project's build lock (.pulse/build.lock, lock.ts):
// Framework's cache under src/.observablehq is shared by every build of the project.
import {spawn} from "node:child_process";
import {existsSync, rmSync} from "node:fs";
import {createRequire} from "node:module";
import {delimiter, dirname, join, resolve} from "node:path";
import {CACHE_DIR, type BuiltTables, type Progress} from "../build.js";
import {firstMeaningfulLine, PulseSiteError} from "../errors.js";
import {writeAccountPages} from "../site/accountPages.js";
import {finishPages} from "../site/pageHtml.js";
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
 * finishes its pages' HTML (pageHtml.ts: lang, zoom, skip link), then writes the account page's bucket files into it (data/account-pages/, which no Framework page
 * references: the account page fetches the one it needs), then the brotli and gzip copies of its files
 * (precompress.ts; copies of unchanged files come from the cache beside the tables).
 */
export async function renderSite(tables: Pick<BuiltTables, "dir">, output: string, comparisonFile: string, progress: Progress): Promise<void> {
  await observableBuild(tables, output, comparisonFile, progress);
  finishPages(output); // lang, a viewport that allows zoom, a skip link (pageHtml.ts)
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
    // Framework reports its progress on stdout, shown as it comes. Its stderr has its warnings and
    // whatever a data loader writes there (a failing loader's trace): kept back, shown after a build
    // that succeeded, and summed up in one line when it failed (the whole log with --debug).
    let log = "";
    let errors = "";
    const lines = (text: string) => text.split("\n").map(plainLine).filter(Boolean);
    child.stdout.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      for (const line of lines(chunk.toString())) progress(`site: ${line.slice(0, 120)}`);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      errors += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0 && existsSync(join(output, "index.html"))) {
        for (const line of lines(errors)) progress(`site: ${line.slice(0, 120)}`);
        resolvePromise();
      } else {
        reject(new PulseSiteError(`rendering the site failed: ${siteFailure(log, errors) ?? `observable build exited with code ${code}`}`, log));
      }
    });
  });
}

function plainLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\x1b\[[0-9;]*m/g, "").trim();
}

/** The loader file Framework ran for a data file of the site (/data/kpis.json → src/data/kpis.json.ts). */
function loaderFile(dataPath: string): string {
  const found = [".ts", ".js", ".mjs", ".py", ".sh"].map((ending) => `${dataPath}${ending}`).find((file) => existsSync(join(SITE_ROOT, file)));
  return found ? `src${found}` : dataPath;
}

/** Framework's advice after any error, not about the error itself. */
const FRAMEWORK_BOILERPLATE = /^(Tip: |If you think this is a bug|↳ https:\/\/github\.com\/observablehq|Node\.js v\d)/;

/**
 * The most telling line of a failed `observable build`'s log: which data loader failed and the error it threw
 * (a loader is a child process of Framework: Node prints its uncaught error as `SomeError: message` followed
 * by the trace), else Framework's own "Unexpected error: …", else the last line that is not advice.
 */
export function siteFailure(log: string, errors: string = log): string | null {
  const plain = (text: string) => text.split("\n").map(plainLine);
  // Framework's progress names the loader it runs: `load /data/kpis.json → … error in 908ms: loader exited with code 1`
  const loader = [...log.matchAll(/load (\/\S+) → (?:(?!load \/)[\s\S])*?error in [\d.]+m?s: (.*)/g)].at(-1);
  const errorLines = plain(errors);
  const thrown = errorLines.findIndex((line) => /^(\w*(Error|Exception)|Error \[\w+\])(: |$)/.test(line));
  if (thrown >= 0) {
    const until = errorLines.findIndex((line, i) => i > thrown && (/^at /.test(line) || line === "" || line === "{"));
    const message = firstMeaningfulLine(errorLines.slice(thrown, until < 0 ? undefined : until).join("\n"));
    const reason = message.replace(/^Error: /, "");
    // the trace names the loader's file (`at … (/…/src/data/kpis.json.ts:12:9)`): Framework runs loaders side by side
    // and its progress lines interleave, so they may pair the error with another loader, or with none
    const traced = errorLines.slice(thrown).map((line) => /^at .*?\/src(\/data\/[^:()\s]+\.(?:ts|js|mjs))[:)]/.exec(line)?.[1]).find(Boolean);
    const file = traced ? `src${traced}` : loader ? loaderFile(loader[1]) : null;
    return file ? `the data loader ${file} failed: ${reason}` : reason;
  }
  if (loader) return `the data loader ${loaderFile(loader[1])} failed: ${plainLine(loader[2])}`;
  const unexpected = errorLines.find((line) => line.startsWith("Unexpected error: "));
  if (unexpected) return unexpected.slice("Unexpected error: ".length);
  return plain(log).filter((line) => line && !FRAMEWORK_BOILERPLATE.test(line)).at(-1) ?? null;
}
