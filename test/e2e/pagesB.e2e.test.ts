// Health, Churn watch, Segments and Account pages (issue #4, part B) in a real browser, offline, from a
// subpath. Every expected row comes from the same Parquet file the site serves (dist/_file/data/
// accounts.<hash>.parquet), queried with DuckDB in Node: the page must show exactly what SQL over
// the accounts table predicts. The escaping tests build a second, tiny site from
// test/fixtures/site-escaping, whose account names are an HTML tag and a spreadsheet formula.
import {spawn} from "node:child_process";
import {mkdtempSync, readdirSync, rmSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import type {Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {accountBucket, accountPagePath} from "../../src/shared/accountPages.js";
import {formatMoney} from "../../src/shared/format.js";
import {builtTablesDir, distDir, expectNoProblems, chromiumForFile, repoRoot, screenshot, serveStatic, tableIds, tickFilter, type PageProblems, type StaticServer} from "./harness.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const openSitePage = chromiumForFile(siteOrigin);

// ---------------------------------------------------------------------------------------------
// SQL over the built accounts table, the expectation of every test

function accountsFile(dist = distDir): string {
  const dataDir = join(dist, "_file/data");
  const file = readdirSync(dataDir).find((name) => /^accounts\.[0-9a-f]+\.parquet$/.test(name));
  if (!file) throw new Error(`no accounts.<hash>.parquet in ${dataDir}`);
  return join(dataDir, file);
}

async function sql<T = Record<string, unknown>>(query: string, dist = distDir): Promise<T[]> {
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  await connection.run(`CREATE VIEW accounts AS SELECT * FROM read_parquet('${accountsFile(dist)}')`);
  const reader = await connection.runAndReadAll(query);
  return reader.getRowObjectsJson() as T[];
}

/**
 * The health table's default order, the accounts to call first (docs/site.md#the-health-tables-order): the
 * largest ARR at stake, ARR × (100 − score) ÷ 100, then the larger ARR, then the id.
 */
const HEALTH_ORDER = "arr * (100 - health_score) / 100 DESC NULLS LAST, arr DESC, account_id";

/** The ids of the current customers matching a condition, in the health table's default order. */
async function healthIds(where: string): Promise<string[]> {
  const rows = await sql<{account_id: string}>(
    `SELECT account_id FROM accounts WHERE has_active_contract AND ${where} ORDER BY ${HEALTH_ORDER}`
  );
  return rows.map((row) => row.account_id);
}

// ---------------------------------------------------------------------------------------------
// pages

const formatted = (n: number) => n.toLocaleString("en-US");

async function open(path: string, ready: string, {base = siteUrl, origin = siteOrigin} = {}): Promise<{page: Page; problems: PageProblems}> {
  const opened = await openSitePage(origin);
  await opened.page.goto(`${base}${path}`);
  await opened.page.locator(ready).first().waitFor({timeout: 60_000});
  return opened;
}

const tableCount = (page: Page, card: string) => page.locator(`${card} .table-count`).textContent();


/** Chooses a value in one of the filter bar's dropdowns (owner, segment, region, industry). */
async function choose(page: Page, filter: string, value: string) {
  const dropdown = page.locator(".filter-bar .pulse-multi").filter({hasText: filter});
  await dropdown.locator("summary").click();
  await dropdown.getByLabel(value, {exact: true}).check();
  await page.keyboard.press("Escape");
  await page.locator("h1").first().click(); // closes the list like a click elsewhere
}

async function csvLines(page: Page, card: string): Promise<{lines: string[]; filename: string}> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`${card} button.download-csv`).first().click()]);
  const text = await readFile((await download.path())!, "utf8");
  expect(text.startsWith("\ufeff")).toBe(true);
  return {lines: text.slice(1).trimEnd().split("\r\n"), filename: download.suggestedFilename()};
}

// ---------------------------------------------------------------------------------------------
// the sample site (built by globalSetup)

