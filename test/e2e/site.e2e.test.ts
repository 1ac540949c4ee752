// The infrastructure works offline in a real browser: the demo page (src/index.md) loads from a
// subpath, DuckDB-Wasm answers, a filter changes the table and the URL, the URL restores the filter,
// links and the CSV download carry the filtered view. Expected counts come from the same Parquet
// file that the site serves, counted with DuckDB in Node.
import {readdirSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, expect, inject, test} from "vitest";
import {distDir, expectNoProblems, launchChromium, openPage, screenshot, type PageProblems} from "./harness.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Counts accounts in the built demo Parquet file with DuckDB in Node. */
async function countAccounts(where: string): Promise<number> {
  const dataDir = join(distDir, "_file/data");
  const file = readdirSync(dataDir).find((name) => name.startsWith("demo-accounts.") && name.endsWith(".parquet"));
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${join(dataDir, file!)}') WHERE ${where}`);
  return Number(reader.getRowObjects()[0].n);
}

const formatted = (n: number) => n.toLocaleString("en-US");

/** Opens a page of the site and waits until DuckDB-Wasm has answered its first queries. */
async function openDemo(search = ""): Promise<{page: Page; problems: PageProblems}> {
  const opened = await openPage(browser, siteOrigin);
  await opened.page.goto(`${siteUrl}${search}`);
  await expect.poll(() => opened.page.locator("#duckdb-version").textContent(), {timeout: 60_000}).toMatch(/^v\d+\.\d+/);
  return opened;
}

const accountCount = (page: Page) => page.locator("#account-count").textContent();

test("the demo page loads from a subpath and DuckDB-Wasm answers", async () => {
  const {page, problems} = await openDemo();
  expect(await accountCount(page)).toBe(formatted(await countAccounts("TRUE")));
  await expect.poll(() => page.locator('g[aria-label="bar"] rect').count()).toBeGreaterThan(0); // the Plot chart
  expect(await page.locator("table tbody tr").count()).toBeGreaterThan(0);
  await screenshot(page, "index");
  expectNoProblems(problems);
  await page.context().close();
});

test("db.query returns plain values and fills ? parameters", async () => {
  const {page, problems} = await openDemo();
  // the page's own db.js module (same URL, so the same engine with the accounts table loaded);
  // the script is a string because vitest rewrites import() in test code
  const result = await page.evaluate(`(async () => {
    const {pulseDb} = await import(document.querySelector('link[href*="/components/db."]').href);
    const db = pulseDb();
    const [count] = await db.query("SELECT count(*) AS n, sum(arr) AS arr FROM accounts WHERE tier = ? AND region = ?", ["S", "EMEA"]);
    const [row] = await db.query("SELECT contract_end, churn_reasons, churn_watch, health_score FROM accounts WHERE churn_watch LIMIT 1");
    return {
      n: count.n, nType: typeof count.n, arrType: typeof count.arr,
      contractEnd: row.contract_end instanceof Date ? row.contract_end.toISOString() : String(row.contract_end),
      reasons: row.churn_reasons, watch: row.churn_watch, scoreType: typeof row.health_score
    };
  })()`) as {n: number; contractEnd: string; reasons: string[]};
  expect(result.n).toBe(await countAccounts("tier = 'S' AND region = 'EMEA'"));
  expect(result).toMatchObject({nType: "number", arrType: "number", watch: true, scoreType: "number"});
  expect(result.contractEnd).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/); // DATE → Date at UTC midnight
  expect(result.reasons).toEqual(["health_band_red", "renewal_within_90_days"]); // list → array
  expectNoProblems(problems);
  await page.context().close();
});

test("a filter changes the table and the URL, and the URL restores it", async () => {
  const {page, problems} = await openDemo();
  const expected = formatted(await countAccounts("tier = 'S'"));

  await page.locator(".filter-bar form").filter({hasText: "Tier"}).getByLabel("S", {exact: true}).check();
  await expect.poll(() => accountCount(page)).toBe(expected);
  expect(new URL(page.url()).search).toBe("?tier=S");
  const tierCells = await page.locator("table tbody tr td:nth-child(5)").allTextContents(); // after the checkbox column: account_id, name, csm_owner, tier
  expect(new Set(tierCells)).toEqual(new Set(["S"]));

  // the sidebar's links carry the filters to the next page
  const sidebarLink = page.locator("#observablehq-sidebar a[href]").first();
  await sidebarLink.hover();
  expect(await sidebarLink.getAttribute("href")).toContain("?tier=S");
  expectNoProblems(problems);

  // a copied link reopens the same view
  const reopened = await openDemo(new URL(page.url()).search);
  await expect.poll(() => accountCount(reopened.page)).toBe(expected);
  expect(await reopened.page.locator(".filter-bar form").filter({hasText: "Tier"}).getByLabel("S", {exact: true}).isChecked()).toBe(true);
  await screenshot(reopened.page, "index-filtered");
  expectNoProblems(reopened.problems);
  await page.context().close();
  await reopened.page.context().close();
});

test("values with quotes and commas filter safely, and the CSV download holds the filtered rows", async () => {
  // owner with an apostrophe, industry with a comma, a renewal window
  const search = "?owner=Dana%20O'Neil&industry=Health%2C%20Care&renewal=180";
  const expected = await countAccounts("csm_owner = 'Dana O''Neil' AND industry = 'Health, Care' AND days_to_renewal <= 180");
  expect(expected).toBeGreaterThan(0);
  const {page, problems} = await openDemo(search);
  await expect.poll(() => accountCount(page)).toBe(formatted(expected));

  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("button.download-csv").click()]);
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.replace(/^\ufeff/, "").trimEnd().split("\r\n");
  expect(download.suggestedFilename()).toBe("pulse-accounts.csv");
  expect(lines[0]).toBe("account_id,name,csm_owner,tier,health_band,health_score,arr,contract_end,days_to_renewal,churn_reasons");
  expect(lines).toHaveLength(expected + 1);
  expect(lines.slice(1).every((line) => line.includes(",Dana O'Neil,"))).toBe(true);
  expectNoProblems(problems);
  await page.context().close();
});

test("the harness catches a request to another host", async () => {
  // guards the guard: the request is aborted in the browser, nothing leaves the machine
  const {page, problems} = await openDemo();
  await page.evaluate(() => fetch("http://pulse-test.invalid/data.json").catch(() => "blocked"));
  expect(problems.outsideRequests).toEqual(["http://pulse-test.invalid/data.json"]);
  expect(() => expectNoProblems(problems)).toThrow(/outsideRequests: http:\/\/pulse-test.invalid/);
  await page.context().close();
});
