// Browser benchmark (issue #4): how fast the built site is in Chromium, at the sample's size (~2,000
// accounts) and at 50,000 accounts with a year of weekly rows each, measured in the same run so that
// the ratio 50k / 2k means something on a noisy machine.
//   - headline KPIs visible: from navigation start until the overview's KPI cards show numbers
//   - filters ready: from navigation start until the health page's filter bar is there and its table
//     shows rows from the in-browser database (its data-ready attribute): a filter change can be answered
//   - table first visible: until the health table shows rows at all (the page draws the build's first
//     view while the engine starts; reported, not a target)
//   - filter latency: on the health page, from a filter input's "input" event until the table shows
//     the new number of accounts (checked against the same count computed in Node)
// Every page load is in a new browser context (empty cache), from Pulse's static server on this
// machine. Targets: KPIs ≤ 1 s, filters ready ≤ 3 s, filter latency p95 ≤ 100 ms.
// Also the weight of each page: bytes fetched by kind (JavaScript, WebAssembly, data, other), as
// served and gzip-compressed (what a static host sends). Budget (issue #6): JavaScript other than
// the DuckDB and Parquet WebAssembly ≤ 1 MB compressed; the overview's data ≤ 2 MB at 50k.
// And the bytes on the wire (issue #20): what a phone (390 × 844, empty cache) receives for a page
// from `pulse serve`, every response's body as sent (compressed or not, the engine's worker and
// WebAssembly included) until the network has been idle for two seconds with no interaction; with the
// number of requests and the largest single response.
//   npx tsx bench/browser.bench.ts [--runs 5] [--copies 25] [--large-tables DIR] [--built-sites DIR_2K,DIR_50K] [--only wire]
// --large-tables: a folder of built tables for the large site (e.g. `pulse data` on a generated
// 50,000-account sample) instead of the sample's tables copied --copies times.
// --built-sites: measure these already-rendered sites (e.g. a copy of .pulse/bench-site-2k and -50k
// from another commit) instead of rendering src/, for a before/after in the same session. Their
// health table must mark data-ready (see pageProbes). One folder: the 2k site only.
// --only wire: only the bytes on the wire, no timed loads (minutes instead of most of an hour).
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {gzipSync} from "node:zlib";
import {cpus, loadavg, totalmem, tmpdir} from "node:os";
import {basename, join, resolve} from "node:path";
import {parseArgs} from "node:util";
import type {Browser, Page} from "playwright-core";
import {buildTables} from "../loaders/build.js";
import {withLock} from "../loaders/lock.js";
import {progressDisplay} from "../loaders/cli/progress.js";
import {dropFrameworkDataCache, renderSite} from "../loaders/cli/renderSite.js";
import {staticServer, type RunningServer} from "../loaders/cli/staticServer.js";
import {PulseDb, sqlString} from "../loaders/db.js";
import {compareSnapshots} from "../loaders/snapshots/compareSnapshots.js";
import {launchChromium} from "../test/e2e/harness.js";
import {recordResult} from "./record.js";
import {scaleTables} from "./scaleTables.js";

const {values} = parseArgs({
  options: {
    runs: {type: "string", default: "5"},
    copies: {type: "string", default: "25"},
    "large-tables": {type: "string"},
    "built-sites": {type: "string"},
    only: {type: "string"}
  }
});
if (values.only !== undefined && values.only !== "wire") throw new Error(`--only takes "wire", got "${values.only}"`);
const wireOnly = values.only === "wire";
const builtSites = values["built-sites"]?.split(",").map((dir) => resolve(dir));
const runs = Number(values.runs);
const copies = Number(values.copies);
const SITE_PREFIX = "/reports/pulse/";
const TARGETS = {kpisVisibleMs: 1000, filtersReadyMs: 3000, filterP95Ms: 100};
const WEIGHT_BUDGET = {jsGzipBytes: 1_000_000, overviewDataBytes: 2_000_000};
const PAGE_TIMEOUT_MS = 120_000;
const progress = progressDisplay(process.stderr);

interface BenchSite {
  label: string;
  tablesDir: string;
  outDir: string;
  server?: RunningServer;
}

// ---------------------------------------------------------------------------------------------
// The machine

function describeMachine() {
  return {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    load: loadavg().map((x) => +x.toFixed(2))
  };
}

// ---------------------------------------------------------------------------------------------
// Tables and sites

