// The site's infrastructure works offline in a real browser, on the site users get (`pulse build` of
// the sample): pages load from a subpath of a plain static host, DuckDB-Wasm answers with plain
// values, filters live in the URL and survive a reload, the sidebar carries them, values with quotes
// and commas stay SQL literals; filters carry over from page to page. Expected numbers come from the
// Parquet file the site serves, counted with DuckDB in Node.
import type {Page} from "playwright-core";
import {expect, inject, test} from "vitest";
import {distFile, expectNoProblems, queryParquet, sitePagesForFile, tickFilter, type PageProblems} from "./harness.js";
import {busiestRegion, sql} from "./sampleSite.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const {openSitePage, open} = sitePagesForFile(siteUrl, siteOrigin);

async function countAccounts(where: string): Promise<number> {
  const [row] = await queryParquet<{n: string}>({accounts: distFile("accounts.parquet")}, `SELECT count(*) AS n FROM accounts WHERE ${where}`);
  return Number(row.n);
}

const formatted = (n: number) => n.toLocaleString("en-US");

/**
 * Opens the overview and waits until DuckDB-Wasm can answer its filters: with no filter the page is the
 * build's, and the engine comes once the page is idle (a fast connection: headless Chromium's).
 */
async function openOverview(search = ""): Promise<{page: Page; problems: PageProblems}> {
  const opened = await openSitePage();
  await opened.page.goto(`${siteUrl}${search}`);
  await opened.page.locator("#selection-summary").waitFor({timeout: 60_000});
  await opened.page.waitForFunction(() => performance.getEntriesByName("pulse:filters-ready").length > 0, null, {timeout: 60_000});
  return opened;
}

const customersCount = (page: Page) => page.locator("#selection-summary").getAttribute("data-customers");

test("the site is served as files only: pages end in .html, folders give index.html, nothing is rewritten", async () => {
  expect((await fetch(`${siteUrl}lifecycle.html`)).status).toBe(200);
  expect((await fetch(`${siteUrl}lifecycle`)).status).toBe(404); // no /page → page.html on a plain host
  const root = await fetch(siteUrl);
  expect(root.status).toBe(200);
  expect(await root.text()).toContain("<title>Overview");
  expect((await fetch(siteUrl.slice(0, -1), {redirect: "manual"})).status).toBe(301); // /reports/pulse → /reports/pulse/
  expect((await fetch(`${siteUrl}../../etc/passwd`)).status).toBe(404);
});

test("a site built without --snapshot: the snapshots page says there are none, with no 404 in the console", async () => {
  expect(await (await fetch(`${siteUrl}snapshots/index.json`)).json()).toEqual([]);
  const {page, problems} = await openSitePage();
  await page.goto(`${siteUrl}snapshots.html`);
  await page.locator(".empty-state h2", {hasText: "No snapshots yet"}).waitFor({timeout: 60_000});
  expectNoProblems(problems);
  await page.context().close();
});

test("db.query returns plain values and fills ? parameters", async () => {
  const {page, problems} = await openOverview();
  // the page's own db.js module (same URL, so the same engine with the accounts table loaded), found
  // among the page's downloads; the script is a string because vitest rewrites import() in test code
  const result = (await page.evaluate(`(async () => {
    const {pulseDb} = await import(performance.getEntriesByType("resource").find((e) => e.name.includes("/_import/components/db.")).name);
    const db = pulseDb();
    const [count] = await db.query("SELECT count(*) AS n, sum(arr) AS arr FROM accounts WHERE tier = ? AND region = ?", ["S", "EMEA"]);
    const [row] = await db.query("SELECT contract_end, churn_reasons, churn_watch, health_score FROM accounts WHERE churn_watch ORDER BY account_id LIMIT 1");
    return {
      n: count.n, nType: typeof count.n, arrType: typeof count.arr,
      contractEnd: row.contract_end instanceof Date ? row.contract_end.toISOString() : String(row.contract_end),
      reasons: row.churn_reasons, watch: row.churn_watch, scoreType: typeof row.health_score
    };
  })()`)) as {n: number; contractEnd: string; reasons: string[]};
  expect(result.n).toBe(await countAccounts("tier = 'S' AND region = 'EMEA'"));
  expect(result).toMatchObject({nType: "number", arrType: "number", watch: true, scoreType: "number"});
  expect(result.contractEnd).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/); // DATE → Date at UTC midnight
  const [first] = await queryParquet<{churn_reasons: string[]}>(
    {accounts: distFile("accounts.parquet")},
    "SELECT churn_reasons FROM accounts WHERE churn_watch ORDER BY account_id LIMIT 1"
  );
  expect(result.reasons).toEqual(first.churn_reasons); // list → array
  expectNoProblems(problems);
  await page.context().close();
});

