// `pulse build` and `pulse data` as a scheduler runs them: fresh data on every build, reuse of
// unchanged inputs, byte-identical output, atomic publish (failed and killed builds leave the
// previous site), dated snapshots and their comparison. Uses a small generated sample (60 accounts).
import {spawn} from "node:child_process";
import {createHash} from "node:crypto";
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {brotliDecompressSync, gunzipSync} from "node:zlib";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {PulseDb, sqlString} from "../../loaders/db.js";
import {generateSample} from "../../loaders/sample/generateSample.js";

const repo = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "pulse-cli-"));
const cache = join(work, "cache");
const data = join(work, "data");
const AS_OF = "2026-11-15";
const ENGINE = join("_node", "@duckdb", "duckdb-wasm@1.32.0", "dist", "duckdb-eh.wasm");
const EARLIER = "2026-10-15";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function pulse(args: string[], options: {env?: Record<string, string>; onStderr?: (text: string, kill: () => void) => void} = {}): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(repo, "bin/pulse.js"), ...args], {
      cwd: repo,
      env: {...process.env, PULSE_CACHE: cache, CI: "true", ...options.env}
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => {
      stderr += c;
      options.onStderr?.(stderr, () => child.kill("SIGKILL"));
    });
    child.on("close", (code) => done({code, stdout, stderr}));
  });
}

function sha256(path: string) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** The one built data file of the site whose name starts with `name.` (Framework hashes the names). */
function siteData(site: string, name: string): string {
  const dir = join(site, "_file", "data");
  const file = readdirSync(dir).find((f) => f.startsWith(`${name}.`));
  if (!file) throw new Error(`no ${name} in ${dir}`);
  return join(dir, file);
}

async function query<T>(sql: string): Promise<T[]> {
  const db = await PulseDb.open();
  try {
    return await db.rows<T>(sql);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  await generateSample({outDir: data, accounts: 60, seed: 7});
}, 120_000);
afterAll(() => rmSync(work, {recursive: true, force: true}));

