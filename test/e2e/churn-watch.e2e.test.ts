// The Churn watch page on the built sample site, in a real browser: reached from Health with its filters,
// it lists exactly the flagged accounts SQL over the accounts table predicts, each reason in words, and the
// ARR at risk; a link with an owner the data lacks, a reason, or a reason the rules lack says what it does.
import {expect, inject, test} from "vitest";
import {formatMoney} from "../../src/shared/format.js";
import {expectNoProblems, screenshot, sitePagesForFile, tableIds} from "./harness.js";
import {formatted, sql} from "./sampleSite.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const {open} = sitePagesForFile(siteUrl, siteOrigin);

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
