// Lifecycle, Tiers, Modules and Data quality (issue #4, part A) on the built sample site, in a real
// browser, offline, from a subpath. Each page loads with no problem; its numbers and tables are
// what SQL over the files the site serves (dist/_file/data/*) predicts, before and after a filter;
// the CSV downloads hold the filtered rows; filters carry over from page to page.
import {readFile} from "node:fs/promises";
import type {Page} from "playwright-core";
import {beforeAll, describe, expect, inject, test} from "vitest";
import {formatCount, formatPercent} from "../../src/shared/format.js";
import {
  builtTablesDir,
  chooseFilter,
  distFile,
  downloadCsv,
  expectNoProblems,
  chromiumForFile,
  queryParquet,
  screenshot,
  tableIds,
  tickFilter,
  type PageProblems
} from "./harness.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const openSitePage = chromiumForFile(siteOrigin);
let settings: Record<string, number | string>;

beforeAll(async () => {
  settings = JSON.parse(await readFile(distFile("metric_settings.json"), "utf8"));
});

/** SQL over the accounts (and, when named, other) tables the site serves. */
function sql<T = Record<string, string>>(query: string, tables: string[] = []): Promise<T[]> {
  const files: Record<string, string> = {accounts: distFile("accounts.parquet")};
  for (const table of tables) files[table] = distFile(`${table}.parquet`);
  return queryParquet<T>(files, query);
}

const ids = async (query: string, tables?: string[]) => (await sql<{account_id: string}>(query, tables)).map((row) => row.account_id);

async function open(path: string, ready: string): Promise<{page: Page; problems: PageProblems}> {
  const opened = await openSitePage();
  await opened.page.goto(`${siteUrl}${path}`);
  await opened.page.locator(ready).first().waitFor({timeout: 60_000});
  return opened;
}

/** The region with the most paying accounts: a filter that keeps a fair share of the rows. */
async function busiestRegion(): Promise<string> {
  const [{region}] = await sql("SELECT region FROM accounts WHERE tier IS NOT NULL GROUP BY region ORDER BY count(*) DESC, region LIMIT 1");
  return region;
}

const csvIds = (lines: string[]) => lines.slice(1).map((line) => line.split(",")[0]);

describe("lifecycle", () => {
  const stuck = (where: string) => `
    SELECT account_id FROM accounts
    WHERE has_active_contract AND ${where}
      AND ((first_key_action_date IS NULL AND days_since_signing >= ${settings.lifecycle_onboarding_max_days})
        OR (first_key_action_date IS NOT NULL AND NOT high_frequency))
    ORDER BY arr DESC, account_id`;

  test("the funnel, the stages and the stuck accounts; a filter gives exactly the stuck accounts SQL predicts", async () => {
    const {page, problems} = await open("lifecycle.html", "#stuck-table");
    // the funnel is drawn, and its cohort table holds every cohort × stage row of the funnel table
    await expect.poll(() => page.locator(".card svg g[aria-label='bar'] rect").count()).toBeGreaterThan(8);
    const [{rows}] = await sql("SELECT count(*) AS rows FROM funnel WHERE cohort_month IS NOT NULL", ["funnel"]);
    expect(await page.locator("#funnel-table .table-count").textContent()).toBe(`${formatCount(Number(rows))} rows`);
    // never onboarded (past the onboarding window) and onboarded-not-active, as SQL counts them
    const [counts] = await sql(`SELECT
        count(*) FILTER (WHERE first_key_action_date IS NULL AND days_since_signing >= ${settings.lifecycle_onboarding_max_days}) AS never,
        count(*) FILTER (WHERE first_key_action_date IS NOT NULL AND NOT high_frequency) AS inactive
      FROM accounts WHERE has_active_contract`);
    expect(await page.locator("#milestone-never_onboarded .milestone-numbers strong").textContent()).toBe(formatCount(Number(counts.never)));
    expect(await page.locator("#milestone-not_active .milestone-numbers strong").textContent()).toBe(formatCount(Number(counts.inactive)));
    await page.waitForTimeout(300);
    await screenshot(page, "lifecycle");
    expect(await tableIds(page, "#stuck-table")).toEqual(await ids(stuck("TRUE")));

    const expected = await ids(stuck("health_band = 'red'"));
    expect(expected.length).toBeGreaterThan(0);
    await tickFilter(page, "Health band", "red");
    await expect.poll(() => page.locator("#stuck-table .table-count").textContent()).toBe(`${formatCount(expected.length)} accounts`);
    expect(await tableIds(page, "#stuck-table")).toEqual(expected);
    const {lines, filename} = await downloadCsv(page, "#stuck-table");
    expect(filename).toBe("pulse-stuck-accounts.csv");
    expect(csvIds(lines)).toEqual(expected);
    expect(new URL(page.url()).search).toBe("?band=red");
    expectNoProblems(problems);
    await page.context().close();
  });
});

