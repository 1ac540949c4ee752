// The health page and the in-browser database (issue #20): with no filter it is the build's first view;
// the engine comes at once on a fast connection, and only when the page is touched when the browser
// asks to save data; the page's bytes on the wire, engine included, stay within 12 MB. Expected counts
// come from the accounts table the site serves, read with DuckDB in Node.
import {expect, inject, test} from "vitest";
import {formatCount} from "../../src/shared/format.js";
import {chromiumForFile, distFile, emulateConnection, expectNoProblems, queryParquet, screenshot, tickFilter, watchWire} from "./harness.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const openSitePage = chromiumForFile(siteOrigin);

const currentCustomers = async (where: string) =>
  Number((await queryParquet<{n: string}>({accounts: distFile("accounts.parquet")}, `SELECT count(*) AS n FROM accounts WHERE has_active_contract AND ${where}`))[0].n);

test("when the browser asks to save data the health page shows the build's first view and fetches no engine until it is touched; then a filter works", async () => {
  const [all, tierS] = [await currentCustomers("TRUE"), await currentCustomers("tier = 'S'")];
  const {page, problems} = await openSitePage();
  await page.setViewportSize({width: 390, height: 844});
  await emulateConnection(page, {saveData: true, effectiveType: "4g"});
  const wire = watchWire(page);
  await page.goto(`${siteUrl}health.html`);
  await page.locator("#health-table tbody tr[data-id]").first().waitFor({timeout: 30_000});
  await wire.idle();
  // the build's view: every current customer, no engine asked for, and the table not marked as answered by the database
  expect(await page.locator("#health-count").textContent()).toBe(formatCount(all));
  expect(wire.received().urls.filter((url) => /duckdb/.test(url))).toEqual([]);
  expect(await page.locator("#health-table .pulse-table[data-ready]").count()).toBe(0);
  await screenshot(page, "health-phone-save-data-first-view");

  await tickFilter(page, "Tier", "S");
  await expect.poll(() => page.locator("#health-count").textContent(), {timeout: 60_000}).toBe(formatCount(tierS));
  expect(wire.received().urls.some((url) => /duckdb-(eh|mvp).*\.wasm$/.test(url))).toBe(true);
  expect(await page.evaluate(() => performance.getEntriesByName("pulse:engine-asked:touch").length)).toBe(1);
  await screenshot(page, "health-phone-save-data-filtered");
  expectNoProblems(problems);
  await page.context().close();
});

test("on a fast connection the health page starts the engine at once, and its bytes on the wire at a phone's size stay within 12 MB", async () => {
  const {page, problems} = await openSitePage();
  await page.setViewportSize({width: 390, height: 844});
  await emulateConnection(page, {saveData: false, effectiveType: "4g"});
  const wire = watchWire(page);
  await page.goto(`${siteUrl}health.html`);
  await page.locator("#health-table .pulse-table[data-ready] tbody tr[data-id]").first().waitFor({timeout: 60_000});
  expect(await page.evaluate(() => performance.getEntriesByName("pulse:engine-asked:now").length)).toBe(1);
  await wire.idle();
  const received = wire.received();
  console.log(`health at 390 × 844 with the engine: ${received.bytes} bytes in ${received.urls.length} responses, largest ${received.largest.url} (${received.largest.bytes})`);
  expect(received.bytes).toBeLessThanOrEqual(12_000_000);
  expectNoProblems(problems);
  await page.context().close();
});
