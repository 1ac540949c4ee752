// How `pulse data` and `pulse build` fail, as a scheduler's log shows it: one line after the progress lines
// naming what failed, exit code 1, the trace only with --debug or PULSE_DEBUG=1, and the earlier output
// (tables folder or site) as it was. The failures are real ones: an unforeseen error from DuckDB or the
// file system, a data loader failing inside Framework's build, and damaged export files.
import {spawn} from "node:child_process";
import {createHash} from "node:crypto";
import {cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {PulseDb, sqlString} from "../../loaders/db.js";
import {PulseSiteError} from "../../loaders/errors.js";
import {failureLine} from "../../loaders/cli/failureReport.js";
import {dropFrameworkDataCache, renderSite} from "../../loaders/cli/renderSite.js";
import {withLock} from "../../loaders/lock.js";
import {generateSample} from "../../loaders/sample/generateSample.js";

const repo = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "pulse-failures-"));
const cache = join(work, "cache");
const data = join(work, "data");
const tables = join(work, "tables");
const site = join(work, "site");
const EARLIER = "2026-10-15";
const AS_OF = "2026-11-15";

interface Run {
  code: number | null;
  stderr: string;
}

function pulse(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(repo, "bin/pulse.js"), ...args], {
      cwd: repo,
      env: {...process.env, PULSE_CACHE: cache, CI: "true", PULSE_DEBUG: "", ...env}
    });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    child.on("close", (code) => done({code, stderr}));
  });
}

/** The lines of stderr after the last progress line ("[pulse 1.2s] …"). */
function afterProgress(run: Run): string[] {
  const lines = run.stderr.split("\n").filter((line) => line !== "");
  const progress = lines.map((line) => line.startsWith("[pulse ")).lastIndexOf(true);
  return lines.slice(progress + 1);
}

/** The one line a failed run ends with: exit code 1, nothing after it, no trace anywhere. */
function failure(run: Run): string {
  expect(run.code, run.stderr).toBe(1);
  const after = afterProgress(run);
  expect(after, run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return after[0];
}

/** Every file under a folder with its bytes' hash and modification time: any rewrite shows. */
function contents(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, {withFileTypes: true})) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else found[relative(dir, path)] = `${createHash("sha256").update(readFileSync(path)).digest("hex")} ${statSync(path).mtimeMs}`;
    }
  };
  walk(dir);
  return found;
}

let tablesBefore: Record<string, string>;
let siteBefore: Record<string, string>;

beforeAll(async () => {
  await generateSample({outDir: data, accounts: 60, seed: 7});
  const made = await pulse(["data", "--data", data, "--as-of", AS_OF, "--out", tables]);
  expect(made.code, made.stderr).toBe(0);
  const built = await pulse(["build", "--data", data, "--as-of", EARLIER, "--out", site, "--snapshot"]);
  expect(built.code, built.stderr).toBe(0);
  tablesBefore = contents(tables);
  siteBefore = contents(site);
}, 600_000);
afterAll(() => rmSync(work, {recursive: true, force: true}));

describe("an unforeseen failure", () => {
  test("pulse data: a file system error is one line naming the path; --debug adds the trace", async () => {
    // the cache folder's path is taken by a file: Node's mkdir fails (EEXIST), which Pulse does not foresee
    const taken = join(work, "cache-is-a-file");
    writeFileSync(taken, "");
    const run = await pulse(["data", "--data", data, "--as-of", AS_OF, "--out", tables], {PULSE_CACHE: taken});
    expect(failure(run)).toBe(`pulse data: EEXIST: file already exists, mkdir '${taken}' (run with --debug for the details)`);
    expect(contents(tables)).toEqual(tablesBefore);

    const debug = await pulse(["data", "--data", data, "--as-of", AS_OF, "--out", tables, "--debug"], {PULSE_CACHE: taken});
    expect(debug.code).toBe(1);
    const lines = afterProgress(debug);
    expect(lines[0]).toBe(`pulse data: EEXIST: file already exists, mkdir '${taken}' (run with --debug for the details)`);
    expect(lines.slice(1).join("\n")).toMatch(/^Error: EEXIST[^\n]*\n {4}at /);
    expect(contents(tables)).toEqual(tablesBefore);
  });

  describe("pulse build: a DuckDB error after the tables are built", () => {
    // the earlier snapshot's accounts table is damaged on disk (cut in half, in a new file so that the
    // site's hard-linked copy stays whole): comparing with it fails in DuckDB, after the progress lines
    const damagedSnapshotTable = () => join(site, "snapshots", EARLIER, "pulse-tables", "accounts.parquet");
    let damagedSite: Record<string, string>;

    beforeAll(() => {
      const whole = readFileSync(damagedSnapshotTable());
      rmSync(damagedSnapshotTable());
      writeFileSync(damagedSnapshotTable(), whole.subarray(0, Math.floor(whole.length / 2)));
      damagedSite = contents(site);
    });
    afterAll(() => {
      // put the snapshot back whole for the other tests
      const whole = readFileSync(join(site, "pulse-tables", "accounts.parquet"));
      rmSync(damagedSnapshotTable());
      writeFileSync(damagedSnapshotTable(), whole);
    });

    test("one line, no trace, exit 1, the site as it was", async () => {
      const run = await pulse(["build", "--data", data, "--as-of", AS_OF, "--out", site]);
      expect(run.stderr).toMatch(/\[pulse [\d.]+s\] (built|reusing) tables as of 2026-11-15/);
      const line = failure(run);
      expect(line).toMatch(/^pulse build: .*accounts\.parquet.* \(run with --debug for the details\)$/);
      expect(contents(site)).toEqual(damagedSite);
    });

    test("with --debug, and with PULSE_DEBUG=1, the same line then the trace", async () => {
      for (const run of [
        await pulse(["build", "--data", data, "--as-of", AS_OF, "--out", site, "--debug"]),
        await pulse(["build", "--data", data, "--as-of", AS_OF, "--out", site], {PULSE_DEBUG: "1"})
      ]) {
        expect(run.code).toBe(1);
        const lines = afterProgress(run);
        expect(lines[0]).toMatch(/^pulse build: .*accounts\.parquet.* \(run with --debug for the details\)$/);
        expect(lines.slice(1).join("\n")).toMatch(/\n {4}at .*compareSnapshots/);
        expect(contents(site)).toEqual(damagedSite);
      }
    });
  });
});

