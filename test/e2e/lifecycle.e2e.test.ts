// The Lifecycle page on the built sample site, in a real browser: the funnel and its cohort table, the
// never-onboarded and not-active counts, and the stuck accounts are what SQL over the tables the site serves
// (dist/_file/data/*) predicts, before and after a health-band filter; the CSV holds the filtered rows.
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

/** The stuck accounts SQL predicts: never onboarded past the onboarding window, or onboarded and not active. */
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
