// Lighthouse benchmark (issue #15): every page of a built site, served by Pulse's own static server under a
// subpath as a host would, audited by Lighthouse 12 with its mobile defaults (a phone, throttled network and
// CPU) in Debian's Chromium. Writes each page's four scores (performance, accessibility, best practices, SEO),
// its CLS, FCP and LCP and its failing audits to bench/results.jsonl and as a dated section to
// bench/RESULTS.md. A benchmark, not a test: scores move with the machine's load.
// Targets: accessibility ≥ 90 and best practices 100 on every page; performance ≥ 90 on the overview and
// ≥ 80 on the health page; CLS < 0.1 everywhere. SEO's is-crawlable fails by design (the site is noindex).
//   npm run bench:lighthouse -- [--site dist] [--pages index,health] [--runs 1]
// --site: a built site (default dist: `npm run build` first); --pages: page names without .html (default:
// every page in the site's sidebar, and the account page of the first account in the table);
// --runs: runs per page, the median performance run is kept (scores vary from run to run).
import {appendFileSync, existsSync, readFileSync} from "node:fs";
import {cpus, loadavg, totalmem} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {gunzipSync} from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import {staticServer} from "../loaders/cli/staticServer.js";
import {chromiumFlags} from "../test/e2e/harness.js";
import {recordResult} from "./record.js";

const {values} = parseArgs({
  options: {site: {type: "string", default: "dist"}, pages: {type: "string"}, runs: {type: "string", default: "1"}}
});
const site = resolve(values.site);
if (!existsSync(join(site, "index.html"))) throw new Error(`${site} holds no built site: run npm run build first, or give --site DIR`);
const runs = Math.max(1, Number(values.runs));
const PREFIX = "/reports/pulse/";
const TARGETS: Record<string, Partial<Record<Category, number>>> = {
  index: {performance: 90, accessibility: 90, "best-practices": 100},
  health: {performance: 80, accessibility: 90, "best-practices": 100}
};
const DEFAULT_TARGET: Partial<Record<Category, number>> = {accessibility: 90, "best-practices": 100};
type Category = "performance" | "accessibility" | "best-practices" | "seo";
const CATEGORIES: Category[] = ["performance", "accessibility", "best-practices", "seo"];

/** The site's pages: the sidebar's links in the built overview, plus one account page. */
function pagesOf(): string[] {
  if (values.pages) return values.pages.split(",").map((p) => (p.includes(".html") ? p : `${p}.html`));
  const html = readFileSync(join(site, "index.html"), "utf8");
  const sidebar = html.slice(html.indexOf('id="observablehq-sidebar"'));
  // the sidebar links ./lifecycle.html (preserveExtension); the account page is audited with an account's id
  const links = [...sidebar.matchAll(/href="\.\/([a-z-]*?)(?:\.html)?"/g)].map((m) => m[1] || "index").filter((p) => p !== "account");
  const pages = [...new Set(["index", ...links])].filter((p) => existsSync(join(site, `${p}.html`)));
  return pages.map((p) => `${p}.html`).concat(existsSync(join(site, "account.html")) ? [`account.html?id=${firstAccount()}`] : []);
}

/** An account id for the account page: the first one the overview's data lists (any account will do). */
function firstAccount(): string {
  const bucketDir = join(site, "data", "account-pages");
  for (let bucket = 0; bucket < 256; bucket++) {
    const file = join(bucketDir, `${String(bucket).padStart(3, "0")}.json.gz`);
    if (!existsSync(file)) continue;
    const {accounts} = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8"));
    const ids = Object.keys(accounts);
    if (ids.length) return encodeURIComponent(ids.sort()[0]);
  }
  throw new Error("no account in data/account-pages/");
}

interface PageResult {
  page: string;
  scores: Record<Category, number>;
  cls: number;
  fcpMs: number;
  lcpMs: number;
  failing: string[];
}

