// What a new reader meets first (issue #15): the page's language and zoom, a skip link as the first stop of
// the keyboard, charts with names, the Owner list closing on Escape, a visible "Updating…" between a filter
// change and the answer (also before the in-browser database is ready), CSV downloads rounded as the page
// shows them with one header style and the labels a reader sees, the churn watch's Reason narrowing its
// cards too, and the lifecycle's young cohorts saying "not yet". Expected values come from SQL over the
// files the site serves.
import {readFile} from "node:fs/promises";
import type {Page} from "playwright-core";
import {beforeAll, expect, inject, test} from "vitest";
import {segmentLabel} from "../../src/components/palette.js";
import {chromiumForFile, distFile, downloadCsv, expectNoProblems, queryParquet, tickFilter, type PageProblems} from "./harness.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const openSitePage = chromiumForFile(siteOrigin);
let settings: Record<string, unknown>;

beforeAll(async () => {
  settings = JSON.parse(await readFile(distFile("metric_settings.json"), "utf8"));
});

const sql = <T = Record<string, string>>(query: string) => queryParquet<T>({accounts: distFile("accounts.parquet")}, query);

async function open(path: string, ready: string): Promise<{page: Page; problems: PageProblems}> {
  const opened = await openSitePage();
  await opened.page.goto(`${siteUrl}${path}`);
  await opened.page.locator(ready).first().waitFor({timeout: 60_000});
  return opened;
}

/** The row ids a table shows now (its first page), in order. */
const shownIds = (page: Page, card: string) =>
  page.locator(`${card} tbody tr[data-id]`).evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.id));

/** Waits until no query is in flight and nothing is loading (updating.js). */
const settled = (page: Page) =>
  page.waitForFunction(() => !document.documentElement.hasAttribute("data-loading") && !document.documentElement.hasAttribute("data-updating"), null, {timeout: 60_000});

test("every page says its language, allows zoom, starts with a skip link and names its charts", async () => {
  const {page, problems} = await open("index.html", "#selection-summary");
  expect(await page.locator("html").getAttribute("lang")).toBe("en");
  expect(await page.locator("meta[name=viewport]").getAttribute("content")).toBe("width=device-width, initial-scale=1");
  expect(await page.locator("meta[name=robots]").getAttribute("content")).toBe("noindex"); // a private report stays out of search engines

  // the first Tab reaches the skip link, shown on screen; Enter takes the keyboard to the page's content
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const box = element.getBoundingClientRect();
    return {className: element.className, text: element.textContent, top: box.top, visible: box.width > 0 && box.height > 0 && box.top >= 0};
  });
  expect(focused).toMatchObject({className: "skip-link", text: "Skip to the page", visible: true});
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("#observablehq-main") != null)).toBe(true);

  // every chart is one image with a name, and no group carries a name it may not have (aria-prohibited-attr);
  // the charts below the screen are drawn when they come near it: scroll to them
  await settled(page);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForFunction(() => [...document.querySelectorAll(".chart-when-seen")].every((frame) => frame.hasAttribute("data-drawn")), null, {timeout: 60_000});
  const charts = await page.locator("#observablehq-main svg:not(.sparkline):not([aria-hidden])").evaluateAll((svgs) =>
    svgs.map((svg) => ({role: svg.getAttribute("role"), label: svg.getAttribute("aria-label") ?? ""}))
  );
  expect(charts.length).toBeGreaterThanOrEqual(6);
  for (const chart of charts) {
    expect(chart.role).toBe("img");
    expect(chart.label.length).toBeGreaterThan(8);
  }
  expect(await page.locator("#observablehq-main g[aria-label]:not([role])").count()).toBe(0);
  expectNoProblems(problems);
  await page.context().close();
});

test("the Owner list closes on Escape and gives the focus back to its summary", async () => {
  const {page, problems} = await open("tiers.html", ".filter-bar");
  const owner = page.locator(".filter-bar .pulse-multi").filter({hasText: "Owner"});
  await owner.locator("summary").click();
  expect(await owner.locator("details").getAttribute("open")).not.toBeNull();
  await owner.locator("input[type=checkbox]").first().focus();
  await page.keyboard.press("Escape");
  expect(await owner.locator("details").getAttribute("open")).toBeNull();
  expect(await page.evaluate(() => document.activeElement?.classList.contains("pulse-multi-summary"))).toBe(true);
  expect(await owner.locator("summary").getAttribute("aria-labelledby")).toMatch(/-label .*-summary$/);
  expectNoProblems(problems);
  await page.context().close();
});

