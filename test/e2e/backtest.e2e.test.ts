// The Backtest page (issue #19) in a real browser, offline, from a subpath. What it counts in DuckDB-Wasm is
// compared with SQL over the file it is served (dist/_file/data/backtest_accounts.<hash>.parquet) and, with no
// filter, with the build's own churn_backtest.parquet: a filtered link shows what SQL over the table predicts.
import {join} from "node:path";
import type {Page} from "playwright-core";
import {describe, expect, inject, test} from "vitest";
import {builtTablesDir, chromiumForFile, distFile, expectNoProblems, queryParquet, screenshot, tableIds} from "./harness.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const openSitePage = chromiumForFile(siteOrigin);

type Counts = {signal: string; accounts: number; flagged: number; churned: number; flagged_churned: number};

/** Each signal's counts at horizon H over the served backtest_accounts, written here apart from the page's SQL. */
function expectedCounts(horizon: number, where = "TRUE"): Promise<Counts[]> {
  return queryParquet<Counts>({backtest_accounts: distFile("backtest_accounts.parquet")}, `
    WITH scored AS (
      SELECT *, COALESCE(days_to_churn < ${horizon}, false) AS left_within
      FROM backtest_accounts WHERE list_contains(horizons_scored, ${horizon}) AND ${where}
    )
    SELECT s.signal, count(*) AS accounts, count(*) FILTER (list_contains(signals, s.signal)) AS flagged,
      count(*) FILTER (left_within) AS churned, count(*) FILTER (left_within AND list_contains(signals, s.signal)) AS flagged_churned
    FROM scored CROSS JOIN (SELECT DISTINCT unnest(signals) AS signal FROM backtest_accounts) s
    GROUP BY s.signal ORDER BY s.signal`).then((rows) => rows.map((r) => ({...r, accounts: Number(r.accounts), flagged: Number(r.flagged), churned: Number(r.churned), flagged_churned: Number(r.flagged_churned)})));
}

/** The counts the page shows in its table of the watch and the rules (data attributes of each row). */
function shownCounts(page: Page, card = "#backtest-rules"): Promise<Counts[]> {
  return page.locator(`${card} tr[data-signal]`).evaluateAll((rows) => rows.map((row) => {
    const d = (row as HTMLElement).dataset;
    return {signal: d.signal!, accounts: Number(d.accounts), flagged: Number(d.flagged), churned: Number(d.churned), flagged_churned: Number(d.flaggedChurned)};
  }));
}

const bySignal = (rows: Counts[]) => [...rows].sort((a, b) => a.signal.localeCompare(b.signal));

async function open(path: string): Promise<{page: Page; problems: Awaited<ReturnType<typeof openSitePage>>["problems"]}> {
  const opened = await openSitePage();
  await opened.page.goto(`${siteUrl}${path}`);
  await opened.page.locator("#backtest-rules tr[data-signal='watch']").waitFor({timeout: 60_000});
  await opened.page.locator("#backtest-missed table").waitFor({timeout: 60_000});
  return opened;
}