describe("the sample site", () => {
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

  test("filters carry over to the churn watch, which lists exactly the flagged accounts with every reason in words", async () => {
    const {page, problems} = await open("health.html?tier=S,A", "#health-table tbody tr[data-id]");
    const link = page.locator("#observablehq-sidebar a", {hasText: "Churn watch"});
    await link.hover();
    expect(await link.getAttribute("href")).toContain("?tier=S,A");
    await link.click();
    await page.locator("#watch-table tbody tr").first().waitFor({timeout: 60_000});
    expect(new URL(page.url()).pathname).toMatch(/\/churn-watch\.html$/);
    expect(new URL(page.url()).search).toBe("?tier=S,A");
    expect(await page.locator(".filter-bar form").filter({hasText: "Tier"}).getByLabel("A", {exact: true}).isChecked()).toBe(true);

    const expected = await sql<{account_id: string; labels: string[]; arr: number}>(`
      SELECT account_id, churn_reason_labels AS labels, arr FROM accounts
      WHERE has_active_contract AND churn_watch AND tier IN ('S', 'A') ORDER BY contract_end, arr DESC, account_id`);
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator("#watch-count").textContent()).toBe(formatted(expected.length));
    expect(await tableIds(page, "#watch-table")).toEqual(expected.map((r) => r.account_id));
    // every reason of the first rows, in words
    for (const row of expected.slice(0, 5)) {
      const reasons = await page.locator(`#watch-table tr[data-id="${row.account_id}"] ul.reasons li`).allTextContents();
      expect(reasons).toEqual(row.labels);
    }
    const [{arr}] = await sql<{arr: number}>(`SELECT sum(arr) AS arr FROM accounts WHERE has_active_contract AND churn_watch AND tier IN ('S', 'A')`);
    expect(await page.locator("#arr-at-risk").textContent()).toBe(formatMoney(Number(arr)));
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "churn-watch");
    expectNoProblems(problems);
    await page.context().close();
  });

  test("a link with an owner the data does not have shows no account and says why, until the owner is unticked", async () => {
    const {page, problems} = await open("churn-watch.html?owner=Nobody%20Here&tier=S", ".filter-notice:not([hidden])");
    expect(await page.locator(".filter-notice").textContent()).toBe(
      "No account in this data has owner “Nobody Here”: nothing matches the link's filters. Untick it to see the other accounts."
    );
    await expect.poll(() => page.locator("#watch-count").textContent(), {timeout: 60_000}).toBe("0");
    expect(await page.locator("#arr-at-risk").textContent()).toBe("$0"); // nothing at risk, not "–"
    const owner = page.locator(".filter-bar .pulse-multi").filter({hasText: "Owner"});
    expect(await owner.locator("summary").textContent()).toBe("Nobody Here (not in this data)");
    expect(new URL(page.url()).searchParams.get("owner")).toBe("Nobody Here");
    await screenshot(page, "filter-unknown-owner");

    await owner.locator("summary").click();
    await owner.getByRole("checkbox", {name: "Nobody Here (not in this data)", exact: true}).uncheck();
    await page.locator("h1").first().click();
    await expect.poll(() => page.locator(".filter-notice").isHidden()).toBe(true);
    const [{n}] = await sql<{n: number}>(`SELECT count(*) AS n FROM accounts WHERE has_active_contract AND churn_watch AND tier = 'S'`);
    await expect.poll(() => page.locator("#watch-count").textContent(), {timeout: 60_000}).toBe(formatted(Number(n)));
    expect(new URL(page.url()).search).toBe("?tier=S");
    expectNoProblems(problems);
    await page.context().close();
  });

  test("a reason in the link lists the watched accounts it fired on; choosing another reason rewrites the link, filters kept", async () => {
    const {page, problems} = await open("churn-watch.html?tier=S,A&reason=downward_migration", "#watch-table tbody tr[data-id]");
    const pick = page.locator(".page-controls select"); // the Reason sits above the cards, which it narrows too
    expect(await pick.evaluate((select: HTMLSelectElement) => select.selectedOptions[0].textContent)).toBe("Moved down in the health grid since last month");
    const watched = (reason: string) => sql<{account_id: string}>(`
      SELECT account_id FROM accounts WHERE has_active_contract AND churn_watch AND tier IN ('S', 'A')
        AND list_contains(churn_reasons, '${reason}') ORDER BY contract_end, arr DESC, account_id`);
    const moved = await watched("downward_migration");
    expect(moved.length).toBeGreaterThan(0);
    await expect.poll(() => tableIds(page, "#watch-table")).toEqual(moved.map((r) => r.account_id));

    await pick.selectOption({label: "Health score in the red band (after the handover)"});
    const red = await watched("health_red");
    await expect.poll(() => tableIds(page, "#watch-table")).toEqual(red.map((r) => r.account_id));
    expect(new URL(page.url()).search).toBe("?tier=S,A&reason=health_red");
    await pick.selectOption({label: "any reason"});
    await expect.poll(() => new URL(page.url()).search).toBe("?tier=S,A");
    expect(await page.locator(".reason-notice").count()).toBe(0);
    expectNoProblems(problems);
    await page.context().close();
  });

  test("a link with a reason this build's rules do not have says so and shows every reason", async () => {
    const {page, problems} = await open("churn-watch.html?tier=S&reason=old_rule", "#watch-table tbody tr[data-id]");
    expect(await page.locator(".reason-notice").textContent()).toBe(
      "This link asks for the reason old_rule, which this build's rules do not have; showing every reason."
    );
    const [{n}] = await sql<{n: number}>(`SELECT count(*) AS n FROM accounts WHERE has_active_contract AND churn_watch AND tier = 'S'`);
    await expect.poll(() => tableIds(page, "#watch-table").then((ids) => ids.length)).toBe(Number(n));
    expectNoProblems(problems);
    await page.context().close();
  });

  test("the segments page: the 2×2 map and the 3×3 grid count what SQL counts; a cell lists its accounts", async () => {
    const {page, problems} = await open("segments.html?band=yellow", ".segment-map .segment-cell");
    const segments = await sql<{segment: string; n: number}>(
      `SELECT segment, count(*) AS n FROM accounts WHERE has_active_contract AND health_band = 'yellow' GROUP BY segment`
    );
    for (const {segment, n} of segments) {
      await expect.poll(() => page.locator(`.segment-cell[data-segment="${segment}"] .segment-count`).textContent()).toBe(formatted(Number(n)));
    }
    const [cell] = await sql<{grid_cell: string; n: number}>(
      `SELECT grid_cell, count(*) AS n FROM accounts WHERE has_active_contract AND health_band = 'yellow' GROUP BY grid_cell ORDER BY n DESC, grid_cell LIMIT 1`
    );
    expect(await page.locator(`.grid-cell[data-cell="${cell.grid_cell}"] .grid-count`).textContent()).toBe(formatted(Number(cell.n)));
    await page.locator(`.grid-cell[data-cell="${cell.grid_cell}"]`).click();
    await expect.poll(() => tableCount(page, "#grid-accounts")).toBe(`${formatted(Number(cell.n))} accounts`);
    const ids = await sql<{account_id: string}>(
      `SELECT account_id FROM accounts WHERE has_active_contract AND health_band = 'yellow' AND grid_cell = '${cell.grid_cell}' ORDER BY arr DESC, account_id`
    );
    expect(await tableIds(page, "#grid-accounts")).toEqual(ids.map((r) => r.account_id));
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "segments");
    expectNoProblems(problems);
    await page.context().close();
  });

  test("the account page, reached from the table with the filters, explains the score and leads back", async () => {
    const {page, problems} = await open("health.html?tier=S", "#health-table tbody tr[data-id]");
    // an account in the middle of the table: a real score with several components
    const [target] = await sql<{account_id: string; name: string; health_score: number}>(`
      SELECT account_id, name, health_score FROM accounts WHERE has_active_contract AND tier = 'S' AND health_score BETWEEN 40 AND 80
      ORDER BY health_score, arr DESC, account_id LIMIT 1`);
    await page.locator("#health-table input.table-search").fill(target.account_id);
    const link = page.locator(`#health-table tr[data-id="${target.account_id}"] a.account-link`);
    // the charts load their modules when they come near the screen (chartWhenSeen); leaving while they
    // arrive aborts those requests, which the harness counts as failures: let every chart be drawn first
    await link.waitFor();
    // down the page a screen at a time: a frame the scroll jumps over is never seen, so never drawn
    for (let y = 0; y <= (await page.evaluate(() => document.documentElement.scrollHeight)); y += 500) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(50);
    }
    await page.waitForFunction(() => [...document.querySelectorAll(".chart-when-seen")].every((frame) => frame.hasAttribute("data-drawn")), null, {timeout: 60_000});
    await link.hover();
    await link.click();
    await page.locator("#health-explanation").waitFor({timeout: 60_000});
    const url = new URL(page.url());
    expect(url.pathname).toMatch(/\/account\.html$/);
    expect(url.searchParams.get("id")).toBe(target.account_id);
    expect(url.searchParams.get("tier")).toBe("S");

    expect(await page.locator("#account-name").textContent()).toBe(target.name);
    expect(await page.locator("#account-score").textContent()).toBe(Number(target.health_score).toFixed(1));
    // the shown points add up to the score, and the score in the sum is the account's
    const points = await page.locator("#health-explanation tbody td.points b").allTextContents();
    expect(points.length).toBeGreaterThanOrEqual(5);
    const sum = points.reduce((total, p) => total + Number(p), 0);
    expect(sum).toBeCloseTo(Number(target.health_score), 6);
    expect(await page.locator("#health-explanation .score-total").textContent()).toBe(Number(target.health_score).toFixed(1));
    // every rule of the build is listed, the ones that fired marked
    const [{reasons}] = await sql<{reasons: string[]}>(`SELECT churn_reasons AS reasons FROM accounts WHERE account_id = '${target.account_id}'`);
    const fired = await page.locator("#churn-rules li.rule-on").evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.rule));
    expect(fired).toEqual(reasons);
    await expect.poll(() => page.locator("#key-users .pulse-table").count()).toBe(1);
    await expect.poll(() => page.locator("#contracts tbody tr[data-id]").count()).toBeGreaterThan(0);
    // the charts (weekly activity, health over the months, modules), drawn once their module is in
    await expect.poll(() => page.locator(".account-page .chart-slot:has(svg)").count()).toBe(3);

    // the way back keeps the filters
    const back = page.locator("a.back-link");
    expect(await back.textContent()).toContain("Back to Health");
    expect(await back.getAttribute("href")).toBe("./health.html?tier=S");
    await page.waitForTimeout(500);
    await screenshot(page, "account");
    await back.click();
    await page.locator("#health-table tbody tr[data-id]").first().waitFor({timeout: 60_000});
    expect(new URL(page.url()).search).toBe("?tier=S");
    expectNoProblems(problems);
    await page.context().close();
  });

  test("an unknown account id shows a clear empty state", async () => {
    const {page, problems} = await open("account.html?id=NO-SUCH-ACCOUNT", "#account-not-found");
    expect(await page.locator("#account-not-found h1").textContent()).toBe("No account with id “NO-SUCH-ACCOUNT”");
    // the finder searches by name
    const [{name, account_id}] = await sql<{name: string; account_id: string}>(`SELECT name, account_id FROM accounts ORDER BY arr DESC LIMIT 1`);
    await page.locator("#account-not-found input[type=search]").fill(name);
    await expect.poll(() => page.locator("#account-not-found a.account-link").first().getAttribute("href")).toContain(`id=${account_id}`);
    await screenshot(page, "account-not-found");
    expectNoProblems(problems);
    await page.context().close();
  });

  test("an account's page downloads its own bucket of rows, not the tables, and starts no in-browser database", async () => {
    const [target] = await sql<{account_id: string; name: string; contracts: number}>(`
      SELECT a.account_id, a.name, count(*) AS contracts FROM accounts a JOIN read_parquet('${join(builtTablesDir(), "renewals.parquet")}') r USING (account_id)
      GROUP BY ALL ORDER BY contracts DESC, a.account_id LIMIT 1`);
    const opened = await openSitePage(siteOrigin);
    const requested: string[] = [];
    opened.page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    await opened.page.goto(`${siteUrl}account.html?id=${encodeURIComponent(target.account_id)}`);
    await opened.page.locator("#health-explanation").waitFor({timeout: 60_000});
    expect(await opened.page.locator("#account-name").textContent()).toBe(target.name);
    // every contract of the account, from its bucket file
    await expect.poll(() => opened.page.locator("#contracts tbody tr[data-id]").count()).toBe(Math.min(Number(target.contracts), 10));
    const data = requested.filter((path) => path.includes("/data/") || path.includes("/_file/data/"));
    expect(data.filter((path) => path.includes("/data/account-pages/"))).toEqual([
      `${new URL(siteUrl).pathname}${accountPagePath(accountBucket(target.account_id))}`
    ]);
    expect(data.filter((path) => path.endsWith(".parquet") || path.endsWith(".duckdb"))).toEqual([]);
    expect(requested.filter((path) => path.endsWith(".wasm"))).toEqual([]);
    expectNoProblems(opened.problems);
    await opened.page.context().close();
  });

  test("an account whose data file cannot be fetched says so, instead of claiming there is no such account", async () => {
    const opened = await openSitePage(siteOrigin);
    await opened.page.route("**/data/account-pages/**", (route) => route.fulfill({status: 404, body: "not here"}));
    const [{account_id}] = await sql<{account_id: string}>(`SELECT account_id FROM accounts ORDER BY account_id LIMIT 1`);
    await opened.page.goto(`${siteUrl}account.html?id=${account_id}`);
    await opened.page.locator("#account-load-failed").waitFor({timeout: 60_000});
    expect(await opened.page.locator("#account-load-failed").textContent()).toMatch(/could not be loaded.*HTTP 404/s);
    expect(await opened.page.locator("#account-not-found").count()).toBe(0);
    await opened.page.context().close();
  });
});