describe("pulse data", () => {
  test("identical inputs give byte-identical Parquet, also when computed afresh", async () => {
    const a = join(work, "tables-a");
    const b = join(work, "tables-b");
    expect((await pulse(["data", "--data", data, "--as-of", AS_OF, "--out", a])).code).toBe(0);
    // a second cache folder forces a full recomputation
    const fresh = await pulse(["data", "--data", data, "--as-of", AS_OF, "--out", b], {env: {PULSE_CACHE: join(work, "cache-2")}});
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toMatch(/built tables as of 2026-11-15/);
    const files = readdirSync(a).filter((f) => f.endsWith(".parquet")).sort();
    expect(files).toEqual(expect.arrayContaining(["accounts.parquet", "kpis.parquet", "rejects.parquet", "usage_daily.parquet"]));
    // the cleaned events only with --events
    expect(files).not.toContain("usage_events.parquet");
    expect(readdirSync(b).filter((f) => f.endsWith(".parquet")).sort()).toEqual(files);
    for (const file of files) expect(sha256(join(b, file)), file).toBe(sha256(join(a, file)));
  });

  test("--events also writes the cleaned events: every accepted event, and usage_daily is their rollup", async () => {
    const out = join(work, "tables-events");
    const run = await pulse(["data", "--data", data, "--as-of", AS_OF, "--out", out, "--events"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/built tables/); // not the cache of the run without events
    const file = (name: string) => `'${join(out, name)}'`;
    const quality = JSON.parse(readFileSync(join(out, "quality.json"), "utf8")) as {exports: {export: string; rows_accepted: number}[]};
    const accepted = quality.exports.find((e) => e.export === "usage_events")!.rows_accepted;
    const [{events, mismatched}] = await query<{events: number; mismatched: number}>(`
      SELECT
        (SELECT count(*) FROM ${file("usage_events.parquet")}) AS events,
        (SELECT count(*) FROM (
           SELECT account_id, user_id, CAST("timestamp" AS DATE) AS day, count(*) AS events
           FROM ${file("usage_events.parquet")} WHERE CAST("timestamp" AS DATE) <= DATE '${AS_OF}' GROUP BY ALL
         ) e FULL JOIN ${file("usage_daily.parquet")} d USING (account_id, user_id, day)
         WHERE e.events IS DISTINCT FROM d.events) AS mismatched`);
    expect(accepted).toBeGreaterThan(0);
    expect(Number(events)).toBe(accepted);
    expect(Number(mismatched)).toBe(0);
  });

  test("an unchanged rebuild reuses the tables", async () => {
    const again = await pulse(["data", "--data", data, "--as-of", AS_OF, "--out", join(work, "tables-c")]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/reused tables as of 2026-11-15/);
    // faster because nothing is read, validated or computed again (the benchmarks time it; tests do not)
    expect(again.stderr).not.toMatch(/reading usage_events|computing metrics|writing Parquet/);
  });

  test("the output folder holds exactly one run's tables; a folder with other files is not replaced", async () => {
    const out = join(work, "tables-whole");
    expect((await pulse(["data", "--data", data, "--as-of", AS_OF, "--out", out, "--events"])).code).toBe(0);
    expect(existsSync(join(out, "usage_events.parquet"))).toBe(true);
    const run = await pulse(["data", "--data", data, "--as-of", AS_OF, "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    // the events of the earlier run with --events are not left beside this run's tables
    expect(readdirSync(out).sort()).toEqual(readdirSync(join(work, "tables-c")).sort());
    expect(existsSync(join(out, "usage_events.parquet"))).toBe(false);
    expect(readdirSync(work).filter((f) => f.startsWith(".tables-whole"))).toEqual([]);

    const mixed = join(work, "mixed");
    cpSync(out, mixed, {recursive: true});
    writeFileSync(join(mixed, "notes.md"), "an analyst's notes");
    const refused = await pulse(["data", "--data", data, "--as-of", AS_OF, "--out", mixed]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n").at(-1)).toBe(`pulse data: ${mixed}: holds files that are not Pulse tables; give pulse data a folder of its own (it replaces the folder's content)`);
    expect(readFileSync(join(mixed, "notes.md"), "utf8")).toBe("an analyst's notes");
  });

  test("a wrong flag is a usage error (exit 2) and --help answers", async () => {
    const wrong = await pulse(["data", "--dat", data]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split("\n")).toHaveLength(1);
    const help = await pulse(["data", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: pulse data --out DIR/);
  });
});

describe("pulse build", () => {
  const out = join(work, "site");

  test("builds a site and keeps a dated snapshot", async () => {
    const run = await pulse(["build", "--data", data, "--as-of", EARLIER, "--out", out, "--snapshot"]);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(out, "index.html"))).toBe(true);
    expect(existsSync(join(out, "snapshots", EARLIER, "index.html"))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "pulse-build.json"), "utf8")).as_of).toBe(EARLIER);
  }, 600_000);

  test("the site's files have brotli and gzip copies beside them, health.duckdb too; Parquet and the account pages' .json.gz none", () => {
    const engine = join(out, ENGINE);
    expect(brotliDecompressSync(readFileSync(`${engine}.br`)).equals(readFileSync(engine))).toBe(true);
    expect(gunzipSync(readFileSync(`${engine}.gz`)).equals(readFileSync(engine))).toBe(true);
    // the engine goes over the wire at under a fifth of its size (34.2 MB → about 6 MB brotli, 7.7 MB gzip)
    expect(statSync(`${engine}.br`).size).toBeLessThan(statSync(engine).size / 5);
    for (const page of ["index.html", "health.html"]) {
      expect(brotliDecompressSync(readFileSync(join(out, `${page}.br`))).equals(readFileSync(join(out, page))), page).toBe(true);
    }
    const all = readdirSync(out, {recursive: true}).map(String);
    expect(all.filter((f) => /\.parquet\.(br|gz)$/.test(f))).toEqual([]);
    // the health page's database is not compressed by DuckDB: it gets copies like any other file
    const healthDb = all.find((f) => f.endsWith(".duckdb") && f.includes("health"));
    expect(healthDb).toBeDefined();
    expect(brotliDecompressSync(readFileSync(join(out, `${healthDb}.br`))).equals(readFileSync(join(out, healthDb!)))).toBe(true);
    expect(all.filter((f) => /\.gz\.(br|gz)$/.test(f))).toEqual([]);
    expect(all.filter((f) => /\.js$/.test(f) && existsSync(join(out, `${f}.br`))).length).toBeGreaterThan(10);
  });

  test("a second snapshot keeps the first, and the comparison lists exactly the accounts whose grid cell changed", async () => {
    const run = await pulse(["build", "--data", data, "--as-of", AS_OF, "--out", out, "--snapshot"]);
    expect(run.code, run.stderr).toBe(0);
    for (const date of [EARLIER, AS_OF]) expect(existsSync(join(out, "snapshots", date, "churn-watch.html")), date).toBe(true);
    const index = JSON.parse(readFileSync(join(out, "snapshots", "index.json"), "utf8"));
    expect(index.map((s: {as_of: string}) => s.as_of)).toEqual([AS_OF, EARLIER]);

    const comparison = JSON.parse(readFileSync(siteData(out, "comparison"), "utf8"));
    expect(comparison.previous).toBe(EARLIER);
    const then = sqlString(join(out, "snapshots", EARLIER, "pulse-tables", "accounts.parquet"));
    const now = sqlString(join(out, "snapshots", AS_OF, "pulse-tables", "accounts.parquet"));
    const changed = await query<{account_id: string}>(`
      SELECT n.account_id FROM read_parquet(${now}) n JOIN read_parquet(${then}) t USING (account_id)
      WHERE n.grid_breadth <> t.grid_breadth OR n.grid_depth <> t.grid_depth ORDER BY n.account_id`);
    const listed = comparison.grid_moves.map((m: {account_id: string}) => m.account_id).sort();
    expect(listed).toEqual(changed.map((r) => r.account_id));
    expect(changed.length).toBeGreaterThan(0); // a month apart, some accounts do move
    // the two snapshots store the DuckDB engine once (hard links), their data apart
    const engine = (date: string, copy = "") => statSync(join(out, "snapshots", date, ENGINE + copy));
    expect(engine(AS_OF).ino).toBe(engine(EARLIER).ino);
    expect(engine(AS_OF).size).toBeGreaterThan(20 * 2 ** 20);
    // and its brotli and gzip copies (the same bytes from build to build)
    for (const copy of [".br", ".gz"]) expect(engine(AS_OF, copy).ino, copy).toBe(engine(EARLIER, copy).ino);
    const kpis = (date: string) => readFileSync(siteData(join(out, "snapshots", date), "kpis"), "utf8");
    expect(kpis(AS_OF)).not.toBe(kpis(EARLIER));
    expect(run.stderr).toMatch(new RegExp(`kept snapshot snapshots/${AS_OF}/: [\\d.]+ MB, of which [\\d.]+ MB stored once with the earlier snapshots`));
  }, 600_000);

  test("changing one export and rebuilding changes the numbers on the site (no stale cache)", async () => {
    const site = join(work, "site-fresh");
    const changedData = join(work, "data-changed");
    expect((await pulse(["build", "--data", data, "--as-of", AS_OF, "--out", site])).code).toBe(0);
    // the ARR the overview shows: the site's kpis.json, at the as-of date
    const siteArr = () => JSON.parse(readFileSync(siteData(site, "kpis"), "utf8")).periods.find((p: {is_as_of: boolean}) => p.is_as_of).arr;
    const before = siteArr();
    // the same exports, with one file changed: every contract's ARR doubled
    rmSync(changedData, {recursive: true, force: true});
    cpSync(data, changedData, {recursive: true});
    const contracts = sqlString(join(changedData, "contracts.csv"));
    await query(`COPY (SELECT * REPLACE (CASE WHEN TRY_CAST(arr AS DOUBLE) > 0 THEN CAST(CAST(arr AS DOUBLE) * 2 AS VARCHAR) ELSE arr END AS arr)
      FROM read_csv(${contracts}, all_varchar = true)) TO ${sqlString(join(work, "contracts.csv"))} (HEADER)`);
    renameSync(join(work, "contracts.csv"), join(changedData, "contracts.csv"));

    const rebuilt = await pulse(["build", "--data", changedData, "--as-of", AS_OF, "--out", site]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toMatch(/built tables as of/);
    expect(siteArr()).toBeCloseTo(2 * before, 2);
  }, 600_000);

  test("an unchanged rebuild reuses the tables", async () => {
    const run = await pulse(["build", "--data", data, "--as-of", AS_OF, "--out", join(work, "site-fresh")]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/reusing tables as of 2026-11-15/);
    expect(run.stderr).not.toMatch(/reading usage_events|computing metrics|writing Parquet/);
  }, 600_000);

  test("a failing build exits 1 with a one-line reason and leaves the previous site untouched", async () => {
    const before = sha256(join(out, "index.html"));
    const record = readFileSync(join(out, "pulse-build.json"), "utf8");
    const broken = join(work, "broken");
    await generateSample({outDir: broken, accounts: 60, seed: 7});
    rmSync(join(broken, "contracts.csv"));
    const run = await pulse(["build", "--data", broken, "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n").at(-1)).toMatch(/^pulse build: .*contracts export not found/);
    expect(sha256(join(out, "index.html"))).toBe(before);
    expect(readFileSync(join(out, "pulse-build.json"), "utf8")).toBe(record);
  }, 600_000);

  test("a build killed midway (SIGKILL) leaves the previous site untouched, and the next build succeeds", async () => {
    const before = sha256(join(out, "index.html"));
    const record = readFileSync(join(out, "pulse-build.json"), "utf8");
    let killed = false;
    const run = await pulse(["build", "--data", data, "--as-of", "2026-11-01", "--out", out], {
      onStderr: (text, kill) => {
        // kill it while the site is being rendered into the staging folder
        if (!killed && /site: /.test(text)) {
          killed = true;
          kill();
        }
      }
    });
    expect(killed).toBe(true);
    expect(run.code).toBe(null); // killed by a signal
    expect(sha256(join(out, "index.html"))).toBe(before);
    expect(readFileSync(join(out, "pulse-build.json"), "utf8")).toBe(record);
    // what it was writing is still beside the site, until the next build of it
    expect(readdirSync(work).filter((f) => f.startsWith(".site.partial-")).length).toBeGreaterThan(0);
    // the dead build's lock does not block the next one, which also removes what the dead one left
    const next = await pulse(["build", "--data", data, "--as-of", AS_OF, "--out", out]);
    expect(next.code, next.stderr).toBe(0);
    expect(readdirSync(work).filter((f) => f.startsWith(".site."))).toEqual([]);
    expect(existsSync(join(out, "snapshots", EARLIER, "index.html"))).toBe(true);
  }, 600_000);

  test("--keep-snapshots N keeps the N newest snapshots and lists only those; a wrong N is a usage error", async () => {
    const bad = await pulse(["build", "--data", data, "--out", out, "--keep-snapshots", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/--keep-snapshots must be a whole number of snapshots to keep, 1 or more, got '0'/);

    const MIDDLE = "2026-11-01";
    const run = await pulse(["build", "--data", data, "--as-of", MIDDLE, "--out", out, "--snapshot", "--keep-snapshots", "2"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(`removed 1 older snapshot: ${EARLIER}`);
    expect(readdirSync(join(out, "snapshots")).filter((d) => d.startsWith("20")).sort()).toEqual([MIDDLE, AS_OF]);
    const index = JSON.parse(readFileSync(join(out, "snapshots", "index.json"), "utf8"));
    expect(index.map((s: {as_of: string}) => s.as_of)).toEqual([AS_OF, MIDDLE]);
    // the engine the removed snapshot shared with the others is still in theirs
    for (const date of [MIDDLE, AS_OF]) {
      expect(statSync(join(out, "snapshots", date, "_node", "@duckdb", "duckdb-wasm@1.32.0", "dist", "duckdb-eh.wasm")).size, date).toBeGreaterThan(20 * 2 ** 20);
    }
  }, 600_000);

  test("two builds started at once on the same output: one waits for the other, both publish, no snapshot is lost", async () => {
    const site = join(work, "site-concurrent");
    const [a, b] = await Promise.all([
      pulse(["build", "--data", data, "--as-of", EARLIER, "--out", site, "--snapshot"]),
      pulse(["build", "--data", data, "--as-of", AS_OF, "--out", site, "--snapshot"])
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // at least one of them found the other building and waited (both may have waited, for a build of
    // another test project that holds the project's lock)
    const waited = [a, b].filter((r) => /waiting for another build \(pid \d+\) to finish/.test(r.stderr));
    expect(waited.length).toBeGreaterThanOrEqual(1);
    // the site is whole, from one of the two builds, and carries both snapshots
    expect([EARLIER, AS_OF]).toContain(JSON.parse(readFileSync(join(site, "pulse-build.json"), "utf8")).as_of);
    const index = JSON.parse(readFileSync(join(site, "snapshots", "index.json"), "utf8"));
    expect(index.map((s: {as_of: string}) => s.as_of)).toEqual([AS_OF, EARLIER]);
    for (const date of [EARLIER, AS_OF]) expect(existsSync(join(site, "snapshots", date, "churn-watch.html")), date).toBe(true);
    // nothing half-written left beside it
    expect(readdirSync(work).filter((f) => f.startsWith(".site-concurrent"))).toEqual([]);
  }, 600_000);
});