describe("the Backtest page", () => {
  test("with no filter it shows the build's churn_backtest for the watch and every rule; a horizon click rewrites the link", async () => {
    const {page, problems} = await open("backtest.html");
    expect(new URL(page.url()).search).toBe("");
    const pooled = (horizon: number) => queryParquet<Counts>({churn_backtest: join(builtTablesDir(), "churn_backtest.parquet")},
      `SELECT signal, accounts, flagged, churned, flagged_churned FROM churn_backtest
       WHERE period_end IS NULL AND horizon_days = ${horizon} AND (signal = 'watch' OR signal LIKE 'rule:%')`)
      .then((rows) => rows.map((r) => ({...r, accounts: Number(r.accounts), flagged: Number(r.flagged), churned: Number(r.churned), flagged_churned: Number(r.flagged_churned)})));
    // the default horizon is 90 days
    await expect.poll(async () => bySignal(await shownCounts(page))).toEqual(bySignal(await pooled(90)));
    await page.locator("#backtest-rules").scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "backtest");

    await page.getByLabel("30 days", {exact: true}).check();
    await expect.poll(() => new URL(page.url()).searchParams.get("horizon")).toBe("30");
    await expect.poll(async () => bySignal(await shownCounts(page))).toEqual(bySignal(await pooled(30)));
    // the bands' rows (in the bands card's words) come from the same counts
    expect(await page.locator("#backtest-bands .section-note").textContent()).toMatch(/^Left within 30 days: red \d/);
    expectNoProblems(problems);
    await page.context().close();
  });

  test("a filtered link (tier S, 180 days) counts what SQL over the served table predicts; the missed churns too", async () => {
    const {page, problems} = await open("backtest.html?tier=S&horizon=180");
    expect(await page.locator(".filter-bar form").filter({hasText: "Tier"}).getByLabel("S", {exact: true}).isChecked()).toBe(true);
    expect(await page.getByLabel("180 days", {exact: true}).isChecked()).toBe(true);
    const expected = (await expectedCounts(180, "tier IN ('S')")).filter((r) => r.signal === "watch" || r.signal.startsWith("rule:"));
    expect(expected.find((r) => r.signal === "watch")!.churned).toBeGreaterThan(0);
    const shown = bySignal(await shownCounts(page));
    // a rule that never fired on the sample has a row too, with 0 flagged
    for (const row of expected) expect(shown.find((s) => s.signal === row.signal), row.signal).toEqual(row);
    expect(shown.every((s) => s.accounts === expected[0].accounts)).toBe(true);

    // churns that count at 180 days for tier S accounts, the watch never on at those month ends: the missed list
    const missed = await queryParquet<{account_id: string}>({backtest_accounts: distFile("backtest_accounts.parquet")}, `
      SELECT account_id FROM backtest_accounts
      WHERE list_contains(horizons_scored, 180) AND days_to_churn < 180 AND tier IN ('S')
      GROUP BY account_id, churn_date HAVING NOT bool_or(list_contains(signals, 'watch'))
      ORDER BY max(churn_arr) DESC, churn_date, account_id`);
    expect(await tableIds(page, "#backtest-missed")).toEqual(missed.map((r) => r.account_id));
    // the headline: churns flagged in time, as a share of the churns that count
    const [lead] = await queryParquet<{churns: number; flagged: number}>({backtest_accounts: distFile("backtest_accounts.parquet")}, `
      SELECT count(*) AS churns, count(*) FILTER (flagged) AS flagged FROM (
        SELECT bool_or(list_contains(signals, 'watch')) AS flagged FROM backtest_accounts
        WHERE list_contains(horizons_scored, 180) AND days_to_churn < 180 AND tier IN ('S') GROUP BY account_id, churn_date)`);
    expect(await page.locator("#backtest-lead").textContent()).toContain(`${Number(lead.churns) - Number(lead.flagged)} of ${Number(lead.churns)} churns were missed`);

    // the what-if table marks the value in use: one row per threshold, the configured value
    const inUse = await page.locator("#backtest-whatif tr[data-config='true'] code").allTextContents();
    expect(inUse).toContain("visits_30d < 5");
    expect(inUse).toContain("red under 40");

    // the same page on a phone
    await page.setViewportSize({width: 390, height: 844});
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "backtest-mobile");
    expectNoProblems(problems);
    await page.context().close();
  });

  test("the sidebar and the churn watch link to it, with the filters", async () => {
    const opened = await openSitePage();
    const {page, problems} = opened;
    await page.goto(`${siteUrl}churn-watch.html?tier=A`);
    await page.locator("#watch-table tbody tr").first().waitFor({timeout: 60_000});
    const link = page.locator(".page-lede a", {hasText: "backtest"});
    await link.hover();
    expect(await link.getAttribute("href")).toContain("backtest.html?tier=A");
    await link.click();
    await page.locator("#backtest-rules tr[data-signal='watch']").waitFor({timeout: 60_000});
    expect(new URL(page.url()).search).toBe("?tier=A");
    expect(await page.locator("#observablehq-sidebar a", {hasText: "Backtest"}).count()).toBe(1);
    expectNoProblems(problems);
    await page.context().close();
  });
});