test("a filter ticked before the in-browser database is ready says the database is loading until the page has answered", async () => {
  // hold DuckDB's engine back until the filter is ticked: the page shows the build's first view meanwhile
  const opened = await openSitePage();
  const {page, problems} = opened;
  let release!: () => void;
  const engineHeld = new Promise<void>((resolve) => (release = resolve));
  await page.context().route(/duckdb-(eh|mvp)(\.[0-9a-f]+)?\.wasm$/, async (route) => {
    await engineHeld;
    await route.continue();
  });
  await page.goto(`${siteUrl}health.html`);
  await page.locator("#health-table tbody tr[data-id]").first().waitFor({timeout: 60_000});
  const firstRows = await page.locator("#health-table tbody tr[data-id]").count();
  expect(firstRows).toBe(25);

  await tickFilter(page, "Tier", "S");
  // at once: the page is marked as updating and says so; the cards and the table are dimmed
  expect(await page.locator("html").getAttribute("data-updating")).not.toBeNull();
  await expect.poll(() => page.locator(".page-status").evaluate((status) => getComputedStyle(status).opacity)).toBe("1");
  // the engine is still on its way: the words say what the page waits for (engineOnDemand.js)
  expect(await page.locator(".page-status").textContent()).toBe("Loading the database for the filters…");
  await expect.poll(() => page.locator("#health-table").evaluate((card) => Number(getComputedStyle(card).opacity))).toBeLessThan(1);

  release();
  // then the answer: tier S accounts only, and the page no longer says it is updating
  const expected = (await sql<{account_id: string}>(`SELECT account_id FROM accounts WHERE has_active_contract AND tier = 'S'
    ORDER BY arr * (100 - health_score) / 100 DESC NULLS LAST, arr DESC, account_id LIMIT 25`)).map((row) => row.account_id);
  await expect.poll(() => shownIds(page, "#health-table"), {timeout: 60_000}).toEqual(expected);
  await settled(page);
  expect(await page.locator("html").getAttribute("data-updating")).toBeNull();
  expect(await page.locator(".page-status").textContent()).toBe("");
  expectNoProblems(problems);
  await page.context().close();
});

test("the health table opens on the accounts to call first, says why, and the reader can order it otherwise", async () => {
  const {page, problems} = await open("health.html", "#health-table .pulse-table[data-ready] tbody tr[data-id]");
  // ARR at stake = ARR × (100 − score) ÷ 100, largest first: the largest accounts in the poorest health
  const byStake = (await sql<{account_id: string}>(`SELECT account_id FROM accounts WHERE has_active_contract
    ORDER BY arr * (100 - health_score) / 100 DESC NULLS LAST, arr DESC, account_id LIMIT 25`)).map((row) => row.account_id);
  expect(await shownIds(page, "#health-table")).toEqual(byStake);
  expect(await page.locator("#health-table th[aria-sort=descending]").textContent()).toContain("At stake");
  expect(await page.locator(".page-lede").textContent()).toContain("ARR × (100 − score) ÷ 100");
  // the first rows are not a page of zeros
  const firstScores = await page.locator("#health-table tbody tr[data-id] .score-value").allTextContents();
  expect(firstScores.filter((score) => score === "0.0").length).toBeLessThan(firstScores.length);

  // a click on "Score" orders by the score instead, lowest first
  await page.locator("#health-table th[data-key=health_score] button").click();
  const byScore = (await sql<{account_id: string}>(`SELECT account_id FROM accounts WHERE has_active_contract
    ORDER BY health_score ASC NULLS LAST, arr DESC, account_id LIMIT 25`)).map((row) => row.account_id);
  await expect.poll(() => shownIds(page, "#health-table")).toEqual(byScore);
  expectNoProblems(problems);
  await page.context().close();
});

/** Each cell of a CSV line (no quoted commas in the files checked here). */
const cells = (line: string) => line.split(",");
const decimals = (cell: string) => (/^-?\d+\.(\d+)$/.exec(cell)?.[1].length ?? 0);

