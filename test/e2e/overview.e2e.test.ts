// The overview (issue #4, part A) on the built sample site: the headline KPIs are the kpis table's
// numbers, formatted for people, and show before the in-browser database is ready; the book of
// business below them follows the filters exactly as SQL over the accounts table predicts.
// Expected values come from the tables the site was built from (the build's kpis.parquet and
// metric_settings.parquet, and the accounts.parquet the site serves), read with DuckDB in Node.
import {join} from "node:path";
import type {Page} from "playwright-core";
import {expect, inject, test} from "vitest";
import {formatCount, formatMoney, formatPercent} from "../../src/shared/format.js";
import {formatPoints, formatRelative, shortDate} from "../../src/components/kpiCard.js";
import {
  builtTablesDir,
  chooseFilter,
  distFile,
  downloadCsv,
  expectNoProblems,
  chromiumForFile,
  queryParquet,
  screenshot,
  emulateConnection,
  tableIds,
  watchWire,
  type PageProblems
} from "./harness.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const openSitePage = chromiumForFile(siteOrigin);

type Kpis = Record<string, number | boolean | string | null>;

/** The as-of row of the kpis table and the month end before it, and the build's thresholds. */
async function kpiRows(): Promise<{current: Kpis; previous: Kpis; settings: Kpis}> {
  const dir = builtTablesDir();
  const rows = await queryParquet<Kpis>(
    {kpis: join(dir, "kpis.parquet")},
    "SELECT * REPLACE (CAST(paying_accounts AS DOUBLE) AS paying_accounts, CAST(churn_watch_accounts AS DOUBLE) AS churn_watch_accounts) FROM kpis ORDER BY period_end"
  );
  const [settings] = await queryParquet<Kpis>({settings: join(dir, "metric_settings.parquet")}, "SELECT renewal_critical_rate, healthy_ltv_to_cac FROM settings");
  const current = rows.find((row) => row.is_as_of)!;
  const previous = rows.filter((row) => !row.is_as_of).at(-1)!;
  return {current, previous, settings};
}

const accounts = (sql: string) => queryParquet<Record<string, string>>({accounts: distFile("accounts.parquet")}, sql);

/** Opens the overview; records when the KPI cards and the first database answer appeared. */
async function openOverview(search = "", {delayEngine = 0} = {}): Promise<{page: Page; problems: PageProblems}> {
  const opened = await openSitePage();
  const context = opened.page.context();
  await context.addInitScript(() => {
    const times: Record<string, number> = ((window as unknown as {pulseTimes: Record<string, number>}).pulseTimes = {});
    new MutationObserver(() => {
      if (!times.kpis && document.querySelector("#kpi-arr .kpi-value")) times.kpis = performance.now();
      if (!times.database && document.querySelector("#selection-summary")) times.database = performance.now();
    }).observe(document, {childList: true, subtree: true});
  });
  if (delayEngine) {
    // hold back DuckDB's 34 MB engine: the cards must not wait for it
    await context.route(/duckdb-(eh|mvp)(\.[0-9a-f]+)?\.wasm$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, delayEngine));
      await route.continue();
    });
  }
  await opened.page.goto(`${siteUrl}${search}`);
  return opened;
}

const times = (page: Page) => page.evaluate(() => (window as unknown as {pulseTimes: Record<string, number>}).pulseTimes);
const cardValue = (page: Page, id: string) => page.locator(`#${id} .kpi-value`).textContent();
const cardText = (page: Page, id: string) => page.locator(`#${id}`).innerText();

