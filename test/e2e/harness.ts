// End-to-end harness: build the site with `pulse build`, serve dist/ under a subpath with Pulse's
// plain static server, and open pages in Debian's Chromium while watching for outside requests and errors.
import {spawn} from "node:child_process";
import {readdirSync, readFileSync} from "node:fs";
import {mkdir, readFile} from "node:fs/promises";
import {join, resolve} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, beforeAll} from "vitest";
import {chromium, type Browser, type Page} from "playwright-core";
import {staticServer} from "../../loaders/cli/staticServer.js";

export const repoRoot = resolve(import.meta.dirname, "../..");
export const distDir = join(repoRoot, "dist");
export const screenshotDir = join(repoRoot, "test/screenshots");

/** Where the site is served: a subpath, as on https://host/reports/pulse/. */
export const sitePrefix = "/reports/pulse/";

/** Chromium flags: no sandbox (root in a container), no GPU, and no background traffic of its own. */
export const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run"
];

/**
 * Builds the site the way users do: `pulse build --out dist` (tables for the sample exports, then
 * the site, published atomically), telemetry off. Fails with the tail of its output if it fails.
 */
export async function buildSite(): Promise<void> {
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const env = {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"};
    const child = spawn(process.execPath, [join(repoRoot, "bin/pulse.js"), "build", "--out", distDir, "--quiet"], {cwd: repoRoot, env});
    child.stdout.on("data", (chunk) => output.push(String(chunk)));
    child.stderr.on("data", (chunk) => output.push(String(chunk)));
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0) throw new Error(`pulse build exited with ${code}:\n${output.join("").slice(-4000)}`);
}

export interface StaticServer {
  /** the site's root URL, ending in the subpath prefix */
  url: string;
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves dir under prefix with Pulse's own static server (what `pulse serve` runs): files as they
 * are, a folder's index.html, nothing else (no /page → page.html rewriting, no single-page fallback).
 */
export async function serveStatic(dir = distDir, prefix = sitePrefix): Promise<StaticServer> {
  const running = await staticServer(dir, {prefix});
  return {url: running.url, origin: new URL(running.url).origin, close: running.close};
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumFlags});
}

/** One Chromium for a test file, launched before its tests and closed after them; returns a
 * function that opens a page on it (watched for problems, see openPage). */
export function chromiumForFile(defaultOrigin: string): (origin?: string) => Promise<{page: Page; problems: PageProblems}> {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return (origin = defaultOrigin) => openPage(browser!, origin);
}

/**
 * One Chromium for a test file (chromiumForFile) and open(): a page of the site at siteUrl, opened at a path and
 * returned once `ready` shows; base and origin open another built site (a fixture served by serveStatic) instead.
 */
export function sitePagesForFile(siteUrl: string, siteOrigin: string) {
  const openSitePage = chromiumForFile(siteOrigin);
  async function open(path: string, ready: string, {base = siteUrl, origin = siteOrigin} = {}): Promise<{page: Page; problems: PageProblems}> {
    const opened = await openSitePage(origin);
    await opened.page.goto(`${base}${path}`);
    await opened.page.locator(ready).first().waitFor({timeout: 60_000});
    return opened;
  }
  return {openSitePage, open};
}

/** What went wrong on a page: requests to other hosts, failed requests, console errors, page errors. */
export interface PageProblems {
  outsideRequests: string[];
  failedRequests: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

/**
 * A new 1440×900 page that records every problem. Requests to any host other than the site's are
 * recorded and aborted (workers included: the route is on the browser context).
 */
export async function openPage(browser: Browser, siteOrigin: string): Promise<{page: Page; problems: PageProblems}> {
  const context = await browser.newContext({viewport: {width: 1440, height: 900}, acceptDownloads: true});
  const problems: PageProblems = {outsideRequests: [], failedRequests: [], consoleErrors: [], pageErrors: []};
  const isOutside = (url: URL) => url.origin !== siteOrigin && url.protocol !== "data:" && url.protocol !== "blob:";
  context.on("request", (request) => {
    if (isOutside(new URL(request.url()))) problems.outsideRequests.push(request.url());
  });
  await context.route(isOutside, (route) => route.abort("blockedbyclient"));
  context.on("requestfailed", (request) => {
    const error = request.failure()?.errorText;
    // net::ERR_ABORTED is the browser cancelling a request itself: a page left (by a test's click) while its module
    // preloads were still out, on a loaded machine. A file the site lacks answers 404 (the response handler below).
    if (error === "net::ERR_ABORTED") return;
    if (!isOutside(new URL(request.url()))) problems.failedRequests.push(`${request.url()}: ${error}`);
  });
  context.on("response", (response) => {
    if (response.status() >= 400) problems.failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
  });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.pageErrors.push(String(error.stack ?? error)));
  return {page, problems};
}

/** Throws, listing everything, when a page had any problem. */
export function expectNoProblems(problems: PageProblems): void {
  const lines = Object.entries(problems).flatMap(([kind, list]) => list.map((item: string) => `${kind}: ${item}`));
  if (lines.length) throw new Error(`page problems:\n${lines.join("\n")}`);
}

/** Saves a 1440×900 screenshot to test/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, {recursive: true});
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({path});
  return path;
}

// ---------------------------------------------------------------------------------------------
// What the tests compare pages with: the built tables, queried with DuckDB in Node.

/** The path of a data file the site serves, found by its name whatever Framework's hash: distFile("accounts.parquet"). */
export function distFile(name: string, dist = distDir): string {
  const dataDir = join(dist, "_file/data");
  const dot = name.lastIndexOf(".");
  const pattern = new RegExp(`^${name.slice(0, dot).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.[0-9a-f]+\\${name.slice(dot)}$`);
  const file = readdirSync(dataDir).find((entry) => pattern.test(entry));
  if (!file) throw new Error(`no ${name} (hashed) in ${dataDir}`);
  return join(dataDir, file);
}