describe("tiers", () => {
  test("tier counts, the top-20% share of the kpis table, and the cross-tabs add up", async () => {
    const {page, problems} = await open("tiers.html", "#tier-accounts tbody tr[data-id]");
    const counts = await sql("SELECT tier, count(*) AS n FROM accounts WHERE tier IS NOT NULL GROUP BY tier");
    for (const {tier, n} of counts) expect(await page.locator(`#tier-${tier} .tier-accounts`).textContent()).toBe(formatCount(Number(n)));
    const [kpi] = await queryParquet<{share: number}>({kpis: `${builtTablesDir()}/kpis.parquet`}, "SELECT top_accounts_arr_share AS share FROM kpis WHERE is_as_of");
    expect(await page.locator("#top-share").textContent()).toBe(formatPercent(kpi.share)); // the Pareto curve agrees with the kpis table
    const paying = counts.reduce((sum, row) => sum + Number(row.n), 0);
    expect(await page.locator("#tier-health tfoot td").last().textContent()).toBe(formatCount(paying));
    expect(await page.locator("#tier-segment tfoot td").last().textContent()).toBe(formatCount(paying));
    await page.waitForTimeout(300);
    await screenshot(page, "tiers");
    expectNoProblems(problems);
    await page.context().close();
  });

  test("a region filter gives exactly the paying accounts SQL predicts, in the table and its CSV", async () => {
    const region = await busiestRegion();
    const expected = await ids(`SELECT account_id FROM accounts WHERE tier IS NOT NULL AND region = '${region}' ORDER BY arr DESC, account_id`);
    const {page, problems} = await open("tiers.html", "#tier-accounts tbody tr[data-id]");
    await chooseFilter(page, "Region", region);
    await expect.poll(() => page.locator("#tier-accounts .table-count").textContent()).toBe(`${formatCount(expected.length)} accounts`);
    expect(await tableIds(page, "#tier-accounts")).toEqual(expected);
    expect(await page.locator("#tier-health tfoot td").last().textContent()).toBe(formatCount(expected.length));
    const {lines} = await downloadCsv(page, "#tier-accounts");
    expect(lines[0]).toBe("account_id,arr_rank,name,csm_owner,tier,segment,health_band,health_score,arr,selection_arr_share,visits_30d");
    expect(csvIds(lines)).toEqual(expected);
    // the ARR shares in the CSV add up to the selection's 100%, give or take their rounding: each is written
    // as the page shows it (3.27% → 0.0327, 4 decimals), so each is off by at most 0.00005
    const shares = lines.slice(1).map((line) => Number(line.split(",").at(-2)));
    expect(Math.abs(shares.reduce((sum, share) => sum + share, 0) - 1)).toBeLessThanOrEqual(shares.length * 0.00005 + 1e-9);
    expectNoProblems(problems);
    await page.context().close();
  });
});