test("the headline KPIs are the kpis table's as-of numbers, with the change since the last month end", async () => {
  const {current: k, previous: p, settings} = await kpiRows();
  const {page, problems} = await openOverview();
  await page.locator("#kpi-arr .kpi-value").waitFor({timeout: 30_000});
  const lifetime = k.lifetime_finite === false ? "no finite lifetime" : `${(k.lifetime_years as number).toFixed(1)} years`;
  const ltvToCac = k.avg_cac == null ? "CAC not known" : `${(k.ltv_to_cac as number).toFixed(1)}×`;
  expect({
    arr: await cardValue(page, "kpi-arr"),
    renewal: await cardValue(page, "kpi-renewal-rate"),
    grr: await cardValue(page, "kpi-grr"),
    nrr: await cardValue(page, "kpi-nrr"),
    logoChurn: await cardValue(page, "kpi-logo-churn"),
    lifetime: await cardValue(page, "kpi-lifetime"),
    ltvToCac: await cardValue(page, "kpi-ltv-cac"),
    atRisk: await cardValue(page, "kpi-arr-at-risk"),
    watch: await cardValue(page, "kpi-churn-watch"),
    topShare: await cardValue(page, "kpi-top-share")
  }).toEqual({
    arr: formatMoney(k.arr as number),
    renewal: formatPercent(k.renewal_rate as number),
    grr: formatPercent(k.grr as number),
    nrr: formatPercent(k.nrr as number),
    logoChurn: formatPercent(k.logo_churn_rate as number),
    lifetime,
    ltvToCac,
    atRisk: formatMoney(k.arr_at_risk as number),
    watch: formatCount(k.churn_watch_accounts as number),
    topShare: formatPercent(k.top_accounts_arr_share as number)
  });
  // changes: ARR in percent, rates in points, against the month end before the as-of date
  const vs = `vs ${shortDate(p.period_end as string)}`;
  expect(await cardText(page, "kpi-arr")).toContain(`${formatRelative((k.arr as number) - (p.arr as number), p.arr as number)} ${vs}`);
  expect(await cardText(page, "kpi-renewal-rate")).toContain(`${formatPoints((k.renewal_rate as number) - (p.renewal_rate as number))} ${vs}`);
  expect(await cardText(page, "kpi-nrr")).toContain(`${formatPoints((k.nrr as number) - (p.nrr as number))} ${vs}`);
  // the renewal rate is judged against the configured critical line
  const critical = formatPercent(settings.renewal_critical_rate as number, {digits: 0});
  expect(await cardText(page, "kpi-renewal-rate")).toContain((k.renewal_rate as number) < (settings.renewal_critical_rate as number) ? `below the ${critical} critical line` : `above ${critical} critical`);
  expect(await page.locator("#as-of").textContent()).toBe(String(k.period_end).slice(0, 10));
  expectNoProblems(problems);
  await page.context().close();
});

test("with no filter the whole page is drawn without the in-browser database, which comes ahead on a fast connection", async () => {
  // the engine held back 6 s: the cards and the book of business (the build's first view) appear anyway
  const {page, problems} = await openOverview("", {delayEngine: 6_000});
  await page.locator("#kpi-arr .kpi-value").waitFor({timeout: 5_000});
  await page.locator("#selection-summary").waitFor({timeout: 5_000});
  await page.locator("#at-risk-table tbody tr[data-id]").first().waitFor({timeout: 5_000});
  const held = await times(page);
  console.log(`overview: KPI cards at ${Math.round(held.kpis)} ms, book of business at ${Math.round(held.database)} ms after navigation`);
  // a desktop's connection in headless Chromium is fast (effectiveType 4g): the engine is fetched once the page is idle
  await page.waitForFunction(() => performance.getEntriesByName("pulse:engine-asked:idle").length > 0, null, {timeout: 30_000});
  expect(await page.evaluate(() => performance.getEntriesByName("pulse:engine-asked:touch").length)).toBe(0);
  expectNoProblems(problems);
  await page.context().close();
});

/** The engine's files and the overview's database: what a phone should not fetch before a filter is touched. */
const isEngine = (url: string) => /duckdb|apache-arrow|\/components\/db\./.test(url);

/** Opens the overview at 390 × 844 with the browser's connection as given (navigator.connection), recording the engine's requests. */
async function openOnPhone(connection: {saveData: boolean; effectiveType: string}, {delayEngine = 0} = {}) {
  const opened = await openSitePage();
  const context = opened.page.context();
  await opened.page.setViewportSize({width: 390, height: 844});
  await context.addInitScript((value) => {
    Object.defineProperty(Navigator.prototype, "connection", {configurable: true, get: () => ({...value, addEventListener() {}})});
  }, connection);
  const engineRequests: string[] = [];
  context.on("request", (request) => {
    if (isEngine(request.url())) engineRequests.push(request.url());
  });
  if (delayEngine) {
    await context.route(/duckdb-(eh|mvp)(\.[0-9a-f]+)?\.wasm$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, delayEngine));
      await route.continue();
    });
  }
  await opened.page.goto(siteUrl);
  await opened.page.locator("#at-risk-table tbody tr[data-id]").first().waitFor({timeout: 30_000});
  return {...opened, engineRequests};
}

