// The Tiers page on the built sample site, in a real browser: accounts per tier, the top-20% ARR share
// (the kpis table's), the tier × health and tier × segment cross-tabs, and a region filter giving exactly
// the paying accounts SQL over the accounts table the site serves predicts, in the table and its CSV.
import {expect, inject, test} from "vitest";
import {formatCount, formatPercent} from "../../src/shared/format.js";
import {builtTablesDir, chooseFilter, downloadCsv, expectNoProblems, queryParquet, screenshot, sitePagesForFile, tableIds} from "./harness.js";
import {busiestRegion, csvIds, ids, sql} from "./sampleSite.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const {open} = sitePagesForFile(siteUrl, siteOrigin);

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
  expect(lines[0]).toBe("account_id,arr_rank,name,csm_owner,tier,segment,health_band,health_score,arr,selection_arr_share,visits_window");
  expect(csvIds(lines)).toEqual(expected);
  // the ARR shares in the CSV add up to the selection's 100%, give or take their rounding: each is written
  // as the page shows it (3.27% → 0.0327, 4 decimals), so each is off by at most 0.00005
  const shares = lines.slice(1).map((line) => Number(line.split(",").at(-2)));
  expect(Math.abs(shares.reduce((sum, share) => sum + share, 0) - 1)).toBeLessThanOrEqual(shares.length * 0.00005 + 1e-9);
  expectNoProblems(problems);
  await page.context().close();
});
