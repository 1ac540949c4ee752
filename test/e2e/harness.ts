// End-to-end harness: build the site, serve dist/ under a subpath like a plain static host,
// and open pages in Debian's Chromium while watching for outside requests and errors.
import {spawn} from "node:child_process";
import {createReadStream} from "node:fs";
import {mkdir, stat} from "node:fs/promises";
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, normalize, resolve, sep} from "node:path";
import {chromium, type Browser, type Page} from "playwright-core";

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

/** Runs `observable build` (telemetry off) and fails with its output if it fails. */
export async function buildSite(): Promise<void> {
  const bin = join(repoRoot, "node_modules/.bin/observable");
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const env = {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", PULSE_SITE_OUT: distDir};
    const child = spawn(bin, ["build"], {cwd: repoRoot, env});
    child.stdout.on("data", (chunk) => output.push(String(chunk)));
    child.stderr.on("data", (chunk) => output.push(String(chunk)));
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0) throw new Error(`observable build exited with ${code}:\n${output.join("").slice(-4000)}`);
}

const mimeTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".parquet": "application/vnd.apache.parquet",
  ".arrow": "application/vnd.apache.arrow.file",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json"
};

export interface StaticServer {
  /** the site's root URL, ending in the subpath prefix */
  url: string;
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves dir under prefix like a plain static host: files as they are, a folder's index.html,
 * nothing else (no /page → page.html rewriting, no single-page fallback).
 */
export async function serveStatic(dir = distDir, prefix = sitePrefix): Promise<StaticServer> {
  const root = resolve(dir);
  const server: Server = createServer(async (request, response) => {
    const notFound = () => response.writeHead(404, {"content-type": "text/plain"}).end("not found");
    const {pathname} = new URL(request.url ?? "/", "http://localhost");
    if (pathname === prefix.slice(0, -1)) return void response.writeHead(301, {location: prefix}).end();
    if (!pathname.startsWith(prefix)) return notFound();
    let file: string;
    try {
      file = normalize(join(root, decodeURIComponent(pathname.slice(prefix.length))));
    } catch {
      return notFound();
    }
    if (file !== root && !file.startsWith(root + sep)) return notFound();
    try {
      let info = await stat(file);
      if (info.isDirectory()) info = await stat((file = join(file, "index.html")));
      response.writeHead(200, {
        "content-type": mimeTypes[extname(file).toLowerCase()] ?? "application/octet-stream",
        "content-length": info.size
      });
      if (request.method === "HEAD") return void response.end();
      createReadStream(file).pipe(response);
    } catch {
      notFound();
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const {port} = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${prefix}`,
    origin,
    close: () => new Promise<void>((done) => server.close(() => done()))
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumFlags});
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
    if (!isOutside(new URL(request.url()))) problems.failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`);
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