/** Renders the site from each table folder into its own folder, holding the project's build lock. */
async function renderSites(sites: BenchSite[], asOf: string) {
  await withLock(resolve(".pulse", "build.lock"), progress, async () => {
    const scratch = mkdtempSync(join(tmpdir(), "pulse-bench-"));
    try {
      for (const site of sites) {
        // no earlier snapshot to compare with, as in a first build
        const comparisonFile = join(scratch, `${site.label}.comparison.json`);
        writeFileSync(comparisonFile, JSON.stringify(await compareSnapshots({asOf, dir: site.tablesDir}, null)));
        dropFrameworkDataCache(); // or Framework would serve the previous site's tables
        await renderSite({dir: site.tablesDir}, site.outDir, comparisonFile, progress);
        progress(`rendered the ${site.label} site in ${site.outDir}`);
      }
    } finally {
      dropFrameworkDataCache(); // leave no benchmark tables in Framework's cache
      rmSync(scratch, {recursive: true, force: true});
    }
  });
}

/** Rows of the tables the two measured pages read. */
async function tableSizes(db: PulseDb, site: BenchSite) {
  const file = (name: string) => `read_parquet(${sqlString(join(site.tablesDir, `${name}.parquet`))})`;
  const [sizes] = await db.rows<Record<string, number>>(`SELECT
    (SELECT count(*) FROM ${file("accounts")}) AS accounts,
    (SELECT count(*) FROM ${file("accounts")} WHERE has_active_contract) AS current_customers,
    (SELECT count(*) FROM ${file("account_weekly")}) AS weekly_rows,
    (SELECT count(DISTINCT week_start) FROM ${file("account_weekly")}) AS weeks,
    (SELECT count(*) FROM ${file("health_history")}) AS health_history_rows`);
  return sizes;
}

// ---------------------------------------------------------------------------------------------
// In the page: milestones stamped with performance.now() (milliseconds since navigation start) on
// the first animation frame where they hold, and the filter-latency probe. Plain JavaScript in a
// string: functions compiled by tsx carry helpers that do not exist in the page.

type Milestone = "kpisVisible" | "filtersReady" | "tableVisible" | "overviewFiltersReady";

function pageProbes(watch: Milestone[]): string {
  return `(() => {
    const checks = {
      // the ARR card, first of the headline cards, shows a number
      kpisVisible: () => /\\d/.test(document.querySelector("#kpi-arr .kpi-value")?.textContent ?? ""),
      // the filter bar's inputs are on the page and the health table has account rows from the
      // in-browser database (data-ready: not only the build's precomputed first view), so the
      // database holds the page's data and answers a filter change
      filtersReady: () => document.querySelector(".filter-bar input") != null && document.querySelector("#health-table .pulse-table[data-ready] tbody tr[data-id]") != null,
      // the health table shows account rows, from the database or from the build's first view
      tableVisible: () => document.querySelector("#health-table tbody tr[data-id]") != null,
      // the overview's book of business is on screen and its database holds the data (db.js's mark):
      // a filter change is answered (the build's first view alone does not count)
      overviewFiltersReady: () => document.querySelector("#selection-summary") != null && performance.getEntriesByName("pulse:loaded:accounts").length > 0
    };
    const watch = ${JSON.stringify(watch)};
    const marks = (window.__pulseMarks = {});
    const frame = () => {
      for (const name of watch) if (!(name in marks) && checks[name]()) marks[name] = performance.now();
      if (watch.some((name) => !(name in marks))) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);

    // Call before changing a filter; then await window.__pulseFilterChanged: the milliseconds from the
    // first "input" event to the frame where a new health table shows expectedText as its count.
    window.__pulseArmFilterChange = (expectedText) => {
      const before = document.querySelector("#health-table .table-count");
      let inputAt = null;
      const onInput = () => { if (inputAt === null) inputAt = performance.now(); };
      window.addEventListener("input", onInput, true);
      window.__pulseFilterChanged = new Promise((resolve, reject) => {
        const started = performance.now();
        const check = () => {
          const count = document.querySelector("#health-table .table-count");
          if (inputAt !== null && count && count !== before && count.textContent === expectedText) {
            window.removeEventListener("input", onInput, true);
            resolve(performance.now() - inputAt);
          } else if (performance.now() - started > ${PAGE_TIMEOUT_MS}) {
            reject(new Error("the health table never showed " + expectedText + " (it shows " + count?.textContent + (inputAt === null ? ", no input event" : "") + ")"));
          } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    };

    // Resolves once the page has not changed for quietMs: the cells that follow a change are done.
    window.__pulseQuiet = (quietMs) => new Promise((resolve) => {
      let timer = setTimeout(done, quietMs);
      const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quietMs); });
      observer.observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
      function done() { observer.disconnect(); resolve(); }
    });
  })();`;
}

