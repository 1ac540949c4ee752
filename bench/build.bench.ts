// Build throughput and account scale (issue #6).
//
// Event scales (1M, 10M, 30M usage events, CSV): wall time and peak memory of `pulse data` and of the
// full `pulse build`, each run as a child process, against a baseline in the same run: a bare DuckDB
// script (bench/baseline-rollup.sql, run by bench/baselineRollup.ts in a process of its own) that reads
// the same exports and writes the account × week rollup to Parquet. The order of the three rotates
// from one repetition to the next.
// Account scales (2k, 20k, 50k accounts at the default sample's activity: ~3.7M, ~37M, ~92M events; or
// 20k-low-touch, 50k-low-touch: ~3.7M events each): `pulse build` wall time, the size of the site's data files and
// the number of HTML pages.
//
//   npx tsx bench/build.bench.ts [--runs 3] [--runs-30m 1] [--account-runs 2] [--only events|accounts|incremental]
//                                [--events 1m,10m,30m] [--accounts 2k,20k,50k,20k-low-touch,50k-low-touch] [--no-build]
// Event sets (--events): 1m, 10m, 30m, 100m are the sample's shape as CSV (Pulse's own generator), 10m-parquet the
// same 10M as Parquet (the sample's format); other-10m-csv and other-10m-parquet are an export of another shape
// (bench/otherExport.ts: 20k accounts, 10 users each, a year, a session id per event), other-100m a year of it as
// daily Parquet files (100M events). --no-build leaves out `pulse build` (only `pulse data` against the baseline).
// Incremental (--only incremental): a year of the other shape's daily CSV files; `pulse data` of the whole folder with
// an empty cache, against `pulse data` of the same folder after a build of it without its last day (the cache warm):
// the rebuild reads one new file and recomputes the metrics. The two alternate.
//
// Peak memory is the largest sum of resident memory (RSS) of the child and all its descendants, polled
// from /proc every 50 ms. Every Pulse run gets a fresh, empty PULSE_CACHE, so nothing is reused. Time a
// `pulse build` spent waiting for another build's lock (other engineers' builds on a shared machine) is
// taken off its wall time and reported. Data sets are generated once under data/bench/ (git-ignored).
import {spawn} from "node:child_process";
import {closeSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync} from "node:fs";
import {cpus, loadavg, totalmem} from "node:os";
import {basename, join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {generateSample, type SampleOptions} from "../loaders/sample/generateSample.js";
import {PulseDb, sqlString} from "../loaders/db.js";
import {findExports} from "../loaders/ingest/findExports.js";
import {validateConfig} from "../loaders/config/validateConfig.js";
import {generateOtherExport, type OtherExportOptions} from "./otherExport.js";
import {recordResult} from "./record.js";

const {values} = parseArgs({
  options: {
    runs: {type: "string", default: "3"},
    "runs-30m": {type: "string", default: "1"},
    "account-runs": {type: "string", default: "2"},
    only: {type: "string"},
    events: {type: "string", default: "1m,10m,30m"},
    accounts: {type: "string", default: "2k,20k,50k"},
    "no-build": {type: "boolean", default: false},
    "incremental-runs": {type: "string", default: "3"}
  }
});
const AS_OF = "2026-11-15"; // the sample's end date; given explicitly so no run depends on the latest event
const WORK = resolve(".pulse/bench-build");
const PULSE = resolve("bin/pulse.js");

interface DataSet {
  label: string;
  dir: string;
  /** Pulse's sample generator's options, or the other shape's (bench/otherExport.ts) */
  sample?: Omit<SampleOptions, "outDir">;
  other?: Omit<OtherExportOptions, "outDir">;
}

// 10M reuses the ingestion benchmark's folder (same generator options as `npm run sample:bench`).
const EVENT_SETS: DataSet[] = [
  {label: "1m", dir: "data/bench/events-1m-csv", sample: {scale: 0.29, eventsFormat: "csv"}},
  {label: "10m", dir: "data/bench/scale-3-csv", sample: {scale: 3, eventsFormat: "csv"}},
  {label: "10m-parquet", dir: "data/bench/scale-3-parquet", sample: {scale: 3, eventsFormat: "parquet"}},
  {label: "30m", dir: "data/bench/events-30m-csv", sample: {scale: 8.6, eventsFormat: "csv"}},
  {label: "other-10m-csv", dir: "data/bench/other-10m-csv", other: {format: "csv"}},
  {label: "other-10m-parquet", dir: "data/bench/other-10m-parquet", other: {format: "parquet"}},
  {label: "other-100m", dir: "data/bench/other-100m-daily-parquet", other: {format: "parquet", daily: true, events: 100_000_000}}
];
/** A year of daily files, for the incremental rebuild. */
const DAILY_SET: DataSet = {label: "other-10m-daily-csv", dir: "data/bench/other-10m-daily-csv", other: {format: "csv", daily: true}};
// 20k and 50k: customer bases as realistic as the default sample (its activity, so its shares on the churn watch
// and in the health bands, docs/sample-data.md "Larger settings"), and so 10 and 25 times its events (~37M, ~92M).
// The -low-touch sets spread the default sample's ~3.7M events over more accounts (activity scales each person's
// visit rate), so that only the number of accounts changes; most of their customers are red under the default rules.
const ACCOUNT_SETS: DataSet[] = [
  {label: "2k", dir: "data/bench/accounts-2k-csv", sample: {accounts: 2000, eventsFormat: "csv"}},
  {label: "20k", dir: "data/bench/accounts-20k-activity-1-csv", sample: {accounts: 20000, eventsFormat: "csv"}},
  {label: "50k", dir: "data/bench/accounts-50k-activity-1-csv", sample: {accounts: 50000, eventsFormat: "csv"}},
  {label: "20k-low-touch", dir: "data/bench/accounts-20k-csv", sample: {accounts: 20000, activity: 0.1, eventsFormat: "csv"}},
  {label: "50k-low-touch", dir: "data/bench/accounts-50k-csv", sample: {accounts: 50000, activity: 0.04, eventsFormat: "csv"}}
];

interface Measured {
  wall_s: number;
  /** user + system CPU seconds of the process and every descendant (GNU time): less sensitive to a loaded machine than wall time */
  cpu_s: number;
  peak_rss_mb: number;
  lock_wait_s: number;
  /** stderr lines with the seconds since the start at which each arrived */
  lines: {t: number; text: string}[];
}

/** Resident memory of a process and all its descendants, in bytes. */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      total += Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * 4096;
    } catch {
      // ended
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs a command, polling the memory of its process tree; throws when it fails. */
function measure(args: string[], env: Record<string, string> = {}): Promise<Measured> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const since = () => (performance.now() - started) / 1000;
    // GNU time reports the CPU time of the command and all the descendants it waited for
    const timeFile = join(WORK, `time-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
    mkdirSync(WORK, {recursive: true});
    const [command, commandArgs] = existsSync("/usr/bin/time")
      ? ["/usr/bin/time", ["-o", timeFile, "-f", "%U %S", process.execPath, ...args]]
      : [process.execPath, args];
    const child = spawn(command, commandArgs, {env: {...process.env, ...env}, stdio: ["ignore", "ignore", "pipe"]});
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 50);
    const lines: Measured["lines"] = [];
    let partial = "";
    child.stderr.on("data", (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split("\n");
      partial = parts.pop()!;
      for (const text of parts) if (text.trim()) lines.push({t: since(), text: text.trim()});
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(poll);
      const wall = since();
      const [user, system] = existsSync(timeFile) ? readFileSync(timeFile, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number) : [NaN, NaN];
      rmSync(timeFile, {force: true});
      if (code !== 0) return reject(new Error(`${args.join(" ")} exited ${code}:\n${lines.slice(-10).map((l) => l.text).join("\n")}`));
      // a build that waited for another build's lock: the wait ends at the next line
      const waiting = lines.findIndex((l) => l.text.includes("waiting for another build"));
      const lockWait = waiting >= 0 && lines[waiting + 1] ? lines[waiting + 1].t - lines[waiting].t : 0;
      resolvePromise({wall_s: wall - lockWait, cpu_s: user + system, peak_rss_mb: peak / 2 ** 20, lock_wait_s: lockWait, lines});
    });
  });
}

/** Seconds from the first line matching `from` (or the start) to the first matching `to` (or the end). */
function span(m: Measured, from: RegExp | null, to: RegExp | null): number | null {
  const a = from ? m.lines.find((l) => from.test(l.text))?.t : 0;
  const b = to ? m.lines.find((l) => to.test(l.text))?.t : m.wall_s + m.lock_wait_s;
  return a === undefined || b === undefined ? null : +(b - a).toFixed(2);
}

/** Where a `pulse data` / `pulse build` run spent its time, from its progress lines. */
function stages(m: Measured) {
  return {
    start_s: span(m, null, /\[pulse [\d.]+s\]/), // node + tsx start, config, fingerprint
    ingest_s: span(m, /\[pulse [\d.]+s\]/, /computing metrics as of/),
    metrics_s: span(m, /computing metrics as of/, /writing Parquet/),
    write_s: span(m, /writing Parquet/, /wrote rejects\.parquet/),
    render_s: span(m, /(reusing|built) tables as of/, /site as of/),
    metric_models_ms: Object.fromEntries(
      m.lines.flatMap((l) => {
        const hit = /metrics: (\S+) \((\d+) ms\)/.exec(l.text);
        return hit ? [[hit[1], Number(hit[2])]] : [];
      })
    )
  };
}

function fresh(name: string): string {
  mkdirSync(WORK, {recursive: true});
  return mkdtempSync(join(WORK, `${name}-`));
}

async function baseline(set: DataSet): Promise<Measured> {
  const dir = fresh("baseline");
  try {
    return await measure(["--import", "tsx", resolve("bench/baselineRollup.ts"), "--data", set.dir, "--out", join(dir, "account_weekly.parquet"), "--as-of", AS_OF]);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

async function pulseData(set: DataSet): Promise<Measured> {
  const dir = fresh("data");
  try {
    return await measure([PULSE, "data", "--data", set.dir, "--out", join(dir, "tables"), "--as-of", AS_OF], {PULSE_CACHE: join(dir, "cache")});
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

interface SiteSize {
  /** _file/data/ (what Framework puts in the pages) plus data/account-pages/ (the account page's 256 bucket files) */
  data_files_kb: number;
  account_pages: {files: number; kb: number};
  data_files: Record<string, number>;
  kept_tables_kb: number;
  html_pages: number;
}

function siteSize(site: string): SiteSize {
  const dataDir = join(site, "_file", "data");
  const files = existsSync(dataDir) ? readdirSync(dataDir) : [];
  const data_files = Object.fromEntries(files.map((f) => [f.replace(/\.[0-9a-f]{8}\./, "."), Math.round(statSync(join(dataDir, f)).size / 1024)]));
  const pagesDir = join(site, "data", "account-pages");
  const pages = existsSync(pagesDir) ? readdirSync(pagesDir) : [];
  const pagesKb = pages.reduce((s, f) => s + statSync(join(pagesDir, f)).size, 0) / 1024;
  const kept = join(site, "pulse-tables");
  const keptKb = existsSync(kept) ? readdirSync(kept).reduce((s, f) => s + statSync(join(kept, f)).size, 0) / 1024 : 0;
  const html = (dir: string): number =>
    readdirSync(dir, {withFileTypes: true}).reduce(
      (n, e) => n + (e.isDirectory() ? (e.name === "snapshots" ? 0 : html(join(dir, e.name))) : e.name.endsWith(".html") ? 1 : 0),
      0
    );
  return {
    data_files_kb: Math.round(files.reduce((s, f) => s + statSync(join(dataDir, f)).size, 0) / 1024 + pagesKb),
    account_pages: {files: pages.length, kb: Math.round(pagesKb)},
    data_files,
    kept_tables_kb: Math.round(keptKb),
    html_pages: html(site)
  };
}

async function pulseBuild(set: DataSet): Promise<Measured & {site: SiteSize}> {
  const dir = fresh("build");
  try {
    const m = await measure([PULSE, "build", "--data", set.dir, "--out", join(dir, "site"), "--as-of", AS_OF], {PULSE_CACHE: join(dir, "cache")});
    return {...m, site: siteSize(join(dir, "site"))};
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

async function ensure(set: DataSet): Promise<{events: number; accounts: number; events_csv_mb: number}> {
  if (!existsSync(join(set.dir, "accounts.csv"))) {
    console.log(`generating ${set.dir}`);
    if (set.other) await generateOtherExport({outDir: set.dir, ...set.other});
    else await generateSample({outDir: set.dir, ...set.sample});
  }
  if (set.other || set.sample?.eventsFormat === "parquet") {
    // events counted by DuckDB (Parquet, or a folder of files)
    const usage = findExports(set.dir, validateConfig({})).find((f) => f.name === "usage_events")!;
    const db = await PulseDb.open();
    try {
      const reader = usage.format === "parquet" ? "read_parquet" : "read_csv";
      const events = await db.value<number>(`SELECT count(*) FROM ${reader}([${usage.files.map(sqlString).join(", ")}])`);
      const accounts = await db.value<number>(`SELECT count(*) FROM read_csv(${sqlString(join(set.dir, "accounts.csv"))})`);
      const mb = Math.round(usage.files.reduce((n, f) => n + statSync(f).size, 0) / 1e6);
      return {events, accounts, events_csv_mb: mb};
    } finally {
      db.close();
    }
  }
  const lines = (file: string) => {
    // counted without reading the file into memory: newlines, minus the header
    let n = 0;
    const buf = Buffer.alloc(1 << 20);
    const fd = openSync(file, "r");
    for (let read; (read = readSync(fd, buf, 0, buf.length, null)) > 0; ) for (let i = 0; i < read; i++) if (buf[i] === 10) n++;
    closeSync(fd);
    return n - 1;
  };
  const events = join(set.dir, "usage_events.csv");
  return {events: lines(events), accounts: lines(join(set.dir, "accounts.csv")), events_csv_mb: Math.round(statSync(events).size / 1e6)};
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r2 = (x: number) => +x.toFixed(2);
const spread = (xs: number[], digits = 1) => (xs.length ? `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})` : "–");
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
const load = () => loadavg().map((x) => x.toFixed(2)).join(" / ");

console.log(`machine: ${machine}; load average at start ${load()}`);
const rows: string[] = [];

if (values.only === undefined || values.only === "events") {
  for (const set of EVENT_SETS.filter((s) => values.events!.split(",").includes(s.label))) {
    const size = await ensure(set);
    const runs = Number(set.label === "30m" ? values["runs-30m"] : values.runs);
    const loadStart = load();
    const results = {baseline: [] as Measured[], data: [] as Measured[], build: [] as (Measured & {site: SiteSize})[]};
    for (let i = 0; i < runs; i++) {
      // rotate the order, so no one of the three always runs first (or right after the heaviest)
      const order = (["baseline", "data", "build"] as const).map((_, k, all) => all[(k + i) % 3]);
      for (const which of order) {
        if (which === "baseline") results.baseline.push(await baseline(set));
        if (which === "data") results.data.push(await pulseData(set));
        if (which === "build" && values["no-build"]) continue;
        if (which === "build") results.build.push(await pulseBuild(set));
        const last = results[which].at(-1)!;
        console.log(`${set.label} run ${i + 1}: ${which} ${last.wall_s.toFixed(1)} s (cpu ${last.cpu_s.toFixed(1)} s), peak ${Math.round(last.peak_rss_mb)} MB${last.lock_wait_s ? ` (waited ${last.lock_wait_s.toFixed(1)} s for the build lock, not counted)` : ""}`);
      }
    }
    const wall = (ms: Measured[]) => ms.map((m) => m.wall_s);
    const peak = (ms: Measured[]) => ms.map((m) => m.peak_rss_mb);
    const cpu = (ms: Measured[]) => ms.map((m) => m.cpu_s);
    const [b, d, f] = [median(wall(results.baseline)), median(wall(results.data)), median(wall(results.build))];
    const summary = {
      benchmark: "build-events",
      label: set.label,
      ...size,
      runs,
      machine,
      load_start: loadStart,
      load_end: load(),
      baseline_s: wall(results.baseline).map(r2),
      data_s: wall(results.data).map(r2),
      build_s: wall(results.build).map(r2),
      baseline_cpu_s: cpu(results.baseline).map(r2),
      data_cpu_s: cpu(results.data).map(r2),
      build_cpu_s: cpu(results.build).map(r2),
      data_over_baseline_cpu: r2(median(cpu(results.data)) / median(cpu(results.baseline))),
      build_lock_wait_s: results.build.map((m) => r2(m.lock_wait_s)),
      baseline_peak_mb: peak(results.baseline).map(Math.round),
      data_peak_mb: peak(results.data).map(Math.round),
      build_peak_mb: peak(results.build).map(Math.round),
      data_over_baseline: r2(d / b),
      // each repetition's own ratio (the baseline and pulse data of one repetition ran one after the other)
      data_over_baseline_runs: results.data.map((m, i) => r2(m.wall_s / results.baseline[i].wall_s)),
      data_over_baseline_cpu_runs: results.data.map((m, i) => r2(m.cpu_s / results.baseline[i].cpu_s)),
      build_minus_data_s: r2(f - d),
      data_stages: results.data.map(stages),
      build_stages: results.build.map(stages),
      site: results.build[0]?.site
    };
    console.log(JSON.stringify({...summary, data_stages: summary.data_stages.map(({metric_models_ms, ...s}) => s)}, null, 1));
    recordResult(summary);
    const [bc, dc] = [median(cpu(results.baseline)), median(cpu(results.data))];
    rows.push(
      `| ${set.label} | ${size.events.toLocaleString("en-US")} | ${spread(wall(results.baseline))} | ${spread(wall(results.data))} | **${(d / b).toFixed(2)}×** | ${(dc / bc).toFixed(2)}× | ${spread(wall(results.build))} | ${(f - d).toFixed(1)} | ${spread(peak(results.baseline), 0)} | ${spread(peak(results.data), 0)} | ${spread(peak(results.build), 0)} |`
    );
  }
  console.log("\n| events | rows | baseline s | pulse data s | data / baseline | same, CPU time | pulse build s | build − data s | baseline peak MB | data peak MB | build peak MB |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
}

if (values.only === undefined || values.only === "accounts") {
  const accountRows: string[] = [];
  for (const set of ACCOUNT_SETS.filter((s) => values.accounts!.split(",").includes(s.label))) {
    const size = await ensure(set);
    const loadStart = load();
    const builds: (Measured & {site: SiteSize})[] = [];
    for (let i = 0; i < Number(values["account-runs"]); i++) {
      builds.push(await pulseBuild(set));
      const last = builds.at(-1)!;
      console.log(`${set.label} accounts run ${i + 1}: build ${last.wall_s.toFixed(1)} s (cpu ${last.cpu_s.toFixed(1)} s), peak ${Math.round(last.peak_rss_mb)} MB, site data ${last.site.data_files_kb} kB, ${last.site.html_pages} pages`);
    }
    const st = builds.map(stages);
    const summary = {
      benchmark: "build-accounts",
      label: set.label,
      ...size,
      runs: builds.length,
      machine,
      load_start: loadStart,
      load_end: load(),
      build_s: builds.map((m) => r2(m.wall_s)),
      build_cpu_s: builds.map((m) => r2(m.cpu_s)),
      build_lock_wait_s: builds.map((m) => r2(m.lock_wait_s)),
      build_peak_mb: builds.map((m) => Math.round(m.peak_rss_mb)),
      build_stages: st,
      site: builds[0].site
    };
    console.log(JSON.stringify({...summary, build_stages: st.map(({metric_models_ms, ...s}) => s)}, null, 1));
    recordResult(summary);
    const tables = st.map((s) => (s.ingest_s ?? 0) + (s.metrics_s ?? 0) + (s.write_s ?? 0));
    const render = st.map((s) => s.render_s ?? 0);
    accountRows.push(
      `| ${set.label} | ${size.accounts.toLocaleString("en-US")} | ${size.events.toLocaleString("en-US")} | ${spread(builds.map((m) => m.wall_s))} | ${spread(builds.map((m) => m.cpu_s))} | ${spread(tables)} | ${spread(render)} | ${builds[0].site.data_files_kb.toLocaleString("en-US")} | ${builds[0].site.html_pages} | ${spread(builds.map((m) => m.peak_rss_mb), 0)} |`
    );
  }
  console.log("\n| accounts | rows | events | pulse build s | CPU s | of which tables s | of which site s | site data kB | HTML pages | peak MB |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const row of accountRows) console.log(row);
}
if (values.only === "incremental") {
  // the folder without its last day, and the whole folder (hard links to the same files, so their modification
  // times are the folder's: the rollups of the first build are the second's)
  const size = await ensure(DAILY_SET);
  const usage = findExports(DAILY_SET.dir, validateConfig({})).find((f) => f.name === "usage_events")!;
  // the last whole day is the new one (the folder's last file holds the minutes after midnight of the end date)
  const newDay = usage.files.find((f) => f.endsWith(`${AS_OF}.csv`))!;
  const days = usage.files.filter((f) => f <= newDay);
  const folder = (withNewDay: boolean) => {
    const dir = fresh("daily");
    for (const file of ["accounts.csv", "contracts.csv", "users.csv"]) linkSync(join(DAILY_SET.dir, file), join(dir, file));
    mkdirSync(join(dir, "usage_events"));
    for (const file of days) if (withNewDay || file !== newDay) linkSync(file, join(dir, "usage_events", basename(file)));
    return dir;
  };
  const run = (dir: string, cache: string, out: string) => measure([PULSE, "data", "--data", dir, "--out", out, "--as-of", AS_OF], {PULSE_CACHE: cache});
  const full: Measured[] = [];
  const incremental: Measured[] = [];
  const loadStart = load();
  for (let i = 0; i < Number(values["incremental-runs"]); i++) {
    const work = fresh("incremental");
    try {
      const whole = folder(true);
      full.push(await run(whole, join(work, "cold-cache"), join(work, "full")));
      rmSync(whole, {recursive: true, force: true});
      // the same folder (the rollups are kept by file path) first without the new day, which warms the cache
      const growing = folder(false);
      await run(growing, join(work, "cache"), join(work, "before"));
      linkSync(newDay, join(growing, "usage_events", basename(newDay)));
      incremental.push(await run(growing, join(work, "cache"), join(work, "incremental")));
      rmSync(growing, {recursive: true, force: true});
      const [f, n] = [full.at(-1)!, incremental.at(-1)!];
      console.log(`incremental run ${i + 1}: full ${f.wall_s.toFixed(1)} s (cpu ${f.cpu_s.toFixed(1)}), one new day ${n.wall_s.toFixed(1)} s (cpu ${n.cpu_s.toFixed(1)}): ${(n.wall_s / f.wall_s).toFixed(2)}× (cpu ${(n.cpu_s / f.cpu_s).toFixed(2)}×)`);
    } finally {
      rmSync(work, {recursive: true, force: true});
    }
  }
  const summary = {
    benchmark: "build-incremental",
    label: DAILY_SET.label,
    ...size,
    files: days.length,
    machine,
    load_start: loadStart,
    load_end: load(),
    full_s: full.map((m) => r2(m.wall_s)),
    incremental_s: incremental.map((m) => r2(m.wall_s)),
    full_cpu_s: full.map((m) => r2(m.cpu_s)),
    incremental_cpu_s: incremental.map((m) => r2(m.cpu_s)),
    ratio_runs: incremental.map((m, i) => r2(m.wall_s / full[i].wall_s)),
    ratio_cpu_runs: incremental.map((m, i) => r2(m.cpu_s / full[i].cpu_s)),
    ratio: r2(median(incremental.map((m) => m.wall_s)) / median(full.map((m) => m.wall_s))),
    full_peak_mb: full.map((m) => Math.round(m.peak_rss_mb)),
    incremental_peak_mb: incremental.map((m) => Math.round(m.peak_rss_mb)),
    full_stages: full.map(stages),
    incremental_stages: incremental.map(stages)
  };
  console.log(JSON.stringify({...summary, full_stages: undefined, incremental_stages: undefined}, null, 1));
  recordResult(summary);
}

console.log(`load average at end ${load()}`);