test("CSV downloads: snake_case headers, numbers rounded as the page shows them, labels rather than codes", async () => {
  const {page, problems} = await open("index.html", "#selection-summary");
  await settled(page);
  // the KPI history: rates to 0.1 point (3 decimals), years and multiples to 0.1, averages to the dollar
  const [history] = await Promise.all([page.waitForEvent("download"), page.locator(".page-lede button.download-csv").click()]);
  const text = await readFile((await history.path())!, "utf8");
  const lines = text.slice(1).trimEnd().split("\r\n");
  const header = cells(lines[0]);
  for (const name of header) expect(name).toMatch(/^[a-z0-9_]+$/);
  const column = (name: string) => lines.slice(1).map((line) => cells(line)[header.indexOf(name)]);
  expect(Math.max(...column("renewal_rate").map(decimals))).toBeLessThanOrEqual(3);
  expect(Math.max(...column("lifetime_years").map(decimals))).toBeLessThanOrEqual(1);
  expect(Math.max(...column("avg_cac").map(decimals))).toBe(0);
  for (const line of lines.slice(1)) for (const cell of cells(line)) expect(decimals(cell)).toBeLessThanOrEqual(4);

  // the tier mix: snake_case, shares to 0.1 point
  const tierMix = await downloadCsv(page, ".card:has(.tier-summary)");
  expect(tierMix.lines[0]).toBe("tier,accounts,arr,account_share,arr_share");
  for (const line of tierMix.lines.slice(1)) expect(Math.max(...cells(line).slice(3).map(decimals))).toBeLessThanOrEqual(3);
  await page.context().close();

  // the health table: segments as the page names them, scores to 0.1
  const health = await open("health.html", "#health-table .pulse-table[data-ready] tbody tr[data-id]");
  const {lines: rows} = await downloadCsv(health.page, "#health-table");
  const healthHeader = cells(rows[0]);
  const segments = new Set(Object.values(segmentLabel));
  for (const line of rows.slice(1)) {
    const row = cells(line);
    expect(segments.has(row[healthHeader.indexOf("segment")])).toBe(true);
    expect(decimals(row[healthHeader.indexOf("health_score")])).toBeLessThanOrEqual(1);
  }
  expectNoProblems(problems);
  expectNoProblems(health.problems);
  await health.page.context().close();
});

test("the churn watch's Reason narrows its cards as well as its table", async () => {
  const {page, problems} = await open("churn-watch.html", "#watch-table tbody tr[data-id]");
  const [{all}] = await sql<{all: string}>("SELECT count(*) AS all FROM accounts WHERE has_active_contract AND churn_watch");
  expect(await page.locator("#watch-count").textContent()).toBe(Number(all).toLocaleString("en-US"));
  const rule = (settings.churn_rules as Array<{id: string; label: string}>).find((r) => r.id === "health_red")!;
  await page.locator(".page-controls select").selectOption({label: rule.label});
  const [{red, arr}] = await sql<{red: string; arr: number}>(`SELECT count(*) AS red, sum(arr) AS arr FROM accounts
    WHERE has_active_contract AND churn_watch AND list_contains(churn_reasons, 'health_red')`);
  await expect.poll(() => page.locator("#watch-count").textContent()).toBe(Number(red).toLocaleString("en-US"));
  expect(Number(red)).toBeLessThan(Number(all));
  expect(await page.locator("#watch-table .table-count").textContent()).toBe(`${Number(red).toLocaleString("en-US")} accounts`);
  expect(arr).toBeGreaterThan(0);
  expectNoProblems(problems);
  await page.context().close();
});

test("the lifecycle: a cohort too young to renew says 'not yet', and the stuck step says what it measures", async () => {
  const {page, problems} = await open("lifecycle.html", "#funnel-table tbody tr");
  await settled(page);
  const heatmap = page.locator(".card svg[aria-label^='Step conversion by cohort month']");
  expect(await heatmap.locator("text", {hasText: "not yet"}).count()).toBeGreaterThan(0);
  const label = await page.locator("#milestone-never_onboarded .milestone-head").textContent();
  expect(label).toContain(`No key action since signing, ${settings.lifecycle_onboarding_max_days}+ days ago`);
  expectNoProblems(problems);
  await page.context().close();
});