/** Waits until the page has been idle long enough to fetch ahead (engineOnDemand.js: 1 s after load, then an idle callback). */
async function waitPastIdle(page: Page) {
  await page.waitForLoadState("load");
  await page.waitForTimeout(4_000);
}

test("on a phone on a slow connection the overview asks for no engine until a filter is touched; then the filter works, and the page says the database is loading", async () => {
  // the region with the most current customers, and their count (SQL over the accounts table the site serves)
  const [{region, customers}] = await accounts("SELECT region, count(*) AS customers FROM accounts WHERE has_active_contract GROUP BY region ORDER BY count(*) DESC, region LIMIT 1");
  const {page, problems, engineRequests} = await openOnPhone({saveData: false, effectiveType: "3g"}, {delayEngine: 3_000});
  await waitPastIdle(page);
  expect(engineRequests).toEqual([]);
  await screenshot(page, "overview-phone-first-view");
  const before = await page.locator("#selection-summary").getAttribute("data-customers");

  await chooseFilter(page, "Region", region);
  // the engine was asked for when the filter bar was touched, and the page says so while it loads (held back 3 s)
  await expect.poll(() => page.locator(".page-status").textContent()).toContain("Loading the database for the filters");
  await screenshot(page, "overview-phone-engine-loading");
  await expect.poll(() => page.locator("#selection-summary").getAttribute("data-customers"), {timeout: 60_000}).toBe(String(customers));
  expect(String(customers)).not.toBe(before);
  expect(engineRequests.some((url) => /duckdb-(eh|mvp).*\.wasm$/.test(url))).toBe(true);
  expect(await page.evaluate(() => performance.getEntriesByName("pulse:engine-asked:touch").length)).toBe(1);
  await expect.poll(() => page.locator(".page-status").textContent()).toBe("");
  await screenshot(page, "overview-phone-filtered");
  expectNoProblems(problems);
  await page.context().close();
});

test("when the browser asks to save data the overview does not fetch the engine ahead, even on a fast connection", async () => {
  const {page, problems, engineRequests} = await openOnPhone({saveData: true, effectiveType: "4g"});
  await waitPastIdle(page);
  expect(engineRequests).toEqual([]);
  expect(await page.evaluate(() => performance.getEntriesByName("pulse:engine-asked:idle").length)).toBe(0);
  expectNoProblems(problems);
  await page.context().close();
});

test("on a phone on a fast connection the overview fetches the engine once the page is idle, with no touch", async () => {
  const {page, problems, engineRequests} = await openOnPhone({saveData: false, effectiveType: "4g"});
  await expect.poll(() => engineRequests.some((url) => /duckdb-(eh|mvp).*\.wasm$/.test(url)), {timeout: 30_000}).toBe(true);
  expect(await page.evaluate(() => performance.getEntriesByName("pulse:engine-asked:touch").length)).toBe(0);
  // nobody waits for it: the page says nothing
  expect(await page.locator(".page-status").count() === 0 || (await page.locator(".page-status").textContent()) === "").toBe(true);
  expectNoProblems(problems);
  await page.context().close();
});

