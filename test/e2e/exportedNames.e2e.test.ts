// Names from the exports are text, everywhere: a tiny site built from test/fixtures/site-escaping, whose
// account names are an HTML tag and a spreadsheet formula, shows them as text on Health, Churn watch,
// Segments and the Account page, and the health CSV neutralises the formula. The same fixture has no churn
// events nor support tickets export, so it also checks that those pages say so in words.
import {spawn} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {expectNoProblems, repoRoot, screenshot, serveStatic, sitePagesForFile, type StaticServer} from "./harness.js";
import {csvLines, formatted, HEALTH_ORDER, sql} from "./sampleSite.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const {open} = sitePagesForFile(siteUrl, siteOrigin);

describe("names from the exports are text, everywhere", () => {
  let dir: string;
  let server: StaticServer;
  const dialogs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pulse-e2e-escaping-"));
    const output: string[] = [];
    const code = await new Promise<number | null>((done, fail) => {
      const child = spawn(
        process.execPath,
        [join(repoRoot, "bin/pulse.js"), "build", "--data", join(repoRoot, "test/fixtures/site-escaping"), "--as-of", "2026-06-30", "--out", join(dir, "site"), "--quiet"],
        {cwd: repoRoot, env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"}}
      );
      child.stdout.on("data", (chunk) => output.push(String(chunk)));
      child.stderr.on("data", (chunk) => output.push(String(chunk)));
      child.on("error", fail);
      child.on("close", done);
    });
    if (code !== 0) throw new Error(`pulse build of the fixture exited with ${code}:\n${output.join("").slice(-4000)}`);
    server = await serveStatic(join(dir, "site"));
  });

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  const openFixture = async (path: string, ready: string) => {
    const opened = await open(path, ready, {base: server.url, origin: server.origin});
    opened.page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return opened;
  };

  test("an account name like <img src=x onerror=alert(1)> shows as text on every page", async () => {
    const xss = "<img src=x onerror=alert(1)>";
    for (const [path, ready] of [
      ["health.html", "#health-table tbody tr[data-id]"],
      ["churn-watch.html", "#watch-table tbody tr[data-id]"],
      ["segments.html?segment=low_freq_low_value", "#grid-accounts tbody tr[data-id]"]
    ]) {
      const {page, problems} = await openFixture(path, ready);
      await expect.poll(() => page.locator('tr[data-id="X1"] a.account-link').first().textContent()).toBe(xss);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.locator("main b", {hasText: "Bold"}).count()).toBe(0); // <b>Bold</b> Ltd is text too
      expect(await page.locator("main script", {hasText: "alert(2)"}).count()).toBe(0); // an owner named <script>…
      if (path === "health.html") await screenshot(page, "health-escaping");
      expectNoProblems(problems);
      await page.context().close();
    }
    const {page, problems} = await openFixture("account.html?id=X1", "#account-name");
    expect(await page.locator("#account-name").textContent()).toBe(xss);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    // the page draws before its charts' modules are in: let them arrive rather than abort them
    await page.waitForLoadState("networkidle");
    // an id that tries to be HTML is text in the empty state too
    await page.goto(`${server.url}account.html?id=${encodeURIComponent("<img src=y onerror=alert(3)>")}`);
    await page.locator("#account-not-found").waitFor();
    expect(await page.locator("#account-not-found .missing-id").textContent()).toBe("<img src=y onerror=alert(3)>");
    expect(await page.locator('img[src="y"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expectNoProblems(problems);
    await page.context().close();
  });

  test("a build without churn events nor support tickets: said in words, and no Support filter", async () => {
    // the churned page shows what the contracts give and says there is no churn events export
    const churned = await openFixture("churned.html?since=all", "#no-churn-events");
    expect(await churned.page.locator("#no-churn-events").textContent()).toContain("There is no churn events export");
    expect(await churned.page.locator("#top-reason").textContent()).toBe("no reason recorded");
    expectNoProblems(churned.problems);
    await churned.page.context().close();
    // the health page offers no Support filter; its Tickets column says why there are none
    const health = await openFixture("health.html", "#health-table tbody tr[data-id]");
    expect(await health.page.locator(".filter-bar .pulse-multi").filter({hasText: "Support"}).count()).toBe(0);
    expect(await health.page.locator("#health-table tbody tr[data-id] td .not-measured[title='not measured: there is no support tickets export']").count()).toBeGreaterThan(0);
    expectNoProblems(health.problems);
    await health.page.context().close();
    // a link that asks for support (from a build that had it) shows the value, no account, and why
    const linked = await openFixture("churn-watch.html?support=escalated", ".filter-notice:not([hidden])");
    expect(await linked.page.locator(".filter-notice").textContent()).toContain("No account in this data has support “escalated”");
    expect(await linked.page.locator(".filter-bar .pulse-multi").filter({hasText: "Support"}).locator("summary").textContent()).toBe("escalated ticket in 90 days (not in this data)");
    expectNoProblems(linked.problems);
    await linked.page.context().close();
    // the account page: support not measured, no churn
    const account = await openFixture("account.html?id=X1", "#support");
    expect(await account.page.locator("#support").textContent()).toContain("Support is not measured: there is no support tickets export.");
    expect(await account.page.locator("#churn-history").textContent()).toContain("No churn");
    await account.page.waitForLoadState("networkidle");
    expectNoProblems(account.problems);
    await account.page.context().close();
  });

  test("the CSV download neutralises a formula-looking name and keeps the filters", async () => {
    const {page, problems} = await openFixture("health.html?owner=Eve%20Martin", "#health-table tbody tr[data-id]");
    const expected = await sql<{account_id: string}>(
      `SELECT account_id FROM accounts WHERE has_active_contract AND csm_owner = 'Eve Martin' ORDER BY ${HEALTH_ORDER}`,
      join(dir, "site")
    );
    await expect.poll(() => page.locator("#health-count").textContent()).toBe(formatted(expected.length));
    const {lines} = await csvLines(page, "#health-table");
    expect(lines).toHaveLength(expected.length + 1);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(expected.map((r) => r.account_id));
    const formula = lines.find((line) => line.startsWith("X2,"));
    // =HYPERLINK("http://evil.example","click") → quoted, quotes doubled, a leading ' so it is text
    expect(formula).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(lines.find((line) => line.startsWith("X3,"))).toContain(",Plain & Simple Co,");
    expectNoProblems(problems);
    await page.context().close();
  });
});