test("a filter changes the page and the URL, the URL restores it, and the sidebar carries it", async () => {
  const {page, problems} = await openOverview();
  const expected = String(await countAccounts("tier = 'S' AND has_active_contract"));
  await tickFilter(page, "Tier", "S");
  await expect.poll(() => customersCount(page)).toBe(expected);
  expect(new URL(page.url()).search).toBe("?tier=S");

  // the sidebar's links carry the filters to the next page
  const sidebarLink = page.locator("#observablehq-sidebar a[href]", {hasText: "Tiers"});
  await sidebarLink.hover();
  expect(await sidebarLink.getAttribute("href")).toMatch(/tiers\.html\?tier=S$/);
  expectNoProblems(problems);

  // a copied link reopens the same view
  const reopened = await openOverview(new URL(page.url()).search);
  await expect.poll(() => customersCount(reopened.page)).toBe(expected);
  expect(await reopened.page.locator(".filter-bar form").filter({hasText: "Tier"}).getByLabel("S", {exact: true}).isChecked()).toBe(true);
  expectNoProblems(reopened.problems);
  await page.context().close();
  await reopened.page.context().close();
});

test("filters carry over from page to page: tiers → modules → lifecycle → overview", async () => {
  const region = await busiestRegion();
  const search = `?tier=S,A&region=${encodeURIComponent(region)}`;
  const {page, problems} = await open(`tiers.html${search}`, "#tier-accounts tbody tr[data-id]");
  for (const [name, ready] of [["Modules", "#stopped-table"], ["Lifecycle", "#stuck-table"], ["Overview", "#selection-summary"]]) {
    await page.locator("#observablehq-sidebar a", {hasText: name}).click();
    await page.locator(ready).first().waitFor({timeout: 60_000});
    expect(new URL(page.url()).search).toBe(search);
    const tier = page.locator(".filter-bar form").filter({hasText: "Tier"});
    expect(await tier.getByLabel("S", {exact: true}).isChecked()).toBe(true);
    expect(await tier.getByLabel("B", {exact: true}).isChecked()).toBe(false);
  }
  const [{customers}] = await sql(`SELECT count(*) AS customers FROM accounts WHERE has_active_contract AND tier IN ('S', 'A') AND region = '${region}'`);
  await expect.poll(() => page.locator("#selection-summary").getAttribute("data-customers")).toBe(customers);
  expectNoProblems(problems);
  await page.context().close();
});

test("values with quotes and commas are SQL literals, not SQL, in the page's engine and in the URL", async () => {
  const {page, problems} = await openOverview("?owner=Dana%20O'Neil&industry=Health%2C%20Care&renewal=180");
  // the page's own filterSql.js and db.js: whereClause over hostile values runs, and matches nothing
  const counts = (await page.evaluate(`(async () => {
    const {pulseDb} = await import(performance.getEntriesByType("resource").find((e) => e.name.includes("/_import/components/db.")).name);
    const {whereClause} = await import(performance.getEntriesByType("resource").find((e) => e.name.includes("/_import/components/filterSql.")).name);
    const none = {owner: [], tier: [], segment: [], region: [], industry: [], band: [], renewal: null};
    const db = pulseDb();
    const count = async (filters) => (await db.query("SELECT count(*) AS n FROM accounts WHERE " + whereClause({...none, ...filters})))[0].n;
    return {
      quote: await count({owner: ["Dana O'Neil"], industry: ["Health, Care"]}),
      injection: await count({owner: ["x') OR TRUE OR ('"]}),
      all: await count({}),
      renewal: await count({renewal: 180})
    };
  })()`)) as Record<string, number>;
  expect(counts.quote).toBe(0);
  expect(counts.injection).toBe(0);
  expect(counts.all).toBe(await countAccounts("TRUE"));
  expect(counts.renewal).toBe(await countAccounts("days_to_renewal <= 180"));
  expectNoProblems(problems); // the URL with a quote and an encoded comma loaded without an error
  await page.context().close();
});

test("the harness catches a request to another host", async () => {
  // guards the guard: the request is aborted in the browser, nothing leaves the machine
  const {page, problems} = await openOverview();
  await page.evaluate(() => fetch("http://pulse-test.invalid/data.json").catch(() => "blocked"));
  expect(problems.outsideRequests).toEqual(["http://pulse-test.invalid/data.json"]);
  expect(() => expectNoProblems(problems)).toThrow(/outsideRequests: http:\/\/pulse-test.invalid/);
  await page.context().close();
});
