// The Segments page on the built sample site, in a real browser: with a band filter, the 2×2 segment map and
// the 3×3 health grid count what SQL over the accounts table the site serves counts, and a grid cell lists
// exactly its accounts.
import {expect, inject, test} from "vitest";
import {expectNoProblems, screenshot, sitePagesForFile, tableCount, tableIds} from "./harness.js";
import {formatted, sql} from "./sampleSite.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const {open} = sitePagesForFile(siteUrl, siteOrigin);

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
