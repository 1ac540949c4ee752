// The Data quality page on the built sample site, in a real browser: rows read = accepted + rejected as
// quality.json says, every rejected row listed (the rejects table the site serves) and in the CSV, and one
// export's rejects when it is chosen.
import {readFile} from "node:fs/promises";
import {expect, inject, test} from "vitest";
import {formatCount} from "../../src/shared/format.js";
import {distFile, downloadCsv, expectNoProblems, screenshot, sitePagesForFile} from "./harness.js";
import {sql} from "./sampleSite.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const {open} = sitePagesForFile(siteUrl, siteOrigin);

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