/** A page in a new browser context (empty cache), the probes installed before the page's own scripts. */
async function freshPage(browser: Browser, watch: Milestone[]) {
  const context = await browser.newContext({viewport: {width: 1440, height: 900}});
  await context.addInitScript({content: pageProbes(watch)});
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  return {context, page, errors};
}

/** Opens a page and returns when the milestone happened, in ms since navigation start. */
async function openAndWait(page: Page, url: string, milestone: Milestone, errors: string[]): Promise<number> {
  await page.goto(url, {waitUntil: "commit"});
  try {
    await page.waitForFunction(`window.__pulseMarks?.${milestone} !== undefined`, undefined, {timeout: PAGE_TIMEOUT_MS, polling: 100});
  } catch (error) {
    throw new Error(`${url}: ${milestone} never happened${errors.length ? `; page errors:\n${errors.join("\n")}` : ""}`, {cause: error});
  }
  return (await page.evaluate(`window.__pulseMarks.${milestone}`)) as number;
}

async function waitUntilQuiet(page: Page, quietMs = 500) {
  await page.evaluate(`window.__pulseQuiet(${quietMs})`);
}

// ---------------------------------------------------------------------------------------------
// What a page fetches, by file (not timed: a separate load, before the timed ones)

async function bytesFetched(browser: Browser, site: BenchSite, pageFile: string, milestone: Milestone) {
  const {context, page, errors} = await freshPage(browser, [milestone]);
  const paths: string[] = [];
  context.on("request", (request) => {
    const {pathname} = new URL(request.url());
    if (pathname.startsWith(SITE_PREFIX)) paths.push(pathname.slice(SITE_PREFIX.length));
  });
  await openAndWait(page, site.server!.url + pageFile, milestone, errors);
  await page.waitForLoadState("networkidle");
  await waitUntilQuiet(page);
  await context.close();
  const file = (path: string) => join(site.outDir, decodeURIComponent(path));
  const size = (path: string) => (existsSync(file(path)) ? statSync(file(path)).size : 0); // a 404 weighs nothing
  const unhashed = (path: string) => basename(path).replace(/\.[0-9a-f]{8}(\.[a-z]+)$/, "$1");
  const dataFiles = Object.fromEntries(paths.filter((p) => p.startsWith("_file/data/")).map((p) => [unhashed(p), size(p)]));
  const wasm = paths.filter((p) => p.endsWith(".wasm")).map(unhashed);
  return {data_files: dataFiles, total_bytes: paths.reduce((sum, p) => sum + size(p), 0), requests: paths.length, wasm_seen: wasm, weight: weightOf(paths, file)};
}

// ---------------------------------------------------------------------------------------------
// Bytes on the wire: what a phone receives for a page (not timed: a separate load each)

const PHONE = {viewport: {width: 390, height: 844}, deviceScaleFactor: 3, isMobile: true, hasTouch: true};

/** What navigator.connection says (the Network Information API): Save-Data, the connection's speed class. */
interface Connection {
  saveData: boolean;
  effectiveType: string;
}
/** A phone whose browser asks to save data: the overview's bytes until the reader's first interaction. */
const SAVE_DATA: Connection = {saveData: true, effectiveType: "4g"};
/** An init script that makes navigator.connection say so, before the page's own scripts. */
const connectionScript = (connection: Connection) =>
  `Object.defineProperty(Navigator.prototype, "connection", {configurable: true, get: () => ({...${JSON.stringify(connection)}, addEventListener() {}})});`;

/**
 * Budgets of issue #20, bytes on the wire at a phone's size from `pulse serve`: the overview until the
 * reader's first interaction (the engine not fetched ahead: a browser that asks to save data), and every
 * page with everything it fetches untouched (the engine included, fetched ahead on a fast connection).
 */
const WIRE_BUDGET = {overviewUntilInteraction: 1_500_000, everyPage: 12_000_000};
/** the network is idle when no request has been open for this long (longer than the engine takes to compile here) */
const NETWORK_IDLE_MS = 2000;

interface OnTheWire {
  path: string;
  status: number;
  encoding: string;
  /** the response body as received: compressed bytes for a compressed response */
  wire_bytes: number;
  /** the file's own size on disk (0 for a response with no file, such as a 404) */
  file_bytes: number;
  /** false for the response whose body size Chromium reports to a worker (then its Content-Length) */
  reported_by_chromium: boolean;
}

