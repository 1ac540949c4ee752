// The billing-shaped sample (issue #14): `pulse sample --shape billing` — open-ended subscriptions with
// billing periods, daily feature usage keyed by subscription with counts, no users export, churn events
// and support tickets — built with its own pulse.config.ts, served under a subpath, every page crawled
// in Chromium. Each page must show data (a number, a table row, a chart mark; not an empty state), make
// no request outside the host, log no error, write no "NaN", "undefined" or "null", and say "not
// measured" where the exports cannot measure users. Expected numbers come from the site's own Parquet
// files, queried with DuckDB in Node. 400 accounts keep the build to about a minute next to the
// standard sample's (globalSetup).
import {spawn} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {formatCount, formatMoney} from "../../src/shared/format.js";
import {builtTablesDir, chromiumForFile, distFile, downloadCsv, expectNoProblems, queryParquet, repoRoot, screenshot, serveStatic, tableIds, type PageProblems, type StaticServer} from "./harness.js";

let dir: string;
let site: string;
let server: StaticServer;
const openSitePage = chromiumForFile(""); // origin given per page: the server starts in beforeAll

async function run(args: string[]): Promise<void> {
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [join(repoRoot, "bin/pulse.js"), ...args], {cwd: repoRoot, env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"}});
    child.stdout.on("data", (chunk) => output.push(String(chunk)));
    child.stderr.on("data", (chunk) => output.push(String(chunk)));
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0) throw new Error(`pulse ${args[0]} exited with ${code}:\n${output.join("").slice(-4000)}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pulse-e2e-billing-"));
  site = join(dir, "site");
  await run(["sample", "--shape", "billing", "--accounts", "400", "--out", join(dir, "data")]);
  // --snapshot: the Snapshots page has a snapshot to list
  await run(["build", "--config", join(dir, "data", "pulse.config.ts"), "--out", site, "--snapshot", "--quiet"]);
  server = await serveStatic(site);
}, 300_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, {recursive: true, force: true});
});

const parquet = (name: string) => distFile(name, site);
// the tables the site serves, and the build's settings (served as JSON; the Parquet is beside the built tables)
const sql = <T = Record<string, unknown>>(query: string) =>
  queryParquet<T>({accounts: parquet("accounts.parquet"), churns: parquet("churns.parquet"), settings: join(builtTablesDir(site), "metric_settings.parquet")}, query);

async function open(path: string, ready: string, viewport?: {width: number; height: number}): Promise<{page: Page; problems: PageProblems}> {
  const opened = await openSitePage(server.origin);
  if (viewport) await opened.page.setViewportSize(viewport);
  await opened.page.goto(`${server.url}${path}`);
  await opened.page.locator(ready).first().waitFor({timeout: 60_000});
  return opened;
}

/** The words a reader would take for a bug: NaN, undefined, null, in the page's text. */
async function badWords(page: Page): Promise<string[]> {
  const text = await page.locator("main").innerText();
  return ["NaN", "undefined", "null"].filter((word) => new RegExp(`\\b${word}\\b`).test(text));
}

/** Page → what shows that it has data (a table row, a chart mark, a number), and where "not measured" must be. */
const pages: {path: string; name: string; data: string; notMeasured?: string}[] = [
  {path: "index.html", name: "overview", data: "#at-risk-table tbody tr[data-id]"},
  {path: "lifecycle.html", name: "lifecycle", data: "#stuck-table tbody tr[data-id]", notMeasured: "#stuck-table td .not-measured"},
  {path: "tiers.html", name: "tiers", data: "#tier-accounts tbody tr[data-id]"},
  {path: "health.html", name: "health", data: "#health-table .pulse-table[data-ready] tbody tr[data-id]", notMeasured: "#grid-not-measured, #table-not-measured"},
  {path: "churn-watch.html", name: "churn-watch", data: "#watch-table tbody tr[data-id]", notMeasured: "#watch-table td .not-measured"},
  {path: "churned.html", name: "churned", data: "#churned-table tbody tr[data-id]"},
  {path: "segments.html", name: "segments", data: ".segment-map .segment-count", notMeasured: "#grid-not-measured"},
  {path: "modules.html", name: "modules", data: "#module-table tbody tr", notMeasured: "#module-table td .not-measured"},
  {path: "quality.html", name: "quality", data: "#exports-table tbody tr"},
  {path: "snapshots.html", name: "snapshots", data: "#observablehq-main table tbody tr"}
];

describe("the billing-shaped sample site", () => {
  test("the build measures no users, but support and churn events", async () => {
    const [settings] = await sql<Record<string, boolean>>("SELECT users_measured, key_users_measured, support_measured, churn_events_given FROM settings");
    expect(settings).toEqual({users_measured: false, key_users_measured: false, support_measured: true, churn_events_given: true});
    const [{open_ended}] = await sql<{open_ended: string}>("SELECT count(*) FILTER (WHERE open_ended) AS open_ended FROM accounts WHERE has_active_contract");
    expect(Number(open_ended)).toBeGreaterThan(0);
  });

  for (const {path, name, data, notMeasured} of pages) {
    test(`${name}: data, no problem, no NaN/undefined/null${notMeasured ? ', "not measured" where users are not measured' : ""}`, async () => {
      const {page, problems} = await open(path, data);
      if (notMeasured) await expect.poll(() => page.locator(notMeasured).count()).toBeGreaterThan(0);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(500); // let the charts settle
      // no chart or table of the page is left waiting on an empty state it should not have
      expect(await badWords(page)).toEqual([]);
      await screenshot(page, `billing-${name}-1440`);
      await page.setViewportSize({width: 390, height: 844});
      await page.waitForTimeout(500);
      expect(await badWords(page)).toEqual([]);
      await screenshot(page, `billing-${name}-390`);
      expectNoProblems(problems);
      await page.context().close();
    });
  }

  test("the health table says 'not measured' for the components and the grid move it cannot measure, and shows support tickets", async () => {
    const {page, problems} = await open("health.html", "#health-table .pulse-table[data-ready] tbody tr[data-id]");
    const first = page.locator("#health-table tbody tr[data-id]").first();
    // depth, seats and key users need users: measured for no account, they have no column, and a sentence says
    // so; the four other components have theirs (7 in the build's list)
    expect(await page.locator("#table-not-measured").textContent()).toBe(
      "Not measured for any account, so not in the table: Depth of use, Seats in use, Key-user activity and the move in the 3×3 grid " +
      "(the usage export has no user ids). The components' weight goes to those that are measured."
    );
    expect(await page.locator("#health-table thead th.component").allTextContents()).toEqual(["Activity", "Breadth", "Trend", "Support"]);
    expect(await page.locator("#health-table thead th", {hasText: "Grid"}).count()).toBe(0);
    expect(await page.locator("#moved-down-card").textContent()).toContain("not measured");
    // the CSV keeps every component, and what is not measured is an empty cell, not 0
    const {lines} = await downloadCsv(page, "#health-table");
    const header = lines[0].split(",");
    const cells = lines.slice(1).find((line) => line.split(",").length === header.length)!.split(",");
    for (const column of ["depth_points", "seats_points", "key_users_points", "active_users_window", "grid_migration"]) {
      expect(header).toContain(column);
      expect(cells[header.indexOf(column)], column).toBe("");
    }
    expect(cells[header.indexOf("activity_points")]).not.toBe("");
    // the Tickets column: open tickets now, from the support tickets export
    const id = await first.getAttribute("data-id");
    const [row] = await sql<{open: number}>(`SELECT support_open_tickets AS open FROM accounts WHERE account_id = '${id}'`);
    expect(await first.locator("td", {hasText: " open"}).first().textContent()).toContain(`${formatCount(Number(row.open))} open`);
    // the support filter is offered (a support tickets export) and filters in SQL
    const [{n}] = await sql<{n: string}>("SELECT count(*) AS n FROM accounts WHERE has_active_contract AND support_escalations_window > 0");
    const dropdown = page.locator(".filter-bar .pulse-multi").filter({hasText: "Support"});
    await dropdown.locator("summary").click();
    await dropdown.getByLabel("escalated ticket in 90 days", {exact: true}).check();
    await page.locator("h1").first().click();
    await expect.poll(() => page.locator("#health-count").textContent(), {timeout: 20_000}).toBe(formatCount(Number(n)));
    expect(new URL(page.url()).searchParams.get("support")).toBe("escalated");
    expectNoProblems(problems);
    await page.context().close();
  });

  test("an account page: active users not measured in words, key users not measured, an open-ended renewal, support and churn cards", async () => {
    // the current customer with the most ARR: an open-ended subscription with a billing period
    const [target] = await sql<{account_id: string; contract_end: string}>(
      "SELECT account_id, contract_end FROM accounts WHERE has_active_contract AND open_ended ORDER BY arr DESC, account_id LIMIT 1"
    );
    const {page, problems} = await open(`account.html?id=${encodeURIComponent(target.account_id)}`, "#health-explanation");
    expect(await page.locator("#activity-card").textContent()).toContain("Active users: not measured (the usage export has no user ids)");
    expect(await page.locator("#renewal-card .kpi-value").textContent()).toBe(target.contract_end);
    expect(await page.locator("#renewal-card .kpi-note").textContent()).toContain("auto-renews");
    expect(await page.locator("#key-users").textContent()).toContain("Key users are not measured: the usage export has no user ids.");
    // the contract history: an open-ended subscription runs until cancelled, with its billing period
    await expect.poll(() => page.locator("#contracts tbody tr[data-id]").first().textContent()).toMatch(/→ until cancelled \((monthly|quarterly|annual)\)/);
    expect(await page.locator("#contracts tbody").textContent()).toMatch(/running, renews (monthly|quarterly|annual)/);
    // the weekly chart leaves out active users (not measured): two series, not three
    await expect.poll(() => page.locator("#weekly-activity svg").count()).toBeGreaterThan(0);
    expect(await page.locator("#weekly-activity h3").textContent()).toContain("active users: not measured");
    expect(await page.locator("#support .support-words").textContent()).toMatch(/ticket|No ticket/);
    expect(await badWords(page)).toEqual([]);
    await page.waitForLoadState("networkidle");
    await screenshot(page, "billing-account-1440");
    await page.setViewportSize({width: 390, height: 844});
    await page.waitForTimeout(300);
    await screenshot(page, "billing-account-390");
    expectNoProblems(problems);
    await page.context().close();
  });

  test("why customers left: the contradicted churn events are listed and explained, and the churned count is SQL's", async () => {
    const {page, problems} = await open("churned.html?since=all", "#churned-table tbody tr[data-id]");
    const [expected] = await sql<{churned: string; arr: number; contradicted: string}>(`
      SELECT count(*) FILTER (WHERE status = 'churned') AS churned, sum(arr_lost) FILTER (WHERE status = 'churned') AS arr,
             count(*) FILTER (WHERE status = 'contradicted') AS contradicted FROM churns`);
    await expect.poll(() => page.locator("#churned-count").textContent()).toBe(formatCount(Number(expected.churned)));
    expect(await page.locator("#arr-lost").textContent()).toBe(formatMoney(Number(expected.arr)));
    expect(await page.locator("#contradicted-count").textContent()).toBe(formatCount(Number(expected.contradicted)));
    expect(await page.locator("#contradictions h3").textContent()).toContain("their contracts say they are still customers");
    if (Number(expected.contradicted) > 0) expect((await tableIds(page, "#contradictions")).length).toBe(Number(expected.contradicted));
    expectNoProblems(problems);
    await page.context().close();
  });
});
