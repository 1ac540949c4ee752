// The Modules page on the built sample site, in a real browser: adoption per module and per feature, and
// the accounts that stopped using a module, are what SQL over module_usage and feature_usage (the files the
// site serves) counts for the last whole weeks, with and without a tier filter, in the tables and their CSVs.
import {beforeAll, expect, inject, test} from "vitest";
import {formatCount} from "../../src/shared/format.js";
import {downloadCsv, expectNoProblems, screenshot, sitePagesForFile, tableIds, tickFilter} from "./harness.js";
import {csvIds, ids, metricSettings, sql} from "./sampleSite.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const {open} = sitePagesForFile(siteUrl, siteOrigin);

let settings: Record<string, number | string>;

beforeAll(async () => {
  settings = await metricSettings();
});

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
