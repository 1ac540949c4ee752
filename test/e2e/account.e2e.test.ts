// The Account page on the built sample site, in a real browser: reached from the health table with its
// filters, it explains the score (points that add up to it, the churn rules that fired, as in the accounts
// table) and leads back; an unknown id gets an empty state with a finder; the page downloads only its
// account's bucket file and no engine; a bucket that cannot be fetched is said so.
import {join} from "node:path";
import {expect, inject, test} from "vitest";
import {accountBucket, accountPagePath} from "../../src/shared/accountPages.js";
import {builtTablesDir, expectNoProblems, screenshot, sitePagesForFile} from "./harness.js";
import {sql} from "./sampleSite.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const {openSitePage, open} = sitePagesForFile(siteUrl, siteOrigin);

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