/** The folder of the tables the site in dist/ was built from (pulse-build.json names their fingerprint). */
export function builtTablesDir(dist = distDir): string {
  const {fingerprint} = JSON.parse(readFileSync(join(dist, "pulse-build.json"), "utf8"));
  return join(resolve(repoRoot, process.env.PULSE_CACHE ?? ".pulse/cache"), fingerprint);
}

/**
 * Runs SQL with DuckDB in Node over Parquet files, each as a view: {accounts: distFile("accounts.parquet")}.
 * Rows come back as JSON values (BIGINT as a string: wrap counts in Number()).
 */
export async function queryParquet<T = Record<string, unknown>>(files: Record<string, string>, sql: string): Promise<T[]> {
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  try {
    for (const [name, path] of Object.entries(files)) {
      await connection.run(`CREATE VIEW ${name} AS SELECT * FROM read_parquet('${path.replaceAll("'", "''")}')`);
    }
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    connection.closeSync();
  }
}

// ---------------------------------------------------------------------------------------------
// Driving a page: tables, CSV downloads, the filter bar.

/** The row ids (data-id) of a sortable table, all of its pages, in the order shown. */
export async function tableIds(page: Page, card: string): Promise<string[]> {
  const showAll = page.locator(`${card} button.show-all`);
  if (await showAll.count()) {
    await showAll.click();
    await showAll.waitFor({state: "detached"}); // a table over a query draws the rows when DuckDB answers
  }
  return page.locator(`${card} tbody tr[data-id]`).evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.id!));
}

/** A table card's count line, as shown: "1,234 accounts", "56 rows". */
export const tableCount = (page: Page, card: string) => page.locator(`${card} .table-count`).textContent();

/** Presses a card's "Download CSV" and returns the file's lines (without the byte-order mark) and name. */
export async function downloadCsv(page: Page, card: string): Promise<{lines: string[]; filename: string}> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`${card} button.download-csv`).first().click()]);
  const text = await readFile((await download.path())!, "utf8");
  if (!text.startsWith("\ufeff")) throw new Error("the CSV does not start with a byte-order mark");
  return {lines: text.slice(1).trimEnd().split("\r\n"), filename: download.suggestedFilename()};
}

/** Ticks a checkbox of the filter bar (tier, health band) by its label. */
export async function tickFilter(page: Page, filter: string, value: string): Promise<void> {
  await page.locator(".filter-bar form").filter({hasText: filter}).getByLabel(value, {exact: true}).check();
}

/** Chooses a value in one of the filter bar's dropdowns (owner, segment, region, industry). */
export async function chooseFilter(page: Page, filter: string, value: string): Promise<void> {
  const dropdown = page.locator(".filter-bar .pulse-multi").filter({hasText: filter});
  await dropdown.locator("summary").click();
  await dropdown.getByLabel(value, {exact: true}).check();
  await page.keyboard.press("Escape");
  await page.locator("h1").first().click(); // closes the list like a click elsewhere
}

// ---------------------------------------------------------------------------------------------
// Bytes on the wire (issue #20): what a phone receives for a page, as `pulse serve` sends it.

/** What navigator.connection says (the Network Information API), set before the page's scripts. */
export interface Connection {
  saveData: boolean;
  effectiveType: string;
}

/** Makes navigator.connection say so on every page of a browser context. */
export async function emulateConnection(page: Page, connection: Connection): Promise<void> {
  await page.context().addInitScript((value) => {
    Object.defineProperty(Navigator.prototype, "connection", {configurable: true, get: () => ({...value, addEventListener() {}})});
  }, connection);
}

/**
 * Watches what the page's context receives from now on: every response body's bytes as sent (a
 * compressed body's compressed size: its Content-Length, which Pulse's server always sets; a worker's
 * own script too, which Chromium reports to the worker, not the page) and the requests still open.
 * Call before page.goto. idle() waits until no request has been open for quietMs.
 */
export function watchWire(page: Page) {
  const responses: {url: string; bytes: number}[] = [];
  const counting: Promise<void>[] = [];
  let open = 0;
  let last = Date.now();
  const context = page.context();
  context.on("request", () => ((open += 1), (last = Date.now())));
  const closed = () => ((open -= 1), (last = Date.now()));
  context.on("requestfinished", closed);
  context.on("requestfailed", closed);
  context.on("response", (response) => {
    counting.push(response.allHeaders().then((headers) => void responses.push({url: response.url(), bytes: Number(headers["content-length"] ?? 0)})));
  });
  return {
    async idle(quietMs = 2000, timeoutMs = 90_000) {
      const started = Date.now();
      while (open > 0 || Date.now() - last < quietMs) {
        if (Date.now() - started > timeoutMs) throw new Error(`the network never went idle (${open} requests open)`);
        await new Promise((done) => setTimeout(done, 100));
      }
      await Promise.all(counting);
    },
    /** bytes received so far, the largest response, and every URL */
    received() {
      return {
        bytes: responses.reduce((sum, r) => sum + r.bytes, 0),
        largest: responses.reduce((a, b) => (b.bytes > a.bytes ? b : a), {url: "", bytes: 0}),
        urls: responses.map((r) => r.url)
      };
    }
  };
}