// ---------------------------------------------------------------------------------------------
// a tiny site whose names try to be HTML and spreadsheet formulas

describe("names from the exports are text, everywhere", () => {
  let dir: string;
  let server: StaticServer;
  const dialogs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pulse-e2e-escaping-"));
    const output: string[] = [];
    const code = await new Promise<number | null>((done, fail) => {
      const child = spawn(
        process.execPath,
        [join(repoRoot, "bin/pulse.js"), "build", "--data", join(repoRoot, "test/fixtures/site-escaping"), "--as-of", "2026-06-30", "--out", join(dir, "site"), "--quiet"],
        {cwd: repoRoot, env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"}}
      );
      child.stdout.on("data", (chunk) => output.push(String(chunk)));
      child.stderr.on("data", (chunk) => output.push(String(chunk)));
      child.on("error", fail);
      child.on("close", done);
    });
    if (code !== 0) throw new Error(`pulse build of the fixture exited with ${code}:\n${output.join("").slice(-4000)}`);
    server = await serveStatic(join(dir, "site"));
  });

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  const openFixture = async (path: string, ready: string) => {
    const opened = await open(path, ready, {base: server.url, origin: server.origin});
    opened.page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return opened;
  };

  test("an account name like <img src=x onerror=alert(1)> shows as text on every page", async () => {
    const xss = "<img src=x onerror=alert(1)>";
    for (const [path, ready] of [
      ["health.html", "#health-table tbody tr[data-id]"],
      ["churn-watch.html", "#watch-table tbody tr[data-id]"],
      ["segments.html?segment=low_freq_low_value", "#grid-accounts tbody tr[data-id]"]
    ]) {
      const {page, problems} = await openFixture(path, ready);
      await expect.poll(() => page.locator('tr[data-id="X1"] a.account-link').first().textContent()).toBe(xss);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.locator("main b", {hasText: "Bold"}).count()).toBe(0); // <b>Bold</b> Ltd is text too
      expect(await page.locator("main script", {hasText: "alert(2)"}).count()).toBe(0); // an owner named <script>…
      if (path === "health.html") await screenshot(page, "health-escaping");
      expectNoProblems(problems);
      await page.context().close();
    }
    const {page, problems} = await openFixture("account.html?id=X1", "#account-name");
    expect(await page.locator("#account-name").textContent()).toBe(xss);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    // the page draws before its charts' modules are in: let them arrive rather than abort them
    await page.waitForLoadState("networkidle");
    // an id that tries to be HTML is text in the empty state too
    await page.goto(`${server.url}account.html?id=${encodeURIComponent("<img src=y onerror=alert(3)>")}`);
    await page.locator("#account-not-found").waitFor();
    expect(await page.locator("#account-not-found .missing-id").textContent()).toBe("<img src=y onerror=alert(3)>");
    expect(await page.locator('img[src="y"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expectNoProblems(problems);
    await page.context().close();
  });

  test("a build without churn events nor support tickets: said in words, and no Support filter", async () => {
    // the churned page shows what the contracts give and says there is no churn events export
    const churned = await openFixture("churned.html?since=all", "#no-churn-events");
    expect(await churned.page.locator("#no-churn-events").textContent()).toContain("There is no churn events export");
    expect(await churned.page.locator("#top-reason").textContent()).toBe("no reason recorded");
    expectNoProblems(churned.problems);
    await churned.page.context().close();
    // the health page offers no Support filter; its Tickets column says why there are none
    const health = await openFixture("health.html", "#health-table tbody tr[data-id]");
    expect(await health.page.locator(".filter-bar .pulse-multi").filter({hasText: "Support"}).count()).toBe(0);
    expect(await health.page.locator("#health-table tbody tr[data-id] td .not-measured[title='not measured: there is no support tickets export']").count()).toBeGreaterThan(0);
    expectNoProblems(health.problems);
    await health.page.context().close();
    // a link that asks for support (from a build that had it) shows the value, no account, and why
    const linked = await openFixture("churn-watch.html?support=escalated", ".filter-notice:not([hidden])");
    expect(await linked.page.locator(".filter-notice").textContent()).toContain("No account in this data has support “escalated”");
    expect(await linked.page.locator(".filter-bar .pulse-multi").filter({hasText: "Support"}).locator("summary").textContent()).toBe("escalated ticket in 90 days (not in this data)");
    expectNoProblems(linked.problems);
    await linked.page.context().close();
    // the account page: support not measured, no churn
    const account = await openFixture("account.html?id=X1", "#support");
    expect(await account.page.locator("#support").textContent()).toContain("Support is not measured: there is no support tickets export.");
    expect(await account.page.locator("#churn-history").textContent()).toContain("No churn");
    await account.page.waitForLoadState("networkidle");
    expectNoProblems(account.problems);
    await account.page.context().close();
  });

  test("the CSV download neutralises a formula-looking name and keeps the filters", async () => {
    const {page, problems} = await openFixture("health.html?owner=Eve%20Martin", "#health-table tbody tr[data-id]");
    const expected = await sql<{account_id: string}>(
      `SELECT account_id FROM accounts WHERE has_active_contract AND csm_owner = 'Eve Martin' ORDER BY ${HEALTH_ORDER}`,
      join(dir, "site")
    );
    await expect.poll(() => page.locator("#health-count").textContent()).toBe(formatted(expected.length));
    const {lines} = await csvLines(page, "#health-table");
    expect(lines).toHaveLength(expected.length + 1);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(expected.map((r) => r.account_id));
    const formula = lines.find((line) => line.startsWith("X2,"));
    // =HYPERLINK("http://evil.example","click") → quoted, quotes doubled, a leading ' so it is text
    expect(formula).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(lines.find((line) => line.startsWith("X3,"))).toContain(",Plain & Simple Co,");
    expectNoProblems(problems);
    await page.context().close();
  });
});
