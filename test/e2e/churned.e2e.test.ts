// Issue #14 on the sample site (globalSetup): "Why customers left" against SQL over the churns.parquet it
// serves, a filtered link included; the account page's Churn history and Support cards against the built
// churns and support tickets; the Support filter against SQL over accounts. Expected rows and numbers are
// DuckDB's in Node over the same files.
import {join} from "node:path";
import type {Page} from "playwright-core";
import {expect, inject, test} from "vitest";
import {formatCount, formatDate, formatMoney} from "../../src/shared/format.js";
import {builtTablesDir, chooseFilter, chromiumForFile, distFile, downloadCsv, expectNoProblems, queryParquet, screenshot, tableIds, type PageProblems} from "./harness.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const openSitePage = chromiumForFile(siteOrigin);

const sql = <T = Record<string, unknown>>(query: string) =>
  queryParquet<T>({
    accounts: distFile("accounts.parquet"),
    churns: distFile("churns.parquet"),
    tickets: join(builtTablesDir(), "support_tickets.parquet"),
    settings: join(builtTablesDir(), "metric_settings.parquet")
  }, query);

async function open(path: string, ready: string): Promise<{page: Page; problems: PageProblems}> {
  const opened = await openSitePage();
  await opened.page.goto(`${siteUrl}${path}`);
  await opened.page.locator(ready).first().waitFor({timeout: 60_000});
  return opened;
}

test("why customers left: a filtered link shows the churns SQL gives over churns.parquet, and says which filters do not apply", async () => {
  // tier B at churn in the region with most such churns over the last 24 months; the link also asks for
  // health band red, which does not apply to accounts that left
  const inPeriod = "churn_date > (SELECT as_of FROM settings) - INTERVAL 24 MONTH";
  const [{region}] = await sql<{region: string}>(`SELECT region FROM churns WHERE status = 'churned' AND tier = 'B' AND ${inPeriod}
    GROUP BY region ORDER BY count(*) DESC, region LIMIT 1`);
  const where = `tier = 'B' AND region = '${region.replaceAll("'", "''")}'`;
  const expected = await sql<{account_id: string; arr_lost: number}>(`SELECT account_id, arr_lost FROM churns
    WHERE status = 'churned' AND ${inPeriod} AND ${where} ORDER BY churn_date DESC, arr_lost DESC, account_id`);
  expect(expected.length).toBeGreaterThan(1);
  const {page, problems} = await open(`churned.html?tier=B&band=red&region=${encodeURIComponent(region)}&since=24`, "#churned-table tbody tr[data-id]");

  await expect.poll(() => page.locator("#churned-count").textContent()).toBe(formatCount(expected.length));
  expect(await page.locator("#arr-lost").textContent()).toBe(formatMoney(expected.reduce((sum, r) => sum + Number(r.arr_lost), 0)));
  expect(await tableIds(page, "#churned-table")).toEqual(expected.map((r) => r.account_id));
  // each reason's accounts, churns without a churn event under "no reason recorded"
  const reasons = await sql<{reason: string; n: string}>(`SELECT COALESCE(reason, 'no reason recorded') AS reason, count(*) AS n FROM churns
    WHERE status = 'churned' AND ${inPeriod} AND ${where} GROUP BY ALL`);
  for (const {reason, n} of reasons) {
    expect(await page.locator(`.churn-reason-row[data-reason="${reason}"] .churn-reason-accounts`).textContent()).toBe(formatCount(Number(n)));
  }
  // notices are today's state, whatever the period
  const [{notices}] = await sql<{notices: string}>(`SELECT count(*) AS notices FROM churns WHERE status = 'notice' AND ${where}`);
  expect(await page.locator("#notice-count").textContent()).toBe(formatCount(Number(notices)));

  // the health band filter is not offered here, said so, and kept in the link for the other pages
  expect(await page.locator(".filter-bar form").filter({hasText: "Health band"}).count()).toBe(0);
  expect(await page.locator(".filter-omitted").textContent()).toBe(
    "The health band filter does not apply to accounts that already left; it is kept for the other pages."
  );
  const health = page.locator("#observablehq-sidebar a", {hasText: "Health"});
  await health.hover();
  expect(new URL((await health.getAttribute("href"))!, page.url()).searchParams.get("band")).toBe("red");
  // the period is the page's own: it stays in this link, not in the others
  expect(new URL(page.url()).searchParams.get("since")).toBe("24");
  expect(new URL((await health.getAttribute("href"))!, page.url()).searchParams.get("since")).toBeNull();

  // the CSV holds the rows shown
  const {lines, filename} = await downloadCsv(page, "#churned-table");
  expect(filename).toBe("pulse-churned.csv");
  expect(lines[0].split(",").slice(0, 3)).toEqual(["account_id", "name", "csm_owner"]);
  expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(expected.map((r) => r.account_id));
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "churned-filtered");

  // another owner from the bar narrows it in the page's DuckDB
  const [{owner}] = await sql<{owner: string}>(`SELECT csm_owner AS owner FROM churns WHERE status = 'churned' AND ${inPeriod} AND ${where}
    GROUP BY ALL ORDER BY count(*) DESC, owner LIMIT 1`);
  const [{n}] = await sql<{n: string}>(`SELECT count(*) AS n FROM churns WHERE status = 'churned' AND ${inPeriod} AND ${where} AND csm_owner = '${owner.replaceAll("'", "''")}'`);
  await chooseFilter(page, "Owner", owner);
  await expect.poll(() => page.locator("#churned-count").textContent(), {timeout: 20_000}).toBe(formatCount(Number(n)));
  expect(Number(n)).toBeLessThanOrEqual(expected.length);
  expectNoProblems(problems);
  await page.context().close();
});