async function audit(url: string, port: number): Promise<PageResult> {
  const result = await lighthouse(url, {port, output: "json", logLevel: "error"});
  if (!result) throw new Error(`lighthouse gave no result for ${url}`);
  const {lhr} = result;
  if (lhr.runtimeError) throw new Error(`lighthouse could not audit ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Record<Category, number>;
  // the audits that count towards a category and did not pass
  const counted = new Set(CATEGORIES.flatMap((c) => lhr.categories[c]?.auditRefs.filter((ref) => ref.weight > 0).map((ref) => ref.id) ?? []));
  const failing = Object.values(lhr.audits)
    .filter((a) => counted.has(a.id) && a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable")
    .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ""}`)
    .sort();
  const numeric = (id: string) => Number(lhr.audits[id]?.numericValue ?? NaN);
  return {page: "", scores, cls: numeric("cumulative-layout-shift"), fcpMs: numeric("first-contentful-paint"), lcpMs: numeric("largest-contentful-paint"), failing};
}

const server = await staticServer(site, {prefix: PREFIX});
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", ...chromiumFlags]
});
const results: PageResult[] = [];
try {
  for (const page of pagesOf()) {
    const tries: PageResult[] = [];
    for (let i = 0; i < runs; i++) tries.push(await audit(new URL(page, server.url.endsWith("/") ? server.url : `${server.url}/`).href, chrome.port));
    tries.sort((a, b) => a.scores.performance - b.scores.performance);
    const kept = {...tries[Math.floor(tries.length / 2)], page};
    results.push(kept);
    console.log(`${page.padEnd(28)} ${CATEGORIES.map((c) => `${c} ${kept.scores[c]}`).join("  ")}  CLS ${kept.cls.toFixed(3)}`);
  }
} finally {
  await chrome.kill();
  await server.close();
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`;
const date = new Date().toISOString().slice(0, 10);
for (const r of results) recordResult({bench: "lighthouse", page: r.page, ...r.scores, cls: r.cls, fcpMs: Math.round(r.fcpMs), lcpMs: Math.round(r.lcpMs), failing: r.failing, machine});

const missed = (r: PageResult) => {
  const target = TARGETS[r.page.replace(/\.html.*$/, "")] ?? DEFAULT_TARGET;
  const below = CATEGORIES.filter((c) => target[c] !== undefined && r.scores[c] < target[c]!).map((c) => `${c} < ${target[c]}`);
  if (!(r.cls < 0.1)) below.push("CLS ≥ 0.1");
  return below;
};
const table = [
  `| page | performance | accessibility | best practices | SEO | CLS | FCP | LCP | targets missed |`,
  `|---|---|---|---|---|---|---|---|---|`,
  ...results.map((r) =>
    `| ${r.page.replace(/\?.*/, "")} | ${r.scores.performance} | ${r.scores.accessibility} | ${r.scores["best-practices"]} | ${r.scores.seo} | ${r.cls.toFixed(3)} | ${(r.fcpMs / 1000).toFixed(1)} s | ${(r.lcpMs / 1000).toFixed(1)} s | ${missed(r).join(", ") || "none"} |`
  )
];
const failing = results.map((r) => `- ${r.page.replace(/\?.*/, "")}: ${r.failing.join(", ") || "none"}`);
appendFileSync(
  new URL("./RESULTS.md", import.meta.url),
  `\n## Lighthouse 12.8.2, mobile defaults — ${date}\n\n` +
    `\`npm run bench:lighthouse\` on ${site.replace(process.cwd() + "/", "")}, served by Pulse's static server under ${PREFIX}; ${runs} run(s) per page, ` +
    `the median performance run kept. Machine: ${machine}. SEO's is-crawlable fails by design (the site is noindex: docs/deploying.md).\n\n` +
    `${table.join("\n")}\n\nFailing audits (score under 0.9):\n\n${failing.join("\n")}\n`
);
console.log(`\n${table.join("\n")}\n\nwritten to bench/RESULTS.md and bench/results.jsonl`);