describe("modules", () => {
  // the page's windows: whole weeks up to the last one that ended by the as-of date
  const lastWeek = () => `(CAST(date_trunc('week', DATE '${String(settings.as_of).slice(0, 10)}' + 1) AS DATE) - 7)`;

  test("adoption per module is what SQL counts over module_usage for the last 4 whole weeks", async () => {
    const expected = await sql(
      `SELECT module, count(DISTINCT u.account_id) AS accounts
       FROM module_usage u JOIN accounts a USING (account_id)
       WHERE a.has_active_contract AND u.week_start <= ${lastWeek()} AND u.week_start > ${lastWeek()} - 28
       GROUP BY module ORDER BY module`,
      ["module_usage"]
    );
    const {page, problems} = await open("modules.html", "#module-table tbody tr");
    const shown = await page.locator("#module-table tbody tr").evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll("td")].slice(0, 2).map((td) => td.textContent))
    );
    expect(shown.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual(expected.map((row) => [row.module, formatCount(Number(row.accounts))]));
    await page.waitForTimeout(300);
    await screenshot(page, "modules");
    expectNoProblems(problems);
    await page.context().close();
  });

  test("with a tier filter, adoption per feature is what SQL counts over feature_usage, in the table and its CSV", async () => {
    // every feature used in the last 8 whole weeks by a tier-A account under contract, with the A accounts
    // that used it in the last 4 (0 for a feature they used only in the 4 before)
    const expected = (
      await sql<{feature: string; accounts: number}>(
        `SELECT f.feature, count(*) FILTER (WHERE f.period = 'last') AS accounts
         FROM feature_usage f JOIN accounts a USING (account_id)
         WHERE a.has_active_contract AND a.tier = 'A'
         GROUP BY f.module, f.feature ORDER BY f.feature`,
        ["feature_usage"]
      )
    ).map((row) => [row.feature, Number(row.accounts)] as [string, number]);
    expect(expected.length).toBeGreaterThan(5);
    const [{tier_a: tierA}] = await sql<{tier_a: number}>("SELECT count(*) AS tier_a FROM accounts WHERE has_active_contract AND tier = 'A'");
    // opened with the filter in its URL (a shared link), so the table is drawn once, for tier A
    const {page, problems} = await open("modules.html?tier=A", "#feature-table tbody tr");
    const showAll = page.locator("#feature-table button", {hasText: /^Show all/});
    if (await showAll.count()) await showAll.click();
    const shown = () =>
      page.locator("#feature-table tbody tr").evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    await expect
      .poll(async () => (await shown()).map((cells) => [cells[0], cells[2]]).sort((a, b) => a[0].localeCompare(b[0])))
      .toEqual(expected.map(([feature, accounts]) => [feature, formatCount(accounts)]));
    // the CSV: the same counts, and the tier-A share is accounts / the A accounts under contract
    const {lines, filename} = await downloadCsv(page, "#feature-table");
    expect(filename).toBe("pulse-features.csv");
    const header = lines[0].split(",");
    expect(header.slice(0, 6)).toEqual(["module", "feature", "accounts", "share", "accounts_S", "share_S"]);
    const fromCsv = lines.slice(1).map((line) => {
      const cells = line.split(",");
      return {feature: cells[1], accounts: Number(cells[2]), shareA: Number(cells[header.indexOf("share_A")])};
    });
    expect(fromCsv.map((row) => [row.feature, row.accounts]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual(expected);
    // a share is written as the page shows it, to 0.1 percentage point (93.6% → 0.936): off by at most 0.0005
    for (const row of fromCsv) expect(Math.abs(row.shareA - row.accounts / Number(tierA))).toBeLessThanOrEqual(0.0005 + 1e-9);
    await screenshot(page, "modules-features");
    expectNoProblems(problems);
    await page.context().close();
  });

  test("a tier filter lists exactly the accounts that stopped using a module, in the table and its CSV", async () => {
    const expected = await ids(
      `WITH used AS (
         SELECT u.account_id, u.module,
           sum(u.events) FILTER (WHERE u.week_start <= ${lastWeek()} - 28) AS before,
           sum(u.events) FILTER (WHERE u.week_start > ${lastWeek()} - 28) AS last
         FROM module_usage u JOIN accounts a USING (account_id)
         WHERE a.has_active_contract AND a.tier = 'S' AND u.week_start <= ${lastWeek()} AND u.week_start > ${lastWeek()} - 56
         GROUP BY ALL)
       SELECT a.account_id FROM used u JOIN accounts a USING (account_id)
       WHERE u.before > 0 AND u.last IS NULL ORDER BY a.arr DESC, a.account_id, u.module`,
      ["module_usage"]
    );
    expect(expected.length).toBeGreaterThan(0);
    const {page, problems} = await open("modules.html", "#stopped-table");
    await tickFilter(page, "Tier", "S");
    await expect.poll(() => page.locator("#stopped-table .table-count").textContent()).toBe(`${formatCount(expected.length)} accounts`);
    expect(await tableIds(page, "#stopped-table")).toEqual(expected);
    const {lines} = await downloadCsv(page, "#stopped-table");
    expect(csvIds(lines)).toEqual(expected);
    expectNoProblems(problems);
    await page.context().close();
  });
});

describe("data quality", () => {
  test("the report reconciles rows read = accepted + rejected, and lists every rejected row", async () => {
    const quality = JSON.parse(await readFile(distFile("quality.json"), "utf8"));
    const {page, problems} = await open("quality.html", "#rejects-table");
    expect(await page.locator("#rows-read .kpi-value").textContent()).toBe(formatCount(quality.totals.rows_read));
    expect(await page.locator("#rows-accepted .kpi-value").textContent()).toBe(formatCount(quality.totals.rows_accepted));
    expect(await page.locator("#rows-rejected .kpi-value").textContent()).toBe(formatCount(quality.totals.rows_rejected));
    expect(quality.totals.rows_read).toBe(quality.totals.rows_accepted + quality.totals.rows_rejected);
    expect(await page.locator("#reconciliation .kpi-value").textContent()).toBe("✓ balances");
    expect(await page.locator("#exports-table .table-count").textContent()).toBe(`${quality.exports.length} rows`);

    const [{problemRows}] = await sql<{problemRows: string}>("SELECT count(*) AS problemRows FROM rejects", ["rejects"]);
    expect(await page.locator("#rejects-table .table-count").textContent()).toBe(`${formatCount(Number(problemRows))} rows`);
    await page.waitForTimeout(300);
    await screenshot(page, "quality");
    const {lines} = await downloadCsv(page, "#rejects-table");
    expect(lines[0]).toBe("export,file,row,column,rule,value,reason");
    expect(lines).toHaveLength(Number(problemRows) + 1);

    // one export's rejects
    const [{contracts}] = await sql<{contracts: string}>("SELECT count(*) AS contracts FROM rejects WHERE export = 'contracts'", ["rejects"]);
    await page.locator("form").filter({hasText: "Export"}).locator("select").selectOption({label: "contracts"});
    await expect.poll(() => page.locator("#rejects-table .table-count").textContent()).toBe(`${formatCount(Number(contracts))} rows`);
    expectNoProblems(problems);
    await page.context().close();
  });
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
  const [{paying}] = await sql(`SELECT count(*) AS paying FROM accounts WHERE has_active_contract AND tier IN ('S', 'A') AND region = '${region}'`);
  await expect.poll(() => page.locator("#selection-summary").getAttribute("data-paying")).toBe(paying);
  expectNoProblems(problems);
  await page.context().close();
});