test("why customers left, unfiltered: the counts of every status, the lifecycle and churn watch link to it", async () => {
  const [totals] = await sql<{churned: string; arr: number; notices: string; contradicted: string}>(`
    SELECT count(*) FILTER (WHERE status = 'churned' AND churn_date > (SELECT as_of FROM settings) - INTERVAL 12 MONTH) AS churned,
           sum(arr_lost) FILTER (WHERE status = 'churned' AND churn_date > (SELECT as_of FROM settings) - INTERVAL 12 MONTH) AS arr,
           count(*) FILTER (WHERE status = 'notice') AS notices, count(*) FILTER (WHERE status = 'contradicted') AS contradicted
    FROM churns`);
  const {page, problems} = await open("lifecycle.html", "#stuck-table tbody tr[data-id]");
  await page.locator("main a[href*='churned.html']").first().click();
  await page.locator("#churned-table tbody tr[data-id]").first().waitFor({timeout: 60_000});
  await expect.poll(() => page.locator("#churned-count").textContent()).toBe(formatCount(Number(totals.churned)));
  expect(await page.locator("#arr-lost").textContent()).toBe(formatMoney(Number(totals.arr)));
  expect(await page.locator("#notice-count").textContent()).toBe(formatCount(Number(totals.notices)));
  expect(await page.locator("#contradicted-count").textContent()).toBe(formatCount(Number(totals.contradicted)));
  // the months of the period are drawn, and the tiers and segments at churn
  expect(await page.locator("#months-card svg rect").count()).toBeGreaterThan(0);
  expect(await page.locator("#tiers-card svg rect").count()).toBeGreaterThan(0);
  await page.waitForTimeout(500);
  await screenshot(page, "churned");
  expect(await page.locator(".page-lede a[href*='churn-watch.html']").count()).toBe(1);
  expectNoProblems(problems);
  await page.context().close();
});

test("the account page's Churn history and Support cards: the account's churns, and its most recent tickets known on the as-of date", async () => {
  // a former customer that left with a reason, and has support tickets
  const [target] = await sql<{account_id: string}>(`
    SELECT c.account_id FROM churns c JOIN tickets t USING (account_id)
    WHERE c.status = 'churned' AND c.reason IS NOT NULL
    GROUP BY c.account_id ORDER BY count(DISTINCT t.ticket_id) DESC, c.account_id LIMIT 1`);
  const churns = await sql<{churn_date: string; reason: string | null}>(`SELECT churn_date, reason FROM churns WHERE account_id = '${target.account_id}' ORDER BY churn_date DESC, status`);
  const tickets = await sql<{ticket_id: string}>(`SELECT ticket_id FROM tickets WHERE account_id = '${target.account_id}'
    AND CAST(opened_at AS DATE) <= (SELECT as_of FROM settings) ORDER BY opened_at DESC, ticket_id DESC LIMIT 20`);
  const [account] = await sql<{support_tickets_window: string; support_open_tickets: string}>(
    `SELECT support_tickets_window, support_open_tickets FROM accounts WHERE account_id = '${target.account_id}'`);

  const {page, problems} = await open(`account.html?id=${encodeURIComponent(target.account_id)}`, "#churn-history");
  const shownChurns = await page.locator("#churn-history tbody tr").evaluateAll((rows) => rows.map((row) => [row.children[0].textContent, row.children[2].textContent]));
  expect(shownChurns).toEqual(churns.map((c) => [formatDate(c.churn_date), c.reason ?? "no reason recorded"]));
  expect(await tableIds(page, "#support")).toEqual(tickets.map((t) => t.ticket_id));
  const words = await page.locator("#support .support-words").textContent();
  const opened = Number(account.support_tickets_window);
  expect(words).toContain(opened ? `${formatCount(opened)} ticket${opened === 1 ? "" : "s"} opened` : "No ticket opened");
  await page.locator("#churn-history").scrollIntoViewIfNeeded();
  await screenshot(page, "account-churn-support");
  expectNoProblems(problems);
  await page.context().close();
});

test("the Support filter keeps the accounts SQL says, on the health page and in the URL", async () => {
  const [{n}] = await sql<{n: string}>(`SELECT count(*) AS n FROM accounts WHERE has_active_contract
    AND (support_escalations_window > 0 OR support_satisfaction_window <= 2)`);
  const {page, problems} = await open("health.html?support=escalated,low_satisfaction", "#health-table .pulse-table[data-ready] tbody tr[data-id]");
  await expect.poll(() => page.locator("#health-count").textContent()).toBe(formatCount(Number(n)));
  const support = page.locator(".filter-bar .pulse-multi").filter({hasText: "Support"});
  expect(await support.locator("summary").textContent()).toBe("escalated ticket in 90 days +1");
  // it carries to the churn watch like any filter
  const link = page.locator("#observablehq-sidebar a", {hasText: "Churn watch"});
  await link.hover();
  expect(await link.getAttribute("href")).toContain("support=escalated,low_satisfaction");
  expectNoProblems(problems);
  await page.context().close();
});