/**
 * Opens a page in a new context (empty cache) at a phone's size and waits, without touching the page,
 * until no request has been open for NETWORK_IDLE_MS; every response (the page's and its workers')
 * counted with its body as sent: compressed bytes for a compressed response (CDP's encodedDataLength
 * less the headers, playwright's request.sizes(), checked against Content-Length).
 */
async function bytesOnTheWire(browser: Browser, site: BenchSite, pageFile: string, connection?: Connection) {
  const context = await browser.newContext(PHONE);
  if (connection) await context.addInitScript({content: connectionScript(connection)});
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  let open = 0;
  let lastChange = Date.now();
  const pending: Promise<OnTheWire | null>[] = [];
  const outside: string[] = [];
  context.on("request", (request) => {
    open++;
    lastChange = Date.now();
    if (!request.url().startsWith(site.server!.url)) outside.push(request.url());
  });
  const settled = () => {
    open--;
    lastChange = Date.now();
  };
  context.on("requestfailed", settled);
  context.on("requestfinished", (request) => {
    settled();
    pending.push(
      (async () => {
        const response = await request.response();
        if (!response || !request.url().startsWith(site.server!.url)) return null;
        const path = decodeURIComponent(new URL(request.url()).pathname.slice(SITE_PREFIX.length));
        const file = join(site.outDir, path);
        const headers = await response.allHeaders();
        const received = (await request.sizes()).responseBodySize;
        // Chromium reports a dedicated worker's own script to the worker, not to the page: playwright
        // sees 0 bytes for it. Pulse's server sends every body with its Content-Length, so that is the
        // count; where Chromium does report the body, the two must agree.
        const sent = Number(headers["content-length"]);
        if (!Number.isInteger(sent)) throw new Error(`${path}: no Content-Length`);
        if (received !== 0 && received !== sent) throw new Error(`${path}: ${received} bytes received, Content-Length ${sent}`);
        return {
          path,
          status: response.status(),
          encoding: headers["content-encoding"] ?? "identity",
          wire_bytes: sent,
          file_bytes: existsSync(file) && statSync(file).isFile() ? statSync(file).size : 0,
          reported_by_chromium: received === sent
        };
      })()
    );
  });
  await page.goto(site.server!.url + pageFile, {waitUntil: "load", timeout: PAGE_TIMEOUT_MS});
  const started = Date.now();
  while (open > 0 || Date.now() - lastChange < NETWORK_IDLE_MS) {
    if (Date.now() - started > PAGE_TIMEOUT_MS) throw new Error(`${pageFile}: the network never went idle (${open} requests open)`);
    await new Promise((done) => setTimeout(done, 100));
  }
  const responses = (await Promise.all(pending)).filter((r): r is OnTheWire => r !== null);
  // when the page asked for the in-browser database, and why (engineOnDemand.js; none on a page that starts it unasked)
  const engineAsked = (await page.evaluate(`performance.getEntriesByType("mark").filter((m) => m.name.startsWith("pulse:engine-asked:")).map((m) => m.name.slice(19))`)) as string[];
  await context.close();
  if (errors.length) throw new Error(`${pageFile}: page errors:\n${errors.join("\n")}`);
  if (outside.length) throw new Error(`${pageFile}: requests outside the site: ${outside.join(", ")}`);
  const largest = responses.reduce((a, b) => (b.wire_bytes > a.wire_bytes ? b : a));
  const byEncoding: Record<string, {responses: number; wire_bytes: number}> = {};
  for (const r of responses) {
    byEncoding[r.encoding] ??= {responses: 0, wire_bytes: 0};
    byEncoding[r.encoding].responses++;
    byEncoding[r.encoding].wire_bytes += r.wire_bytes;
  }
  return {
    connection: connection ?? "Chromium's own (effectiveType 4g, no Save-Data)",
    engine_asked: engineAsked,
    engine_fetched: responses.some((r) => /duckdb-(eh|mvp)\.[0-9a-f]+\.wasm$|duckdb-(eh|mvp)\.wasm$/.test(r.path)),
    requests: responses.length,
    wire_bytes: responses.reduce((sum, r) => sum + r.wire_bytes, 0),
    file_bytes: responses.reduce((sum, r) => sum + r.file_bytes, 0),
    largest: {path: largest.path, encoding: largest.encoding, wire_bytes: largest.wire_bytes, file_bytes: largest.file_bytes},
    by_encoding: byEncoding,
    not_ok: responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.path}`),
    sizes_from_content_length: responses.filter((r) => !r.reported_by_chromium).map((r) => r.path)
  };
}

type Kind = "js" | "wasm" | "data" | "other";
const kindOf = (path: string): Kind =>
  path.startsWith("_file/data/") ? "data" : path.endsWith(".js") ? "js" : path.endsWith(".wasm") ? "wasm" : "other";

/** Bytes fetched by kind, as served and gzip-compressed (level 6, a static host's default), each file once. */
function weightOf(paths: string[], file: (path: string) => string) {
  const weight: Record<Kind, {files: number; bytes: number; gzip_bytes: number}> = {
    js: {files: 0, bytes: 0, gzip_bytes: 0}, wasm: {files: 0, bytes: 0, gzip_bytes: 0},
    data: {files: 0, bytes: 0, gzip_bytes: 0}, other: {files: 0, bytes: 0, gzip_bytes: 0}
  };
  for (const path of new Set(paths)) {
    if (!existsSync(file(path))) continue;
    const bytes = readFileSync(file(path));
    const kind = weight[kindOf(path)];
    kind.files++;
    kind.bytes += bytes.length;
    kind.gzip_bytes += gzipSync(bytes, {level: 6}).length;
  }
  return weight;
}

// ---------------------------------------------------------------------------------------------
// The filter changes: what a reader does with the filter bar, one change at a time

interface Filters {
  tier: string[];
  band: string[];
  owner: string[];
  renewal: number | null;
}

type FilterChange =
  | {kind: "tick"; filter: "tier" | "band"; value: string}
  | {kind: "owner"; value: string}
  | {kind: "renewal"; days: number | null};

/** 21 changes: tiers, bands, two owners and renewal windows on and off, ending with no filter. */
function filterChanges([owner1, owner2]: string[]): FilterChange[] {
  const tier = (value: string): FilterChange => ({kind: "tick", filter: "tier", value});
  const band = (value: string): FilterChange => ({kind: "tick", filter: "band", value});
  const owner = (value: string): FilterChange => ({kind: "owner", value});
  const renewal = (days: number | null): FilterChange => ({kind: "renewal", days});
  return [
    tier("S"), tier("A"), band("red"), band("yellow"), tier("S"), renewal(90), renewal(30), renewal(null),
    owner(owner1), owner(owner2), band("red"), tier("B"), owner(owner1), renewal(180), band("green"),
    tier("A"), owner(owner2), band("yellow"), renewal(null), tier("B"), band("green")
  ];
}

function applyChange(filters: Filters, change: FilterChange): Filters {
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  if (change.kind === "tick") return {...filters, [change.filter]: toggle(filters[change.filter], change.value)};
  if (change.kind === "owner") return {...filters, owner: toggle(filters.owner, change.value)};
  return {...filters, renewal: change.days};
}

/** What the health table's count should read for these filters: current customers matching them. */
async function expectedCountText(db: PulseDb, site: BenchSite, filters: Filters): Promise<string> {
  const list = (values: string[]) => `(${values.map(sqlString).join(", ")})`;
  const conditions = ["has_active_contract"];
  if (filters.tier.length) conditions.push(`tier IN ${list(filters.tier)}`);
  if (filters.band.length) conditions.push(`health_band IN ${list(filters.band)}`);
  if (filters.owner.length) conditions.push(`csm_owner IN ${list(filters.owner)}`);
  if (filters.renewal != null) conditions.push(`days_to_renewal <= ${filters.renewal}`);
  const count = await db.value<number>(
    `SELECT count(*) FROM read_parquet(${sqlString(join(site.tablesDir, "accounts.parquet"))}) WHERE ${conditions.join(" AND ")}`
  );
  return `${count.toLocaleString("en-US")} ${count === 1 ? "account" : "accounts"}`;
}

/** Makes one change with the filter bar, as a reader would, and returns its latency in ms. */
async function changeFilter(page: Page, change: FilterChange, expectedText: string): Promise<number> {
  const bar = page.locator(".filter-bar");
  const ownerList = bar.locator(".pulse-multi").filter({has: page.locator(".pulse-multi-label", {hasText: /^Owner$/})});
  if (change.kind === "owner") await ownerList.locator("summary").click(); // opening the list is not part of the latency
  await page.evaluate(`window.__pulseArmFilterChange(${JSON.stringify(expectedText)})`);
  if (change.kind === "tick") {
    const label = change.filter === "tier" ? "Tier" : "Health band";
    await bar.locator("form").filter({hasText: label}).getByLabel(change.value, {exact: true}).click();
  } else if (change.kind === "owner") {
    // the checkbox: once an owner is chosen, the list's summary is labelled by that name too
    await ownerList.getByRole("checkbox", {name: change.value, exact: true}).click();
  } else {
    const select = bar.locator("form").filter({hasText: "Renewal within"}).locator("select");
    await select.selectOption({label: change.days == null ? "any time" : `${change.days} days`});
  }
  const latency = (await page.evaluate("window.__pulseFilterChanged")) as number;
  if (change.kind === "owner") {
    await page.keyboard.press("Escape");
    await page.locator("h1").first().click(); // closes the list like a click elsewhere
  }
  return latency;
}

// ---------------------------------------------------------------------------------------------
// The timed page loads

async function timeOverview(browser: Browser, site: BenchSite): Promise<{kpis: number; filtersReady: number}> {
  const {context, page, errors} = await freshPage(browser, ["kpisVisible", "overviewFiltersReady"]);
  try {
    const kpis = await openAndWait(page, `${site.server!.url}index.html`, "kpisVisible", errors);
    const filtersReady = await openAndWait(page, `${site.server!.url}index.html`, "overviewFiltersReady", errors).catch(() => NaN);
    return {kpis, filtersReady};
  } finally {
    await context.close();
  }
}

/**
 * The overview on a phone whose browser asks to save data (the engine is not fetched ahead): the
 * reader touches the filter bar once the book of business shows; ms from that touch until the filters
 * are answered from the database (0 when the database was there already: a page that starts it unasked).
 */
async function timeOverviewTouched(browser: Browser, site: BenchSite): Promise<number> {
  const context = await browser.newContext(PHONE);
  await context.addInitScript({content: connectionScript(SAVE_DATA)});
  await context.addInitScript({content: pageProbes(["overviewFiltersReady"])});
  const page = await context.newPage();
  try {
    await page.goto(`${site.server!.url}index.html`, {waitUntil: "load", timeout: PAGE_TIMEOUT_MS});
    await page.locator("#selection-summary").waitFor({timeout: PAGE_TIMEOUT_MS});
    await page.waitForLoadState("networkidle");
    const touchedAt = (await page.evaluate(`(() => { const at = performance.now(); document.querySelector(".filter-bar").dispatchEvent(new PointerEvent("pointerdown", {bubbles: true})); return at; })()`)) as number;
    await page.waitForFunction(`window.__pulseMarks?.overviewFiltersReady !== undefined`, undefined, {timeout: PAGE_TIMEOUT_MS, polling: 100});
    return Math.max(0, ((await page.evaluate(`window.__pulseMarks.overviewFiltersReady`)) as number) - touchedAt);
  } finally {
    await context.close();
  }
}

async function timeHealth(browser: Browser, site: BenchSite, db: PulseDb, owners: string[]) {
  const {context, page, errors} = await freshPage(browser, ["filtersReady", "tableVisible"]);
  try {
    const filtersReady = await openAndWait(page, `${site.server!.url}health.html`, "filtersReady", errors);
    const tableVisible = (await page.evaluate(`window.__pulseMarks.tableVisible`)) as number;
    await waitUntilQuiet(page); // the rest of the page loads before the first change
    // where the load's time went: db.js marks the engine start and each table's decode and insert
    const marks = (await page.evaluate(
      `Object.fromEntries(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("pulse:")).map((m) => [m.name.slice(6), Math.round(m.startTime)]))`
    )) as Record<string, number>;
    let filters: Filters = {tier: [], band: [], owner: [], renewal: null};
    const latencies: number[] = [];
    for (const change of filterChanges(owners)) {
      filters = applyChange(filters, change);
      latencies.push(await changeFilter(page, change, await expectedCountText(db, site, filters)));
      await waitUntilQuiet(page);
    }
    return {filtersReady, tableVisible, latencies, marks};
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** The value below which a share q of the values fall (nearest rank). */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const ms = (x: number) => Math.round(x);
const spread = (values: number[]) => ({median: ms(percentile(values, 0.5)), min: ms(Math.min(...values)), max: ms(Math.max(...values)), runs: values.map(ms)});

// ---------------------------------------------------------------------------------------------
// The run


const atStart = describeMachine();
progress(`load average at start: ${atStart.load.join(", ")}`);
const sample = await buildTables({}, progress);
const sites: BenchSite[] = [{label: "2k", tablesDir: sample.dir, outDir: builtSites?.[0] ?? resolve(".pulse/bench-site-2k")}];
if (builtSites?.length !== 1) {
  sites.push({
    label: "50k",
    tablesDir: values["large-tables"] ? resolve(values["large-tables"]) : await scaleTables(sample.dir, resolve(".pulse/bench-tables-50k"), copies, progress),
    outDir: builtSites?.[1] ?? resolve(".pulse/bench-site-50k")
  });
}
if (!builtSites) await renderSites(sites, sample.asOf);

const db = await PulseDb.open();
const owners = (
  await db.rows<{csm_owner: string}>(`SELECT csm_owner FROM read_parquet(${sqlString(join(sample.dir, "accounts.parquet"))})
    WHERE has_active_contract AND csm_owner IS NOT NULL GROUP BY csm_owner ORDER BY count(*) DESC, csm_owner LIMIT 2`)
).map((row) => row.csm_owner);
for (const site of sites) site.server = await staticServer(site.outDir, {prefix: SITE_PREFIX});
const browser = await launchChromium();
const chromiumVersion = browser.version();

type Fetched = Awaited<ReturnType<typeof bytesFetched>>;
type Wire = Awaited<ReturnType<typeof bytesOnTheWire>>;
const measured: Record<string, {sizes: Record<string, number>; bytes: {overview: Fetched; health: Fetched}; kpis: number[]; overviewReady: number[]; overviewTouched: number[]; ready: number[]; tableVisible: number[]; latencies: number[]; marks: Record<string, number>[]}> = {};
const onTheWire: Record<string, {overview: Wire; overview_save_data: Wire; health: Wire}> = {};
/** The #20 budgets per site: met or not. */
const wireBudgets = (wire: {overview: Wire; overview_save_data: Wire; health: Wire}) => ({
  overview_until_interaction: {wire_bytes: wire.overview_save_data.wire_bytes, budget: WIRE_BUDGET.overviewUntilInteraction, met: wire.overview_save_data.wire_bytes <= WIRE_BUDGET.overviewUntilInteraction},
  every_page: {wire_bytes: Math.max(wire.overview.wire_bytes, wire.health.wire_bytes), budget: WIRE_BUDGET.everyPage, met: Math.max(wire.overview.wire_bytes, wire.health.wire_bytes) <= WIRE_BUDGET.everyPage},
  largest_file: [wire.overview, wire.overview_save_data, wire.health].map((w) => w.largest).reduce((a, b) => (b.wire_bytes > a.wire_bytes ? b : a))
});
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
try {
  for (const site of sites) {
    progress(`${site.label}: bytes on the wire at a phone's size (an untimed load per page)`);
    onTheWire[site.label] = {
      overview: await bytesOnTheWire(browser, site, "index.html"),
      overview_save_data: await bytesOnTheWire(browser, site, "index.html", SAVE_DATA),
      health: await bytesOnTheWire(browser, site, "health.html")
    };
    for (const [pageName, wire] of Object.entries(onTheWire[site.label])) {
      progress(`${site.label} ${pageName}: ${mb(wire.wire_bytes)} on the wire (files ${mb(wire.file_bytes)}), ${wire.requests} requests, largest ${wire.largest.path} ${mb(wire.largest.wire_bytes)} ${wire.largest.encoding}`);
    }
  }
  // what each page fetches by kind, and the timed loads (not with --only wire)
  if (!wireOnly) {
    for (const site of sites) {
      progress(`${site.label}: what the pages fetch (an untimed load each)`);
      measured[site.label] = {
        sizes: await tableSizes(db, site),
        bytes: {
          overview: await bytesFetched(browser, site, "index.html", "kpisVisible"),
          health: await bytesFetched(browser, site, "health.html", "filtersReady")
        },
        kpis: [],
        overviewReady: [],
        overviewTouched: [],
        ready: [],
        tableVisible: [],
        latencies: [],
        marks: []
      };
    }
    // the two sizes alternate, so that whatever else the machine does weighs on both alike
    for (let run = 1; run <= runs; run++) {
      for (const site of sites) {
        const {kpis, filtersReady} = await timeOverview(browser, site);
        measured[site.label].kpis.push(kpis);
        measured[site.label].overviewReady.push(filtersReady);
        measured[site.label].overviewTouched.push(await timeOverviewTouched(browser, site));
      }
      for (const site of sites) {
        const {filtersReady, tableVisible, latencies, marks} = await timeHealth(browser, site, db, owners);
        measured[site.label].ready.push(filtersReady);
        measured[site.label].tableVisible.push(tableVisible);
        measured[site.label].marks.push(marks);
        measured[site.label].latencies.push(...latencies);
      }
      progress(
        `run ${run}/${runs}: ` +
          sites
            .map(({label}) => {
              const m = measured[label];
              return `${label} KPIs ${ms(m.kpis.at(-1)!)} ms, table visible ${ms(m.tableVisible.at(-1)!)} ms, filters ready ${ms(m.ready.at(-1)!)} ms, filter p95 so far ${ms(percentile(m.latencies, 0.95))} ms`;
            })
            .join(" · ")
      );
    }
  }
} finally {
  await browser.close();
  for (const site of sites) await site.server?.close();
  db.close();
}

