// Dated snapshots in a real browser (issue #5): two scheduled builds a month apart, each kept with
// --snapshot, from a small generated sample (60 accounts). A link into the older snapshot with
// filters shows that day's churn watch, exactly as SQL over that snapshot's own tables predicts,
// also after the later build; the snapshots page lists both and the comparison.
import {spawnSync} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, expect, test} from "vitest";
import {generateSample} from "../../loaders/sample/generateSample.js";
import {chromiumForFile, expectNoProblems, queryParquet, repoRoot, screenshot, serveStatic, tableIds, type StaticServer} from "./harness.js";

const EARLIER = "2026-10-15";
const LATER = "2026-11-15";
const work = mkdtempSync(join(tmpdir(), "pulse-snapshots-"));
const site = join(work, "site");
let server: StaticServer;
const openSitePage = chromiumForFile("");

function pulseBuild(asOf: string) {
  const run = spawnSync(process.execPath, ["bin/pulse.js", "build", "--data", join(work, "data"), "--as-of", asOf, "--out", site, "--snapshot", "--quiet"], {
    cwd: repoRoot,
    env: {...process.env, PULSE_CACHE: join(work, "cache"), OBSERVABLE_TELEMETRY_DISABLE: "true"},
    encoding: "utf8"
  });
  if (run.status !== 0) throw new Error(`pulse build --as-of ${asOf} failed:\n${run.stderr}`);
}

beforeAll(async () => {
  await generateSample({outDir: join(work, "data"), accounts: 60, seed: 11});
  pulseBuild(EARLIER);
  pulseBuild(LATER);
  server = await serveStatic(site);
}, 600_000);

afterAll(async () => {
  await server?.close();
  rmSync(work, {recursive: true, force: true});
});

test("a snapshot link with filters shows that snapshot's churn watch, not the latest", async () => {
  const tables = (date: string) => ({accounts: join(site, "snapshots", date, "pulse-tables", "accounts.parquet")});
  const watched = (date: string) =>
    queryParquet<{account_id: string}>(
      tables(date),
      `SELECT account_id FROM accounts WHERE has_active_contract AND churn_watch AND health_band IN ('red', 'yellow')
       ORDER BY contract_end, arr DESC, account_id`
    );
  const then = (await watched(EARLIER)).map((r) => r.account_id);
  const now = (await watched(LATER)).map((r) => r.account_id);
  expect(then.length).toBeGreaterThan(0);
  expect(then).not.toEqual(now); // a month apart the lists differ, so the check below can tell them apart

  const {page, problems} = await openSitePage(server.origin);
  await page.goto(`${server.url}snapshots/${EARLIER}/churn-watch.html?band=red,yellow`);
  await page.locator("#watch-table tbody tr[data-id]").first().waitFor({timeout: 60_000});
  await expect.poll(() => page.locator(".view-note").textContent()).toContain(`Data as of ${EARLIER}`);
  expect(await tableIds(page, "#watch-table")).toEqual(then);
  await screenshot(page, "snapshot-churn-watch");
  expectNoProblems(problems);
});

test("the snapshots page lists both snapshots and what changed between them", async () => {
  const {page, problems} = await openSitePage(server.origin);
  await page.goto(`${server.url}snapshots.html`);
  for (const date of [EARLIER, LATER]) await expect.poll(() => page.locator(`a[href$="snapshots/${date}/index.html"]`).count()).toBe(1);
  const snapshotsTables = {
    later_snapshot: join(site, "snapshots", LATER, "pulse-tables", "accounts.parquet"),
    earlier_snapshot: join(site, "snapshots", EARLIER, "pulse-tables", "accounts.parquet")
  };
  const [counts] = await queryParquet<{down: number; joined: number; left: number}>(
    snapshotsTables,
    `SELECT count(*) FILTER (WHERE n.grid_rank < t.grid_rank AND n.grid_cell IS NOT NULL AND t.grid_cell IS NOT NULL)::INTEGER AS down,
       count(*) FILTER (WHERE n.churn_watch AND NOT t.churn_watch)::INTEGER AS joined,
       count(*) FILTER (WHERE t.churn_watch AND NOT n.churn_watch)::INTEGER AS "left"
     FROM later_snapshot n JOIN earlier_snapshot t USING (account_id)`
  );
  await expect.poll(() => page.locator("#moved-down").textContent()).toBe(String(counts.down));
  expect(await page.locator("#watch-joined").textContent()).toBe(String(counts.joined));
  expect(await page.locator("#watch-left").textContent()).toBe(String(counts.left));
  // the biggest account that moved down, its cells in words, as the tables have them
  const [top] = await queryParquet<{name: string; from_cell: string; to_cell: string}>(
    snapshotsTables,
    `SELECT n.name, t.grid_cell AS from_cell, n.grid_cell AS to_cell FROM later_snapshot n JOIN earlier_snapshot t USING (account_id)
     WHERE n.grid_rank < t.grid_rank ORDER BY n.arr DESC, n.account_id LIMIT 1`
  );
  const words = (cell: string) => `${cell.split("-")[0]} breadth, ${cell.split("-")[1]} depth`;
  const firstRow = await page.locator("#grid-down tbody tr").first().locator("td").allTextContents();
  expect(firstRow).toEqual(expect.arrayContaining([top.name, words(top.from_cell), words(top.to_cell)]));
  // did the watch get better? both snapshots' pooled backtest rows, side by side (each kept in pulse-tables)
  const backtests = {
    later_backtest: join(site, "snapshots", LATER, "pulse-tables", "churn_backtest.parquet"),
    earlier_backtest: join(site, "snapshots", EARLIER, "pulse-tables", "churn_backtest.parquet")
  };
  const pairs = await queryParquet<{horizon_days: number; signal: string}>(backtests,
    `SELECT n.horizon_days, n.signal FROM later_backtest n JOIN earlier_backtest t USING (horizon_days, signal)
     WHERE n.period_end IS NULL AND t.period_end IS NULL ORDER BY n.horizon_days, n.signal`);
  expect(pairs.length).toBeGreaterThan(0);
  const shown = await page.locator("#backtest-comparison tr[data-signal]").evaluateAll((rows) =>
    rows.map((row) => ({horizon_days: Number((row as HTMLElement).dataset.horizon), signal: (row as HTMLElement).dataset.signal!})));
  expect([...shown].sort((a, b) => a.horizon_days - b.horizon_days || a.signal.localeCompare(b.signal))).toEqual(pairs.map((p) => ({...p, horizon_days: Number(p.horizon_days)})));
  expect(await page.locator("#backtest-comparison .section-note").textContent()).toMatch(/^At 30 days the watch caught/);
  await screenshot(page, "snapshots");
  expectNoProblems(problems);
});