test("bytes on the wire at a phone's size: the overview ≤ 1.5 MB until the first interaction, ≤ 12 MB with the engine a filter brings", async () => {
  // issue #20's budgets (bytes, not timings), from the site's own server (pulse serve's): Save-Data, so
  // nothing is fetched ahead before the reader's first interaction
  const [{region, customers}] = await accounts("SELECT region, count(*) AS customers FROM accounts WHERE has_active_contract GROUP BY region ORDER BY count(*) DESC, region LIMIT 1");
  const {page, problems} = await openSitePage();
  await page.setViewportSize({width: 390, height: 844});
  await emulateConnection(page, {saveData: true, effectiveType: "4g"});
  const wire = watchWire(page);
  await page.goto(siteUrl);
  await page.locator("#at-risk-table tbody tr[data-id]").first().waitFor({timeout: 30_000});
  await wire.idle();
  const untouched = wire.received();
  console.log(`overview at 390 × 844, until the first interaction: ${untouched.bytes} bytes in ${untouched.urls.length} responses, largest ${untouched.largest.url} (${untouched.largest.bytes})`);
  expect(untouched.urls.filter((url) => /duckdb/.test(url))).toEqual([]);
  expect(untouched.bytes).toBeLessThanOrEqual(1_500_000);

  await chooseFilter(page, "Region", region);
  await expect.poll(() => page.locator("#selection-summary").getAttribute("data-customers"), {timeout: 60_000}).toBe(String(customers));
  await wire.idle();
  const touched = wire.received();
  console.log(`overview with the engine: ${touched.bytes} bytes in ${touched.urls.length} responses, largest ${touched.largest.url} (${touched.largest.bytes})`);
  expect(touched.urls.some((url) => /duckdb-(eh|mvp).*\.wasm$/.test(url))).toBe(true);
  expect(touched.bytes).toBeLessThanOrEqual(12_000_000);
  expectNoProblems(problems);
  await page.context().close();
});

test("with no filter the book of business adds up to the kpis table", async () => {
  const {current: k} = await kpiRows();
  // the strip counts the current customers (a contract in force, docs/metrics.md#current-customers), which the
  // headline card's "paying accounts" (ARR > 0) leaves out when their contract is worth $0
  const [{customers}] = await accounts("SELECT count(*) AS customers FROM accounts WHERE has_active_contract");
  const {page, problems} = await openOverview();
  await page.locator("#selection-summary").waitFor({timeout: 60_000});
  const strip = await page.locator("#selection-summary").innerText();
  expect(strip).toContain(`${formatCount(Number(customers))} current customers`);
  expect(strip).toContain(`${formatMoney(k.arr as number)} ARR`);
  expect(strip).toContain(`${formatMoney(k.arr_at_risk as number)} at risk`);
  expect(strip).toContain(`${formatCount(k.churn_watch_accounts as number)} on the churn watch`);
  await expect.poll(() => page.locator("#at-risk-table tbody tr[data-id]").count()).toBe(Math.min(10, k.churn_watch_accounts as number));
  await page.waitForTimeout(500); // let the charts settle
  await screenshot(page, "overview");
  expectNoProblems(problems);
  await page.context().close();
});

test("a filter changes the at-risk table to exactly the rows SQL predicts, the CSV holds them, and names link with the filters", async () => {
  // the region with the most accounts on the churn watch
  const [{region}] = await accounts("SELECT region FROM accounts WHERE churn_watch GROUP BY region ORDER BY count(*) DESC, region LIMIT 1");
  const expected = (await accounts(`SELECT account_id FROM accounts WHERE churn_watch AND region = '${region}' ORDER BY arr DESC, account_id LIMIT 10`)).map((r) => r.account_id);
  const [{customers}] = await accounts(`SELECT count(*) AS customers FROM accounts WHERE has_active_contract AND region = '${region}'`);
  expect(expected.length).toBeGreaterThan(0);

  const {page, problems} = await openOverview();
  await page.locator("#selection-summary").waitFor({timeout: 60_000});
  await chooseFilter(page, "Region", region);
  // the engine comes with the touch (or came ahead, the page being idle): answered within a minute on a loaded machine
  await expect.poll(() => page.locator("#selection-summary").getAttribute("data-customers"), {timeout: 60_000}).toBe(String(customers));
  expect(new URL(page.url()).searchParams.get("region")).toBe(region);
  await expect.poll(() => tableIds(page, "#at-risk-table")).toEqual(expected);

  const {lines, filename} = await downloadCsv(page, "#at-risk-table");
  expect(filename).toBe("pulse-largest-arr-at-risk.csv");
  expect(lines[0]).toBe("account_id,name,csm_owner,tier,arr,health_score,days_to_renewal,signals");
  expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(expected);

  const link = page.locator("#at-risk-table tbody tr[data-id] a.account-link").first();
  const href = new URL((await link.getAttribute("href"))!, page.url());
  expect(href.pathname.endsWith("/account.html")).toBe(true);
  expect(href.searchParams.get("id")).toBe(expected[0]);
  expect(href.searchParams.get("region")).toBe(region);
  await screenshot(page, "overview-filtered");
  expectNoProblems(problems);
  await page.context().close();
});