test("a data loader that fails inside Framework's build is one line naming the loader; the log is kept for --debug", async () => {
  // the loaders read the tables from an empty folder: the first one to run throws
  const empty = join(work, "no-tables");
  const output = join(work, "site-not-rendered");
  mkdirSync(empty);
  let error: unknown;
  await withLock(join(repo, ".pulse", "build.lock"), () => {}, async () => {
    dropFrameworkDataCache(); // Framework would otherwise reuse the outputs of an earlier build's loaders
    error = await renderSite({dir: empty}, output, join(work, "no-comparison.json"), () => {}).catch((e) => e);
  });
  expect(error).toBeInstanceOf(PulseSiteError);
  const line = failureLine("build", error);
  expect(line).toMatch(/^pulse build: rendering the site failed: the data loader src\/data\/\S+\.ts failed: \w+\.parquet was not built \(looked in .*no-tables\)$/);
  expect((error as PulseSiteError).log).toMatch(/\n {4}at /);
  rmSync(output, {recursive: true, force: true});
}, 300_000);

describe("a damaged export stops the build with one line naming the file", () => {
  const broken = join(work, "broken");
  const events = (name: string) => join(broken, name);

  /** The sample with its usage events replaced by `name` holding `bytes`. */
  function withEvents(name: string, bytes: Buffer | string) {
    rmSync(broken, {recursive: true, force: true});
    cpSync(data, broken, {recursive: true});
    rmSync(join(broken, "usage_events.parquet"));
    writeFileSync(events(name), bytes);
  }

  let csvGz: Buffer;
  beforeAll(async () => {
    // the sample's usage events as a gzipped CSV, written by DuckDB
    const path = join(work, "usage_events.csv.gz");
    const db = await PulseDb.open();
    try {
      await db.run(`COPY (SELECT * FROM read_parquet(${sqlString(join(data, "usage_events.parquet"))})) TO ${sqlString(path)} (HEADER, COMPRESSION gzip)`);
    } finally {
      db.close();
    }
    csvGz = readFileSync(path);
  });

  const parquet = () => readFileSync(join(data, "usage_events.parquet"));
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 0x41)]);

  test.each([
    ["a truncated .gz", "usage_events.csv.gz", () => csvGz.subarray(0, Math.floor(csvGz.length / 2)), /: is cut short: its gzip data ends before the end of the compressed content/],
    [
      "a .gz with a corrupted byte in the middle",
      "usage_events.csv.gz",
      () => {
        const corrupted = Buffer.from(csvGz);
        corrupted[Math.floor(corrupted.length / 2)] ^= 0xff;
        return corrupted;
      },
      /: is damaged: /
    ],
    ["a .gz that is not gzip", "usage_events.csv.gz", () => "account_id,timestamp\nACC-000001,2026-11-01\n", /: is not gzip-compressed, although its name ends in \.gz \(it is plain text\)$/],
    ["a zero-byte file", "usage_events.parquet", () => "", /: is empty \(0 bytes\)/],
    ["a CSV that is not text", "usage_events.csv", () => PNG, /: is not a CSV text file: it is a PNG image$/],
    ["a JSON Lines file that is not JSON", "usage_events.jsonl", () => "account_id,timestamp\nACC-000001,2026-11-01\n", /: is not JSON Lines: line 1 is not JSON/],
    ["a truncated Parquet file", "usage_events.parquet", () => parquet().subarray(0, parquet().length - 1000), /: is cut short: a Parquet file ends with PAR1 after its footer/]
  ])("%s", async (_, name, bytes, reason) => {
    withEvents(name, bytes());
    const run = await pulse(["data", "--data", broken, "--as-of", AS_OF, "--out", tables]);
    const line = failure(run);
    expect(line.startsWith(`pulse data: ${events(name)}: `), line).toBe(true);
    expect(line).toMatch(reason);
    expect(contents(tables)).toEqual(tablesBefore);
  });

  test("pulse build leaves the site as it was", async () => {
    withEvents("usage_events.csv.gz", csvGz.subarray(0, csvGz.length - 100));
    const before = contents(site);
    const run = await pulse(["build", "--data", broken, "--as-of", AS_OF, "--out", site]);
    expect(failure(run)).toMatch(new RegExp(`^pulse build: ${events("usage_events.csv.gz").replaceAll(".", "\\.")}: is cut short: `));
    expect(contents(site)).toEqual(before);
  });
});
