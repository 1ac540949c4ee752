// The Health page on the built sample site, in a real browser: every current customer, largest ARR at
// stake first; filters (tier, band, owner, renewal window, segment) give exactly the rows SQL over the
// accounts table the site serves predicts, live in the URL and reopen from a copied link; the segment map
// and the grid follow the filters; the CSV holds the rows and each row's points add up to its score.
// And the in-browser database (issue #20): with no filter the page is the build's first view; the engine
// comes at once on a fast connection, and only when the page is touched when the browser asks to save
// data; the page's bytes on the wire, engine included, stay within 12 MB.
import {expect, inject, test} from "vitest";
import {formatCount} from "../../src/shared/format.js";
import {distFile, emulateConnection, expectNoProblems, queryParquet, screenshot, sitePagesForFile, tableCount, tableIds, tickFilter, watchWire} from "./harness.js";
import {choose, csvLines, formatted, healthIds, sql} from "./sampleSite.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const {open, openSitePage} = sitePagesForFile(siteUrl, siteOrigin);

test("the health page shows every current customer, largest ARR at stake first, with no problem", async () => {
  const {page, problems} = await open("health.html", "#health-table tbody tr[data-id]");
  const expected = await healthIds("TRUE");
  expect(await page.locator("#health-count").textContent()).toBe(formatted(expected.length));
  expect(await tableCount(page, "#health-table")).toBe(`${formatted(expected.length)} accounts`);
  // the first page of the table, in the SQL order (score, then ARR)
  const firstPage = await page.locator("#health-table tbody tr[data-id]").evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.id));
  expect(firstPage).toEqual(expected.slice(0, firstPage.length));
  await expect.poll(() => page.locator("#health-table svg.sparkline").count()).toBeGreaterThan(0);
  await expect.poll(() => page.locator(".segment-map .segment-cell").count()).toBe(4);
  expect(await page.locator(".health-grid .grid-cell").count()).toBe(9);
  await page.waitForTimeout(500); // let the charts settle
  await screenshot(page, "health");
  // the rows on screen came from the page's DuckDB, and its warm-up queries (db.warmUp) came to an end
  await page.locator("#health-table .pulse-table[data-ready] tbody tr[data-id]").first().waitFor({timeout: 60_000});
  await page.waitForFunction(`performance.getEntriesByName("pulse:warmed-up").length > 0`, undefined, {timeout: 60_000});
  expectNoProblems(problems);
  await page.context().close();
});

test("a filter changes the health table to exactly the rows SQL predicts, and lives in the URL", async () => {
  const {page, problems} = await open("health.html", "#health-table tbody tr[data-id]");
  const expected = await healthIds("tier IN ('S') AND health_band IN ('red')");
  expect(expected.length).toBeGreaterThan(0);

  let started = Date.now();
  await tickFilter(page, "Tier", "S");
  await tickFilter(page, "Health band", "red");
  await expect.poll(() => page.locator("#health-count").textContent(), {timeout: 20_000}).toBe(formatted(expected.length));
  console.log(`filter latency (tier S + band red, ${expected.length} rows): ${Date.now() - started} ms`);
  expect(await tableIds(page, "#health-table")).toEqual(expected);
  expect(new URL(page.url()).search).toBe("?tier=S&band=red");

  // the other charts on the page follow the filters: the 2×2 map and the 3×3 grid add up to the rows
  const segmentCounts = await page.locator(".segment-map .segment-count").allTextContents();
  expect(segmentCounts.reduce((sum, n) => sum + Number(n.replaceAll(",", "")), 0)).toBe(expected.length);
  const gridCounts = await page.locator(".health-grid .grid-count").allTextContents();
  expect(gridCounts.reduce((sum, n) => sum + Number(n.replaceAll(",", "")), 0)).toBe(expected.length);

  // an owner from the dropdown narrows it further
  const [{owner}] = await sql<{owner: string}>(
    `SELECT csm_owner AS owner FROM accounts WHERE has_active_contract AND tier = 'S' AND health_band = 'red' GROUP BY ALL ORDER BY count(*) DESC, owner LIMIT 1`
  );
  const byOwner = await healthIds(`tier IN ('S') AND health_band IN ('red') AND csm_owner = '${owner.replaceAll("'", "''")}'`);
  started = Date.now();
  await choose(page, "Owner", owner);
  await expect.poll(() => page.locator("#health-count").textContent(), {timeout: 20_000}).toBe(formatted(byOwner.length));
  console.log(`filter latency (owner, ${byOwner.length} rows): ${Date.now() - started} ms`);
  expect(await tableIds(page, "#health-table")).toEqual(byOwner);
  expect(new URL(page.url()).searchParams.get("owner")).toBe(owner);

  // a copied link reopens the same view
  const reopened = await open(`health.html${new URL(page.url()).search}`, "#health-table tbody tr[data-id]");
  await expect.poll(() => reopened.page.locator("#health-count").textContent()).toBe(formatted(byOwner.length));
  expect(await tableIds(reopened.page, "#health-table")).toEqual(byOwner);
  expect(await reopened.page.locator(".filter-bar form").filter({hasText: "Tier"}).getByLabel("S", {exact: true}).isChecked()).toBe(true);
  expect(await reopened.page.locator(".filter-bar .pulse-multi").filter({hasText: "Owner"}).locator("summary").textContent()).toBe(owner);
  expectNoProblems(problems);
  expectNoProblems(reopened.problems);
  await page.context().close();
  await reopened.page.context().close();
});

test("the renewal window and the segment filters give the rows SQL predicts, and the CSV holds them", async () => {
  const search = "?renewal=90&segment=high_freq_high_value,low_freq_low_value";
  const where = "days_to_renewal <= 90 AND segment IN ('high_freq_high_value', 'low_freq_low_value')";
  const expected = await healthIds(where);
  expect(expected.length).toBeGreaterThan(0);
  const {page, problems} = await open(`health.html${search}`, "#health-table tbody tr[data-id]");
  await expect.poll(() => page.locator("#health-count").textContent()).toBe(formatted(expected.length));
  expect(await tableIds(page, "#health-table")).toEqual(expected);

  const {lines, filename} = await csvLines(page, "#health-table");
  expect(filename).toBe("pulse-health.csv");
  const header = lines[0].split(",");
  expect(header.slice(0, 10)).toEqual(["account_id", "name", "csm_owner", "region", "industry", "tier", "segment", "arr", "arr_at_stake", "health_score"]);
  expect(lines).toHaveLength(expected.length + 1);
  expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(expected);
  // the points columns of each row add up to its score (one per health component: activity, breadth, depth,
  // seats, key users, trend, support; seats or support may be empty when not measured)
  const score = header.indexOf("health_score");
  const points = header.flatMap((name, i) => (name.endsWith("_points") ? [i] : []));
  expect(points).toHaveLength(7);
  for (const line of lines.slice(1, 40)) {
    const cells = line.split(",");
    if (cells.length !== header.length) continue; // a name with a comma is quoted; skip rather than parse here
    const sum = points.reduce((total, i) => total + Number(cells[i] || 0), 0);
    // the CSV writes the score and each of the 7 points as the page shows them, to tenths (16.75 → 16.8):
    // each is at most 0.05 away from its exact value, so the sum of the points is within 8 × 0.05 = 0.4
    expect(Math.abs(sum - Number(cells[score]))).toBeLessThanOrEqual(0.4 + 1e-9);
  }
  expectNoProblems(problems);
  await page.context().close();
});

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