const summary = wireOnly
  ? {
      benchmark: "browser-wire",
      machine: atStart.machine,
      load_at_start: atStart.load,
      load_at_end: loadavg().map((x) => +x.toFixed(2)),
      chromium: chromiumVersion,
      phone: PHONE,
      built_sites: builtSites ?? null,
      sites: onTheWire,
      budgets: Object.fromEntries(Object.entries(onTheWire).map(([label, wire]) => [label, wireBudgets(wire)]))
    }
  : fullSummary();
progress.done("done");
console.log(JSON.stringify(summary, null, 2));
recordResult(summary);

/** The timed loads' results, with what each page fetched. */
function fullSummary() {
  const results = Object.fromEntries(
    sites.map(({label}) => {
      const m = measured[label];
      const kpis = spread(m.kpis);
      const ready = spread(m.ready);
      const tableVisible = spread(m.tableVisible);
      // the n-th change of each page load, median over the loads: whether the first changes after a load are slower
      const perLoad = filterChanges(owners).length;
      const byChange = Array.from({length: perLoad}, (_, i) => ms(percentile(m.latencies.filter((_, k) => k % perLoad === i), 0.5)));
      const latency = {p50: ms(percentile(m.latencies, 0.5)), p95: ms(percentile(m.latencies, 0.95)), max: ms(Math.max(...m.latencies)), changes: m.latencies.length, median_by_change: byChange};
      const overview = m.bytes.overview;
      const met = {
        kpis_visible: kpis.median <= TARGETS.kpisVisibleMs,
        filters_ready: ready.median <= TARGETS.filtersReadyMs,
        filter_p95: latency.p95 <= TARGETS.filterP95Ms,
        overview_js_gzip: overview.weight.js.gzip_bytes <= WEIGHT_BUDGET.jsGzipBytes,
        overview_data: overview.weight.data.bytes <= WEIGHT_BUDGET.overviewDataBytes
      };
      const markNames = [...new Set(m.marks.flatMap((marks) => Object.keys(marks)))];
      const healthMarks = Object.fromEntries(markNames.map((name) => [name, ms(percentile(m.marks.map((marks) => marks[name] ?? NaN).filter(Number.isFinite), 0.5))]));
      return [label, {tables: m.sizes, fetched: m.bytes, on_the_wire: onTheWire[label], wire_budgets: wireBudgets(onTheWire[label]), kpis_visible_ms: kpis, overview_filters_ready_ms: spread(m.overviewReady), overview_filters_ready_after_touch_ms: spread(m.overviewTouched), table_first_visible_ms: tableVisible, filters_ready_ms: ready, health_load_marks_median_ms: healthMarks, filter_latency_ms: latency, targets_met: met}];
    })
  );
  const [small, large] = sites.map(({label}) => results[label]);
  const ratio = (a: number, b: number) => +(b / a).toFixed(2);
  return {
    benchmark: "browser",
    machine: atStart.machine,
    load_at_start: atStart.load,
    load_at_end: loadavg().map((x) => +x.toFixed(2)),
    chromium: chromiumVersion,
    runs,
    copies,
    targets_ms: TARGETS,
    weight_budget: WEIGHT_BUDGET,
    large_tables: values["large-tables"] ?? `the sample's tables ×${copies}`,
    built_sites: builtSites ?? null,
    sites: results,
    ratio_50k_to_2k: large === undefined ? null : {
      kpis_visible: ratio(small.kpis_visible_ms.median, large.kpis_visible_ms.median),
      table_first_visible: ratio(small.table_first_visible_ms.median, large.table_first_visible_ms.median),
      filters_ready: ratio(small.filters_ready_ms.median, large.filters_ready_ms.median),
      filter_p50: ratio(small.filter_latency_ms.p50, large.filter_latency_ms.p50),
      filter_p95: ratio(small.filter_latency_ms.p95, large.filter_latency_ms.p95)
    }
  };
}
