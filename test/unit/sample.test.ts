// The sample generator (loaders/sample): files and columns as the data contract says, byte-identical
// output for the same options, realistic shape (ARR concentration, roles, usage window, churn that
// its usage foretells and churn that it does not, churn events, support tickets, funnel) and exactly
// the deliberately bad rows docs/sample-data.md lists; the billing shape's files, config and bad rows.
// Small sets (200 accounts) keep it to a few seconds.
import {createHash} from "node:crypto";
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {gunzipSync} from "node:zlib";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, test, vi} from "vitest";
import {EXPORTS, type ExportName} from "../../loaders/contract/exports.js";
import {BILLING_COLUMNS, BILLING_FILES, BILLING_KEY_ACTIONS} from "../../loaders/sample/billingConfig.js";
import {generateSample, type SampleSummary} from "../../loaders/sample/generateSample.js";
import {parseSampleArgs} from "../../loaders/sample/main.js";

const END = "2026-11-15";
const ACCOUNTS = 200;
const KEY_ACTIONS = ["save_funnel", "publish_report", "create_dashboard", "share_dashboard", "create_alert", "connect_integration", "export_data"];
const MODULES = ["dashboards", "funnels", "reports", "segments", "alerts", "integrations"];
const CHURN_REASONS = [
  "Too expensive", "Missing features", "Switched to a competitor", "Low adoption", "Business closed",
  "Poor support experience", "Budget cuts", "Merged or acquired"
];
/** reasons of the accounts that leave with no warning in their usage (sql/10_churn_events.sql) */
const ABRUPT_REASONS = ["Budget cuts", "Merged or acquired", "Business closed"];
// the new exports' canonical columns (issue #14's data contract), in the order the sample writes them
const CHURN_EVENT_COLUMNS = ["account_id", "churned_at", "reason", "feedback"];
const SUPPORT_TICKET_COLUMNS = ["ticket_id", "account_id", "opened_at", "closed_at", "priority", "satisfaction", "escalated"];

// queries over ~400k events take well under a second, but this machine is often shared
vi.setConfig({testTimeout: 30_000});

const work = mkdtempSync(join(tmpdir(), "pulse-sample-test-"));
let sample: SampleSummary; // seed 42, with bad rows, Parquet events
let sameAgain: SampleSummary; // the same options again
let otherSeed: SampleSummary; // seed 43
let clean: SampleSummary; // seed 42, no bad rows, events as csv.gz
let billing: SampleSummary; // the billing shape, seed 42, with bad rows
let billingAgain: SampleSummary; // the same options again
let billingClean: SampleSummary; // the billing shape, seed 42, no bad rows
let instance: DuckDBInstance;
let con: DuckDBConnection;

beforeAll(async () => {
  const small = {accounts: ACCOUNTS, endDate: END};
  sample = await generateSample({...small, outDir: join(work, "sample"), seed: 42});
  sameAgain = await generateSample({...small, outDir: join(work, "same-again"), seed: 42});
  otherSeed = await generateSample({...small, outDir: join(work, "other-seed"), seed: 43});
  clean = await generateSample({...small, outDir: join(work, "clean"), seed: 42, badRows: false, eventsFormat: "csv.gz"});
  billing = await generateSample({...small, outDir: join(work, "billing"), seed: 42, shape: "billing"});
  billingAgain = await generateSample({...small, outDir: join(work, "billing-again"), seed: 42, shape: "billing"});
  billingClean = await generateSample({...small, outDir: join(work, "billing-clean"), seed: 42, shape: "billing", badRows: false});
  instance = await DuckDBInstance.create(":memory:");
  con = await instance.connect();
  await con.run(views("", sample) + views("clean_", clean) + billingViews("b_", billing) + billingViews("bclean_", billingClean));
}, 300_000);

afterAll(() => {
  con?.closeSync();
  instance?.closeSync();
  rmSync(work, {recursive: true, force: true});
});

/** the files as text columns (so bad values stay visible), plus typed `valid_contracts` */
function views(prefix: string, s: SampleSummary): string {
  const f = (name: string) => s.files[name].path.replaceAll("'", "''");
  const events = f("usage_events").endsWith(".parquet") ? `read_parquet('${f("usage_events")}')` : `read_csv('${f("usage_events")}')`;
  return `
    CREATE VIEW ${prefix}accounts AS SELECT * FROM read_csv('${f("accounts")}', all_varchar = true);
    CREATE VIEW ${prefix}contracts AS SELECT * FROM read_csv('${f("contracts")}', all_varchar = true);
    CREATE VIEW ${prefix}users AS SELECT * FROM read_json('${f("users")}', format = 'newline_delimited');
    CREATE VIEW ${prefix}usage_events AS SELECT * FROM ${events};
    CREATE VIEW ${prefix}leads AS SELECT * FROM read_csv('${f("leads")}', all_varchar = true);
    CREATE VIEW ${prefix}churn_events AS SELECT * FROM read_csv('${f("churn_events")}', all_varchar = true);
    CREATE VIEW ${prefix}support_tickets AS SELECT * FROM read_csv('${f("support_tickets")}', all_varchar = true);
    -- what a validator would keep: numbers that parse and are >= 0, real dates in order, not in
    -- the far future, a known account, a contract_id that is not duplicated
    CREATE VIEW ${prefix}valid_contracts AS
    SELECT contract_id, account_id, try_cast(start_date AS DATE) AS start_date, try_cast(end_date AS DATE) AS end_date,
      try_cast(arr AS DOUBLE) AS arr, plan, status, renewal_of
    FROM ${prefix}contracts
    WHERE try_cast(arr AS DOUBLE) >= 0
      AND try_cast(start_date AS DATE) <= try_cast(end_date AS DATE)
      AND year(try_cast(end_date AS DATE)) < 2090
      AND account_id IN (SELECT account_id FROM ${prefix}accounts)
      AND contract_id IN (SELECT contract_id FROM ${prefix}contracts GROUP BY 1 HAVING count(*) = 1);`;
}

/** the billing shape's files as text columns, under their export names */
function billingViews(prefix: string, s: SampleSummary): string {
  const f = (name: string) => s.files[name].path.replaceAll("'", "''");
  return `
    CREATE VIEW ${prefix}customers AS SELECT * FROM read_csv('${f("accounts")}', all_varchar = true);
    CREATE VIEW ${prefix}subscriptions AS SELECT * FROM read_csv('${f("contracts")}', all_varchar = true);
    CREATE VIEW ${prefix}feature_usage AS SELECT * FROM read_csv('${f("usage_events")}', all_varchar = true);
    CREATE VIEW ${prefix}churn_events AS SELECT * FROM read_csv('${f("churn_events")}', all_varchar = true);
    CREATE VIEW ${prefix}support_tickets AS SELECT * FROM read_csv('${f("support_tickets")}', all_varchar = true);`;
}

async function rows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const reader = await con.runAndReadAll(sql);
  return reader.getRowObjects().map(
    (row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])) as T
  );
}

async function value<T = number>(sql: string): Promise<T> {
  const [row] = await rows(sql);
  return Object.values(row)[0] as T;
}

/**
 * CTEs ending in leaver_usage: accounts whose last contract ended in the 12 months before END, with
 * their visits, active people and modules in the last 30 days before the end (v_last, u_last,
 * m_last) and in days 150-179 before it (v_before, …), and their recorded churn reason
 */
function leaversLastYear(prefix: string): string {
  const window = (from: number, to: number) => `e."timestamp" >= l.last_day - ${from} AND e."timestamp" < l.last_day - ${to}`;
  return `WITH leavers AS (
      SELECT account_id, max(end_date) AS last_day FROM ${prefix}valid_contracts GROUP BY 1
      HAVING max(end_date) BETWEEN DATE '${END}' - INTERVAL 12 MONTH AND DATE '${END}' - 1
    ),
    leaver_usage AS (
      SELECT l.account_id,
        count(DISTINCT e.session_id) FILTER (WHERE ${window(29, -1)}) AS v_last,
        count(DISTINCT e.user_id) FILTER (WHERE ${window(29, -1)}) AS u_last,
        count(DISTINCT e.module) FILTER (WHERE ${window(29, -1)}) AS m_last,
        count(DISTINCT e.session_id) FILTER (WHERE ${window(179, 149)}) AS v_before,
        count(DISTINCT e.user_id) FILTER (WHERE ${window(179, 149)}) AS u_before,
        count(DISTINCT e.module) FILTER (WHERE ${window(179, 149)}) AS m_before,
        (SELECT max(c.reason) FROM ${prefix}churn_events c WHERE c.account_id = l.account_id) AS reason
      FROM leavers l LEFT JOIN ${prefix}usage_events e ON e.account_id = l.account_id
      GROUP BY l.account_id, l.last_day
    )`;
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** The contract's columns that the standard sample has: all but those of billing-system shapes (docs/data-contract.md). */
const BILLING_SHAPE_COLUMNS: Partial<Record<ExportName, string[]>> = {contracts: ["billing_period"], usage_events: ["contract_id", "count"]};
function contractColumns(name: ExportName): string[] {
  return EXPORTS.find((e) => e.name === name)!.columns.map((c) => c.name).filter((c) => !(BILLING_SHAPE_COLUMNS[name] ?? []).includes(c));
}

describe("files", () => {
  test("the seven exports are written under their contract names", () => {
    expect(readdirSync(join(work, "sample")).sort()).toEqual([
      "accounts.csv", "churn_events.csv", "contracts.csv", "leads.csv", "support_tickets.csv", "usage_events.parquet", "users.jsonl"
    ]);
    expect(readdirSync(join(work, "clean")).sort()).toEqual([
      "accounts.csv", "churn_events.csv", "contracts.csv", "leads.csv", "support_tickets.csv", "usage_events.csv.gz", "users.jsonl"
    ]);
  });

  test("each file has exactly the contract's columns, in its order", async () => {
    const firstLine = (text: string) => text.slice(0, text.indexOf("\n"));
    const csvHeader = (name: string) => firstLine(readFileSync(sample.files[name].path, "utf8")).split(",");
    expect(csvHeader("accounts")).toEqual(contractColumns("accounts"));
    expect(csvHeader("contracts")).toEqual(contractColumns("contracts"));
    expect(csvHeader("leads")).toEqual(contractColumns("leads"));
    expect(csvHeader("churn_events")).toEqual(CHURN_EVENT_COLUMNS);
    expect(csvHeader("support_tickets")).toEqual(SUPPORT_TICKET_COLUMNS);
    const firstUser = JSON.parse(firstLine(readFileSync(sample.files.users.path, "utf8")));
    expect(Object.keys(firstUser)).toEqual(contractColumns("users"));
    const parquetColumns = await rows<{column_name: string}>(`DESCRIBE SELECT * FROM usage_events`);
    expect(parquetColumns.map((c) => c.column_name)).toEqual(contractColumns("usage_events"));
    const gzHeader = firstLine(gunzipSync(readFileSync(clean.files.usage_events.path)).toString("utf8")).split(",");
    expect(gzHeader).toEqual(contractColumns("usage_events"));
  });

  test("the summary's row counts are the files' row counts", async () => {
    for (const name of ["accounts", "contracts", "users", "usage_events", "leads", "churn_events", "support_tickets"]) {
      expect(sample.files[name].rows).toBe(await value(`SELECT count(*) FROM ${name}`));
    }
  });

  test("the same options give byte-identical files; another seed gives different ones", () => {
    for (const name of Object.keys(sample.files)) {
      expect(sha256(sameAgain.files[name].path), name).toBe(sha256(sample.files[name].path));
      expect(sha256(otherSeed.files[name].path), name).not.toBe(sha256(sample.files[name].path));
    }
  });

  test("dates are ISO (YYYY-MM-DD) and event timestamps are 'YYYY-MM-DD hh:mm:ss' without a zone", async () => {
    const text = gunzipSync(readFileSync(clean.files.usage_events.path)).toString("utf8");
    const secondLine = text.split("\n")[1].split(",");
    expect(secondLine[2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const badDates = await value(`
      SELECT count(*) FROM clean_contracts
      WHERE NOT regexp_full_match(start_date, '\\d{4}-\\d{2}-\\d{2}') OR NOT regexp_full_match(end_date, '\\d{4}-\\d{2}-\\d{2}')`);
    expect(badDates).toBe(0);
  });
});

describe("size", () => {
  test("about 7.5 users and 1,830 events per account, as at scale 1 (15,000 users, ~3.7M events for 2,000)", async () => {
    // people and visits grow with an account's (lognormal) size, so a set of only 200 accounts
    // can be 40% off the scale-1 ratios either way
    const users = await value(`SELECT count(*) FROM clean_users`);
    const events = await value(`SELECT count(*) FROM clean_usage_events`);
    expect(users / ACCOUNTS).toBeGreaterThan(4.5);
    expect(users / ACCOUNTS).toBeLessThan(10.5);
    expect(events / ACCOUNTS).toBeGreaterThan(1000);
    expect(events / ACCOUNTS).toBeLessThan(2500);
  });
});

describe("activity", () => {
  test("--activity 0.1 keeps accounts and users and gives about a tenth of the events", async () => {
    const quiet = await generateSample({accounts: ACCOUNTS, endDate: END, outDir: join(work, "quiet"), seed: 42, badRows: false, activity: 0.1});
    expect(quiet.files.accounts.rows).toBe(clean.files.accounts.rows);
    expect(quiet.files.users.rows).toBe(clean.files.users.rows);
    // visits are Poisson draws of rate × activity, and events follow visits
    const ratio = quiet.files.usage_events.rows / clean.files.usage_events.rows;
    expect(ratio).toBeGreaterThan(0.07);
    expect(ratio).toBeLessThan(0.13);
  });
});

describe("accounts, users and contracts", () => {
  test("account names are present and unique, apart from the injected rows", async () => {
    // injected: 2 missing names, 2 duplicated accounts named '<name> (duplicate)'
    const [names] = await rows<{accounts: number; named: number; distinct_names: number}>(`
      SELECT count(*) AS accounts, count(nullif(name, '')) AS named, count(DISTINCT nullif(name, '')) AS distinct_names
      FROM clean_accounts`);
    expect(names).toEqual({accounts: ACCOUNTS, named: ACCOUNTS, distinct_names: ACCOUNTS});
  });

  test("every user's account exists, except the 3 injected users of an unknown account", async () => {
    const orphans = await rows(`
      SELECT user_id, account_id FROM users
      WHERE account_id NOT IN (SELECT account_id FROM accounts) ORDER BY user_id`);
    expect(orphans).toEqual([
      {user_id: "USR-X00001", account_id: "ACC-X99999"},
      {user_id: "USR-X00002", account_id: "ACC-X99999"},
      {user_id: "USR-X00003", account_id: "ACC-X99999"}
    ]);
  });

  test("every account has an admin, except the 4 injected accounts that have no people", async () => {
    const withoutAdmin = await rows<{account_id: string}>(`
      SELECT DISTINCT account_id FROM accounts
      WHERE account_id NOT IN (SELECT account_id FROM users WHERE role = 'admin') ORDER BY 1`);
    expect(withoutAdmin.map((r) => r.account_id)).toEqual(["ACC-X00001", "ACC-X00002", "ACC-X00003", "ACC-X00004"]);
  });

  test("all four roles occur; members are the bulk, executives and champions rarer", async () => {
    const byRole = Object.fromEntries(
      (await rows<{role: string; share: number}>(`
        SELECT role, count(*) / sum(count(*)) OVER () AS share FROM clean_users GROUP BY role`)).map((r) => [r.role, r.share])
    );
    expect(Object.keys(byRole).sort()).toEqual(["admin", "champion", "executive", "member"]);
    expect(byRole.member).toBeGreaterThan(0.5);
    expect(byRole.executive).toBeLessThan(0.2);
    expect(byRole.champion).toBeLessThan(0.2);
  });

  test("ARR is concentrated: the top 20% of accounts by current ARR hold 65-90% of it", async () => {
    // first-signing ARR is lognormal with sigma 1.8, whose top 20% hold Phi(1.8 - 0.84) = 83%;
    // floors, renewal changes and churn move it a little either way
    const share = await value(`
      WITH current AS (
        SELECT account_id, sum(arr) AS arr FROM valid_contracts
        WHERE start_date <= DATE '${END}' AND end_date >= DATE '${END}' GROUP BY 1
      ),
      ranked AS (SELECT arr, row_number() OVER (ORDER BY arr DESC) AS rank, count(*) OVER () AS n FROM current)
      SELECT sum(arr) FILTER (WHERE rank <= n * 0.2) / sum(arr) FROM ranked`);
    expect(share).toBeGreaterThan(0.65);
    expect(share).toBeLessThan(0.9);
  });

  test("renewal rate by ARR over all ended terms is 75-90%", async () => {
    // chance of leaving at a renewal: 12% for large first contracts (most of the ARR), 17% mid,
    // 22% small, x1.3 at the first renewal: roughly 13-16% of ARR lost, so 84-87% renewed
    const rate = await value(`
      SELECT sum(arr) FILTER (WHERE status = 'renewed') / sum(arr)
      FROM valid_contracts WHERE end_date < DATE '${END}'`);
    expect(rate).toBeGreaterThan(0.75);
    expect(rate).toBeLessThan(0.9);
  });

  test("contracts have the lifecycle a CSM sees: renewals, expansions, contractions, churns, comebacks, new logos", async () => {
    const [c] = await rows<Record<string, number>>(`
      WITH renewal AS (
        SELECT r.arr AS arr_now, p.arr AS arr_before, r.account_id = p.account_id AS same_account
        FROM valid_contracts r JOIN valid_contracts p ON r.renewal_of = p.contract_id
      ),
      lives AS (SELECT account_id, count(*) FILTER (WHERE renewal_of IS NULL) AS first_terms FROM valid_contracts GROUP BY 1)
      SELECT
        (SELECT count(*) FROM renewal) AS renewals,
        (SELECT count(*) FROM renewal WHERE NOT same_account) AS renewals_of_another_account,
        (SELECT count(*) FROM renewal WHERE arr_now > arr_before * 1.08) AS expansions,
        (SELECT count(*) FROM renewal WHERE arr_now < arr_before) AS contractions,
        (SELECT count(*) FROM valid_contracts WHERE status = 'churned') AS churned,
        (SELECT count(*) FROM lives WHERE first_terms > 1) AS comebacks,
        (SELECT count(*) FROM valid_contracts WHERE renewal_of IS NULL AND start_date > DATE '${END}' - INTERVAL 12 MONTH) AS new_logos_last_year,
        (SELECT count(*) FROM valid_contracts WHERE end_date BETWEEN DATE '${END}' AND DATE '${END}' + 90) AS in_renewal_window,
        (SELECT count(*) FROM valid_contracts WHERE end_date > DATE '${END}' + INTERVAL 13 MONTH) AS multi_year,
        (SELECT count(*) FROM valid_contracts WHERE status NOT IN ('active', 'renewed', 'churned', 'expired')) AS unknown_status`);
    expect(c.renewals).toBeGreaterThan(50);
    expect(c.renewals_of_another_account).toBe(0);
    expect(c.expansions).toBeGreaterThan(0);
    expect(c.contractions).toBeGreaterThan(0);
    expect(c.churned).toBeGreaterThan(0);
    expect(c.comebacks).toBeGreaterThan(0);
    expect(c.new_logos_last_year).toBeGreaterThan(0);
    expect(c.in_renewal_window).toBeGreaterThan(0);
    expect(c.multi_year).toBeGreaterThan(0);
    expect(c.unknown_status).toBe(0);
  });

  test("most new-logo contracts carry a CAC, not all", async () => {
    const [cac] = await rows<{new_logos: number; with_cac: number}>(`
      SELECT count(*) AS new_logos, count(cac) AS with_cac FROM clean_contracts WHERE renewal_of IS NULL`);
    expect(cac.with_cac / cac.new_logos).toBeGreaterThan(0.5);
    expect(cac.with_cac).toBeLessThan(cac.new_logos);
  });
});

describe("usage events", () => {
  test("fall within the 18 months before the end date, except the 3 injected far-future ones", async () => {
    const outside = await rows<{year: number}>(`
      SELECT year("timestamp") AS year FROM usage_events
      WHERE "timestamp" < DATE '${END}' - INTERVAL 18 MONTH OR "timestamp" >= DATE '${END}' + 1`);
    expect(outside).toEqual([{year: 2099}, {year: 2099}, {year: 2099}]);
  });

  test("use the six modules, 30+ features named '<module>.<action>', and the config's key action names", async () => {
    const events = await rows<{event: string}>(`SELECT DISTINCT event FROM clean_usage_events ORDER BY 1`);
    expect(events.map((e) => e.event).sort()).toEqual(["feature_use", "page_view", ...KEY_ACTIONS].sort());
    const modules = await rows<{module: string}>(`SELECT DISTINCT module FROM clean_usage_events`);
    expect(modules.map((m) => m.module).sort()).toEqual([...MODULES].sort());
    const features = await rows<{feature: string; module: string}>(`
      SELECT DISTINCT feature, module FROM clean_usage_events WHERE feature IS NOT NULL`);
    expect(features.length).toBeGreaterThanOrEqual(30);
    for (const f of features) expect(f.feature.startsWith(`${f.module}.`), f.feature).toBe(true);
  });

  test("page views and feature uses are most events; key actions are a small share", async () => {
    const keyShare = await value(`
      SELECT count(*) FILTER (WHERE event NOT IN ('page_view', 'feature_use')) / count(*) FROM clean_usage_events`);
    expect(keyShare).toBeGreaterThan(0);
    expect(keyShare).toBeLessThan(0.15);
  });

  test("each event's user is a person of that event's account", async () => {
    const mismatched = await value(`
      SELECT count(*) FROM usage_events e
      WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = e.user_id AND u.account_id = e.account_id)`);
    expect(mismatched).toBe(0);
  });

  test("visits group several events", async () => {
    const [v] = await rows<{events_per_visit: number; single_event_visits: number}>(`
      SELECT avg(n) AS events_per_visit, count(*) FILTER (WHERE n = 1) AS single_event_visits
      FROM (SELECT session_id, count(*) AS n FROM clean_usage_events GROUP BY 1)`);
    // at least 2 events per visit: short visits 2 + a geometric tail of mean about 0.6 (about 2.6), long
    // visits (accounts of long visits, 06_sessions.sql) 8 + a tail of mean about 4.5 (about 12.5)
    expect(v.single_event_visits).toBe(0);
    expect(v.events_per_visit).toBeGreaterThan(2.3);
    expect(v.events_per_visit).toBeLessThan(6);
  });

  test("accounts that left have no events after their last contract ended", async () => {
    const after = await value(`
      WITH left_accounts AS (
        SELECT account_id, max(end_date) AS last_day FROM valid_contracts GROUP BY 1 HAVING max(end_date) < DATE '${END}'
      )
      SELECT count(*) FROM usage_events e JOIN left_accounts l USING (account_id) WHERE e."timestamp" >= l.last_day + 1`);
    expect(after).toBe(0);
  });

  test("before most accounts leave their usage declines over 2-4 months; some leave with no warning", async () => {
    // accounts that left in the last 12 months, so the window holds the 6 months before their end:
    // the last 30 days against days 150-179 before the end (before any fade, which starts at most
    // 120 days before). 80% of leavers fade (visits to about remaining² of normal, remaining from 1
    // down to 0.1; people stop one by one; modules narrow to the first adopted); 20% leave abruptly,
    // and their recorded reason (if any) is a budget cut, an acquisition or a closure. Small
    // accounts have a handful of visits a month, so a few fading ones miss "halved" by chance.
    // A third of the accounts have one active person (the admin, who keeps coming while the others
    // stop), so "fewer active people" is checked where there were at least two.
    const declines = await rows<{visits_halved: boolean; fewer_users: boolean | null; fewer_modules: boolean; reason: string | null}>(`
      ${leaversLastYear("clean_")}
      SELECT v_last < 0.5 * v_before AS visits_halved, CASE WHEN u_before >= 2 THEN u_last < u_before END AS fewer_users,
        m_last < m_before AS fewer_modules, reason
      FROM leaver_usage WHERE v_before > 0`);
    const share = (list: typeof declines, key: "visits_halved" | "fewer_users" | "fewer_modules") =>
      list.filter((d) => d[key]).length / list.filter((d) => d[key] !== null).length;
    expect(declines.length).toBeGreaterThan(15);
    expect(share(declines, "visits_halved")).toBeGreaterThan(0.5);
    expect(share(declines, "fewer_users")).toBeGreaterThan(0.5);
    expect(share(declines, "fewer_modules")).toBeGreaterThan(0.5);
    const foretold = declines.filter((d) => d.reason !== null && !ABRUPT_REASONS.includes(d.reason));
    const abrupt = declines.filter((d) => d.reason !== null && ABRUPT_REASONS.includes(d.reason));
    expect(share(foretold, "visits_halved")).toBeGreaterThan(0.7);
    expect(abrupt.length).toBeGreaterThan(0);
    expect(share(abrupt, "visits_halved")).toBeLessThan(0.5);
  });

  test("the default churn-watch rule flags a few accounts (aim 3-8%)", async () => {
    // renewal within 90 days AND < 5 visits, < 3 active users, < 30 minutes in the last 30 days;
    // 200 accounts only, so allow 1-12%
    const flagged = await value(`
      WITH current AS (
        SELECT account_id, min(end_date) AS renews_on FROM clean_valid_contracts
        WHERE start_date <= DATE '${END}' AND end_date >= DATE '${END}' GROUP BY 1
      ),
      recent AS (
        SELECT account_id, count(DISTINCT session_id) AS visits, count(DISTINCT user_id) AS active_users,
          sum(duration_s) AS seconds
        FROM clean_usage_events WHERE "timestamp" >= DATE '${END}' - 29 GROUP BY 1
      )
      SELECT count(*) FROM current c LEFT JOIN recent r USING (account_id)
      WHERE c.renews_on <= DATE '${END}' + 90
        AND coalesce(r.visits, 0) < 5 AND coalesce(r.active_users, 0) < 3 AND coalesce(r.seconds, 0) < 1800`);
    expect(flagged).toBeGreaterThanOrEqual(ACCOUNTS * 0.01);
    expect(flagged).toBeLessThanOrEqual(ACCOUNTS * 0.12);
  });
});

describe("churn events", () => {
  /** contracts nobody renewed that ended before END: where a customer relationship ended */
  const relationshipEnds = `
    SELECT account_id, end_date FROM clean_valid_contracts
    WHERE end_date < DATE '${END}' AND contract_id NOT IN (SELECT renewal_of FROM clean_valid_contracts WHERE renewal_of IS NOT NULL)`;

  test("most relationships that ended without renewal have one, on or up to 7 days after the end; not all", async () => {
    // 85% of the lives that ended have a recorded exit (sql/10_churn_events.sql)
    const [c] = await rows<{ended: number; recorded: number}>(`
      SELECT count(*) AS ended,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM clean_churn_events e WHERE e.account_id = r.account_id
                                        AND e.churned_at::DATE BETWEEN r.end_date AND r.end_date + 7)) AS recorded
      FROM (${relationshipEnds}) r`);
    expect(c.ended).toBeGreaterThan(30);
    expect(c.recorded / c.ended).toBeGreaterThan(0.7);
    expect(c.recorded).toBeLessThan(c.ended);
  });

  test("every event follows such an end, except exit interviews of 2 accounts whose contract is still running", async () => {
    // the contradictions: 0.3% of the accounts whose contract runs past the end date, at least 2;
    // about 100 such accounts here, so 2
    const events = await rows<{after_an_end: boolean; contract_running: boolean}>(`
      SELECT
        EXISTS (SELECT 1 FROM (${relationshipEnds}) r WHERE r.account_id = e.account_id
                AND e.churned_at::DATE BETWEEN r.end_date AND r.end_date + 7) AS after_an_end,
        EXISTS (SELECT 1 FROM clean_valid_contracts v WHERE v.account_id = e.account_id
                AND v.start_date <= e.churned_at::DATE AND v.end_date > DATE '${END}') AS contract_running
      FROM clean_churn_events e`);
    expect(events.filter((e) => e.after_an_end === e.contract_running)).toEqual([]);
    expect(events.filter((e) => e.contract_running).length).toBe(2);
  });

  test("reasons come from the list, and some events carry feedback", async () => {
    const reasons = await rows<{reason: string}>(`SELECT DISTINCT reason FROM clean_churn_events ORDER BY 1`);
    expect(reasons.map((r) => r.reason).every((r) => CHURN_REASONS.includes(r))).toBe(true);
    expect(reasons.length).toBeGreaterThanOrEqual(6);
    // feedback on 40%
    const withFeedback = await value(`SELECT count(feedback) / count(*) FROM clean_churn_events`);
    expect(withFeedback).toBeGreaterThan(0.2);
    expect(withFeedback).toBeLessThan(0.6);
  });

  test("the reason follows the data: poor support after bad tickets, low adoption after low usage", async () => {
    // accounts that left in the window with reason 'Poor support experience' had a bad support
    // experience in their last months (3x the tickets, ratings 1.6 points lower, 3x the escalations)
    const [support] = await rows<{poor_support: number; others: number}>(`
      WITH leavers AS (
        SELECT e.account_id, e.reason, max(v.end_date) AS last_day FROM clean_churn_events e JOIN clean_valid_contracts v USING (account_id)
        GROUP BY ALL HAVING max(v.end_date) BETWEEN DATE '${END}' - INTERVAL 12 MONTH AND DATE '${END}' - 1
      )
      SELECT avg(t.satisfaction::INTEGER) FILTER (WHERE l.reason = 'Poor support experience') AS poor_support,
        avg(t.satisfaction::INTEGER) FILTER (WHERE l.reason <> 'Poor support experience') AS others
      FROM leavers l JOIN clean_support_tickets t ON t.account_id = l.account_id AND t.opened_at::DATE > l.last_day - 150`);
    expect(support.poor_support).toBeLessThan(support.others - 0.5);
    // 'Low adoption' goes to accounts of low engagement: fewer visits per person before the fade
    const [adoption] = await rows<{low_adoption: number; others: number}>(`
      WITH leavers AS (
        SELECT e.account_id, e.reason, max(v.end_date) AS last_day FROM clean_churn_events e JOIN clean_valid_contracts v USING (account_id)
        GROUP BY ALL HAVING max(v.end_date) BETWEEN DATE '${END}' - INTERVAL 14 MONTH AND DATE '${END}' - 1
      ),
      early AS (
        SELECT l.account_id, l.reason, count(DISTINCT u.session_id) / count(DISTINCT u.user_id) AS visits_per_person
        FROM leavers l JOIN clean_usage_events u ON u.account_id = l.account_id AND u."timestamp" < l.last_day - 120
        GROUP BY ALL
      )
      SELECT median(visits_per_person) FILTER (WHERE reason = 'Low adoption') AS low_adoption,
        median(visits_per_person) FILTER (WHERE reason NOT IN ('Low adoption', ${ABRUPT_REASONS.map((r) => `'${r}'`).join(", ")})) AS others
      FROM early`);
    expect(adoption.low_adoption).toBeLessThan(adoption.others);
  });
});

describe("support tickets", () => {
  test("bigger accounts open more tickets", async () => {
    // 0.012 × √people a weekday: accounts of 10+ people open at least √(10/3) ≈ 1.8x as many as
    // accounts of 1-3; both groups: customers from the window's first day to the end date
    const [t] = await rows<{big: number; small: number}>(`
      WITH throughout AS (
        SELECT account_id FROM clean_valid_contracts GROUP BY 1
        HAVING bool_or(start_date <= DATE '${END}' - INTERVAL 18 MONTH AND end_date >= DATE '${END}' - INTERVAL 18 MONTH)
           AND bool_or(end_date >= DATE '${END}') AND count(*) FILTER (WHERE renewal_of IS NULL) = 1
      ),
      sized AS (
        SELECT account_id, count(*) AS people,
          (SELECT count(*) FROM clean_support_tickets t WHERE t.account_id = u.account_id) AS tickets
        FROM clean_users u WHERE account_id IN (SELECT account_id FROM throughout) GROUP BY 1
      )
      SELECT avg(tickets) FILTER (WHERE people >= 10) AS big, avg(tickets) FILTER (WHERE people <= 3) AS small FROM sized`);
    expect(t.big).toBeGreaterThan(1.5 * t.small);
  });

  test("priorities, escalations (urgent more often than low), open tickets near the end date, ratings on about half the solved", async () => {
    const [t] = await rows<Record<string, number>>(`
      SELECT count(*) AS tickets, count(DISTINCT ticket_id) AS ids, count(DISTINCT priority) AS priorities,
        avg((escalated = 'true')::INTEGER) AS escalated,
        avg((escalated = 'true')::INTEGER) FILTER (WHERE priority = 'urgent') AS urgent_escalated,
        avg((escalated = 'true')::INTEGER) FILTER (WHERE priority = 'low') AS low_escalated,
        count(*) FILTER (WHERE closed_at IS NULL) AS open,
        count(*) FILTER (WHERE closed_at IS NULL AND opened_at::DATE > DATE '${END}' - 30) AS open_recent,
        count(satisfaction) / count(closed_at) AS rated_share,
        count(*) FILTER (WHERE satisfaction::INTEGER NOT BETWEEN 1 AND 5) AS out_of_scale,
        count(*) FILTER (WHERE closed_at::TIMESTAMP < opened_at::TIMESTAMP) AS closed_before_opened,
        count(*) FILTER (WHERE opened_at::DATE NOT BETWEEN DATE '${END}' - INTERVAL 18 MONTH AND DATE '${END}') AS outside_window,
        count(*) FILTER (WHERE escalated NOT IN ('true', 'false')) AS not_boolean
      FROM clean_support_tickets`);
    expect(t.ids).toBe(t.tickets);
    expect(t.priorities).toBe(4);
    expect(t.escalated).toBeGreaterThan(0.02);
    expect(t.escalated).toBeLessThan(0.15);
    expect(t.urgent_escalated).toBeGreaterThan(t.low_escalated);
    expect(t.open).toBeGreaterThan(0);
    expect(t.open_recent / t.open).toBeGreaterThan(0.8);
    // half of the solved tickets are rated
    expect(t.rated_share).toBeGreaterThan(0.4);
    expect(t.rated_share).toBeLessThan(0.6);
    expect([t.out_of_scale, t.closed_before_opened, t.outside_window, t.not_boolean]).toEqual([0, 0, 0, 0]);
  });

  test("some accounts heading for churn open more tickets, escalate more and rate lower in their last months", async () => {
    // leavers in the window, their last 150 days against every other ticket; a third of the fading
    // ones have the bad support experience, so the group as a whole is worse, not each account
    const [t] = await rows<Record<string, number>>(`
      WITH leavers AS (
        SELECT account_id, max(end_date) AS last_day FROM clean_valid_contracts GROUP BY 1
        HAVING max(end_date) BETWEEN DATE '${END}' - INTERVAL 12 MONTH AND DATE '${END}' - 1
      ),
      marked AS (
        SELECT t.*, l.account_id IS NOT NULL AS heading_for_churn
        FROM clean_support_tickets t LEFT JOIN leavers l ON l.account_id = t.account_id AND t.opened_at::DATE > l.last_day - 150
      )
      SELECT avg(satisfaction::INTEGER) FILTER (WHERE heading_for_churn) AS leaving_rating,
        avg(satisfaction::INTEGER) FILTER (WHERE NOT heading_for_churn) AS other_rating,
        avg((escalated = 'true')::INTEGER) FILTER (WHERE heading_for_churn) AS leaving_escalated,
        avg((escalated = 'true')::INTEGER) FILTER (WHERE NOT heading_for_churn) AS other_escalated
      FROM marked`);
    expect(t.leaving_rating).toBeLessThan(t.other_rating - 0.3);
    expect(t.leaving_escalated).toBeGreaterThan(1.5 * t.other_escalated);
  });
});

describe("leads", () => {
  test("the funnel narrows step by step, with no step after a missing one", async () => {
    const [f] = await rows<Record<string, number>>(`
      SELECT count(visited_at) AS visited, count(registered_at) AS registered, count(trial_at) AS trial,
        count(opportunity_at) AS opportunity, count(signed_at) AS signed,
        count(*) FILTER (WHERE (registered_at IS NULL AND trial_at IS NOT NULL) OR (trial_at IS NULL AND opportunity_at IS NOT NULL)
                           OR (opportunity_at IS NULL AND signed_at IS NOT NULL)) AS gaps,
        count(*) FILTER (WHERE registered_at < visited_at OR trial_at < registered_at
                           OR opportunity_at < trial_at OR signed_at < opportunity_at) AS out_of_order
      FROM clean_leads`);
    expect(f.visited).toBeGreaterThan(f.registered);
    expect(f.registered).toBeGreaterThan(f.trial);
    expect(f.trial).toBeGreaterThan(f.opportunity);
    expect(f.opportunity).toBeGreaterThan(f.signed);
    expect(f.signed).toBeGreaterThan(0);
    expect(f.gaps).toBe(0);
    expect(f.out_of_order).toBe(0);
  });

  test("signed leads, and only they, link to existing accounts", async () => {
    const [l] = await rows<Record<string, number>>(`
      SELECT count(*) FILTER (WHERE signed_at IS NOT NULL) AS signed,
        count(*) FILTER (WHERE signed_at IS NOT NULL AND account_id IN (SELECT account_id FROM clean_accounts)) AS signed_linked,
        count(*) FILTER (WHERE signed_at IS NULL AND account_id IS NOT NULL) AS unsigned_linked
      FROM clean_leads`);
    expect(l.signed_linked).toBe(l.signed);
    expect(l.unsigned_linked).toBe(0);
  });

  test("about 8-10k leads at scale 1: 25 dropped prospects per signed one", async () => {
    // 2,000 accounts → about 360 signed in the window → 26 × 360 ≈ 9,400; per account: about 4.7
    const leads = await value(`SELECT count(*) FROM clean_leads`);
    expect(leads / ACCOUNTS).toBeGreaterThan(3);
    expect(leads / ACCOUNTS).toBeLessThan(6.5);
  });
});

describe("the deliberately bad rows (docs/sample-data.md)", () => {
  test("accounts: 2 duplicate ids, 2 missing names, 1 unparseable created_at, 1 negative seats", async () => {
    expect(await value(`SELECT count(*) FROM (SELECT account_id FROM accounts GROUP BY 1 HAVING count(*) > 1)`)).toBe(2);
    expect(await value(`SELECT count(*) FROM accounts WHERE coalesce(name, '') = ''`)).toBe(2);
    expect(await value(`SELECT count(*) FROM accounts WHERE created_at = '2026-13-45'`)).toBe(1);
    expect(await value(`SELECT count(*) FROM accounts WHERE try_cast(seats AS INTEGER) < 0`)).toBe(1);
    expect(await value(`SELECT count(*) FROM accounts`)).toBe(ACCOUNTS + 6);
  });

  test("contracts: end before start, negative ARR, 'n/a' ARR, unparseable dates, year 2099, unknown account, duplicate id", async () => {
    const [c] = await rows<Record<string, number>>(`
      SELECT
        count(*) FILTER (WHERE try_cast(end_date AS DATE) < try_cast(start_date AS DATE)) AS end_before_start,
        count(*) FILTER (WHERE try_cast(arr AS DOUBLE) < 0) AS negative_arr,
        count(*) FILTER (WHERE arr = 'n/a') AS not_a_number_arr,
        count(*) FILTER (WHERE try_cast(start_date AS DATE) IS NULL OR try_cast(end_date AS DATE) IS NULL) AS unparseable_date,
        count(*) FILTER (WHERE year(try_cast(end_date AS DATE)) = 2099) AS far_future,
        count(*) FILTER (WHERE account_id NOT IN (SELECT account_id FROM accounts)) AS unknown_account,
        count(*) - count(DISTINCT contract_id) AS duplicate_ids
      FROM contracts`);
    expect(c).toEqual({
      end_before_start: 2, negative_arr: 2, not_a_number_arr: 2, unparseable_date: 2, far_future: 2, unknown_account: 1, duplicate_ids: 1
    });
    expect(await value(`SELECT count(*) FROM contracts`)).toBe(await value(`SELECT count(*) FROM clean_contracts`) + 12);
  });

  test("users: 3 of an unknown account, 3 with role 'superuser', 2 duplicate ids", async () => {
    expect(await value(`SELECT count(*) FROM users WHERE account_id NOT IN (SELECT account_id FROM accounts)`)).toBe(3);
    expect(await value(`SELECT count(*) FROM users WHERE role = 'superuser'`)).toBe(3);
    expect(await value(`SELECT count(*) - count(DISTINCT user_id) FROM users`)).toBe(2);
    expect(await value(`SELECT count(*) FROM users`)).toBe(await value(`SELECT count(*) FROM clean_users`) + 8);
  });

  test("usage events: 5 of an unknown account, 5 without timestamp, 3 in 2099, 5 with negative duration", async () => {
    const [e] = await rows<Record<string, number>>(`
      SELECT
        count(*) FILTER (WHERE account_id NOT IN (SELECT account_id FROM accounts)) AS unknown_account,
        count(*) FILTER (WHERE "timestamp" IS NULL) AS missing_timestamp,
        count(*) FILTER (WHERE year("timestamp") = 2099) AS far_future,
        count(*) FILTER (WHERE duration_s < 0) AS negative_duration
      FROM usage_events`);
    expect(e).toEqual({unknown_account: 5, missing_timestamp: 5, far_future: 3, negative_duration: 5});
    expect(await value(`SELECT count(*) FROM usage_events`)).toBe(await value(`SELECT count(*) FROM clean_usage_events`) + 18);
  });

  test("leads: 2 of an unknown account, 2 duplicate ids, 1 unparseable date", async () => {
    expect(await value(`SELECT count(*) FROM leads WHERE account_id NOT IN (SELECT account_id FROM accounts)`)).toBe(2);
    expect(await value(`SELECT count(*) - count(DISTINCT lead_id) FROM leads`)).toBe(2);
    expect(await value(`SELECT count(*) FROM leads WHERE registered_at = '2026-13-45'`)).toBe(1);
    expect(await value(`SELECT count(*) FROM leads`)).toBe(await value(`SELECT count(*) FROM clean_leads`) + 5);
  });

  test("churn events: 1 of an unknown account, 1 churned_at that is not a date ('TBD')", async () => {
    expect(await value(`SELECT count(*) FROM churn_events WHERE account_id NOT IN (SELECT account_id FROM accounts)`)).toBe(1);
    expect(await value(`SELECT count(*) FROM churn_events WHERE try_cast(churned_at AS DATE) IS NULL`)).toBe(1);
    expect(await value(`SELECT churned_at FROM churn_events WHERE try_cast(churned_at AS DATE) IS NULL`)).toBe("TBD");
    expect(await value(`SELECT count(*) FROM churn_events`)).toBe(await value(`SELECT count(*) FROM clean_churn_events`) + 2);
  });

  test("support tickets: unknown account, duplicate id, satisfaction 7, escalated 'maybe', closed before opened", async () => {
    const [t] = await rows<Record<string, number>>(`
      SELECT
        count(*) FILTER (WHERE account_id NOT IN (SELECT account_id FROM accounts)) AS unknown_account,
        count(*) - count(DISTINCT ticket_id) AS duplicate_ids,
        count(*) FILTER (WHERE satisfaction::INTEGER NOT BETWEEN 1 AND 5) AS out_of_scale,
        count(*) FILTER (WHERE escalated NOT IN ('true', 'false')) AS not_boolean,
        count(*) FILTER (WHERE closed_at::TIMESTAMP < opened_at::TIMESTAMP) AS closed_before_opened
      FROM support_tickets`);
    expect(t).toEqual({unknown_account: 1, duplicate_ids: 1, out_of_scale: 1, not_boolean: 1, closed_before_opened: 1});
    expect(await rows(`SELECT ticket_id, satisfaction, escalated FROM support_tickets WHERE ticket_id LIKE 'TCK-X%' ORDER BY 1`)).toEqual([
      {ticket_id: "TCK-X00001", satisfaction: null, escalated: "false"},
      {ticket_id: "TCK-X00002", satisfaction: "7", escalated: "false"},
      {ticket_id: "TCK-X00003", satisfaction: null, escalated: "maybe"},
      {ticket_id: "TCK-X00004", satisfaction: "4", escalated: "false"}
    ]);
    expect(await value(`SELECT ticket_id FROM support_tickets GROUP BY 1 HAVING count(*) > 1`)).toBe("TCK-0000001");
    expect(await value(`SELECT count(*) FROM support_tickets`)).toBe(await value(`SELECT count(*) FROM clean_support_tickets`) + 5);
  });

  test("without badRows, none of them", async () => {
    const [c] = await rows<Record<string, number>>(`
      SELECT
        (SELECT count(*) - count(DISTINCT account_id) FROM clean_accounts) AS duplicate_accounts,
        (SELECT count(*) FROM clean_contracts WHERE try_cast(arr AS DOUBLE) IS NULL OR try_cast(arr AS DOUBLE) < 0
           OR try_cast(end_date AS DATE) < try_cast(start_date AS DATE)) AS bad_contracts,
        (SELECT count(*) FROM clean_users WHERE role NOT IN ('admin', 'executive', 'champion', 'member')
           OR account_id NOT IN (SELECT account_id FROM clean_accounts)) AS bad_users,
        (SELECT count(*) FROM clean_usage_events WHERE "timestamp" IS NULL OR duration_s < 0
           OR account_id NOT IN (SELECT account_id FROM clean_accounts)) AS bad_events,
        (SELECT count(*) FROM clean_churn_events WHERE try_cast(churned_at AS DATE) IS NULL
           OR account_id NOT IN (SELECT account_id FROM clean_accounts)) AS bad_churn_events,
        (SELECT count(*) - count(DISTINCT ticket_id) FROM clean_support_tickets) AS duplicate_tickets,
        (SELECT count(*) FROM clean_support_tickets WHERE escalated NOT IN ('true', 'false')
           OR satisfaction::INTEGER NOT BETWEEN 1 AND 5 OR closed_at::TIMESTAMP < opened_at::TIMESTAMP
           OR account_id NOT IN (SELECT account_id FROM clean_accounts)) AS bad_tickets`);
    expect(c).toEqual({
      duplicate_accounts: 0, bad_contracts: 0, bad_users: 0, bad_events: 0, bad_churn_events: 0, duplicate_tickets: 0, bad_tickets: 0
    });
  });
});

describe("the billing shape", () => {
  const CUSTOMER_COLUMNS = ["Customer ID", "Company Name", "Industry", "Region", "Account Owner", "Created"];
  const SUBSCRIPTION_COLUMNS = [
    "Subscription ID", "Customer ID", "Plan", "Status", "Billing Interval", "Start Date", "Ended At", "ARR", "Cancel At Period End"
  ];
  const USAGE_COLUMNS = ["Subscription ID", "Date", "Module", "Feature", "Event", "Event Count", "Time Spent (s)"];
  const CHURN_COLUMNS = ["Customer ID", "Churned At", "Reason", "Feedback"];
  const TICKET_COLUMNS = ["Ticket ID", "Customer ID", "Created At", "Solved At", "Priority", "CSAT", "Escalated"];
  const header = (path: string) => {
    const text = path.endsWith(".gz") ? gunzipSync(readFileSync(path)).toString("utf8") : readFileSync(path, "utf8");
    return text.slice(0, text.indexOf("\n")).split(",");
  };

  test("writes customers, subscriptions, daily feature usage, churn events, support tickets and its pulse.config.ts; no users, no leads", () => {
    expect(readdirSync(join(work, "billing")).sort()).toEqual([
      "churn_events.csv", "customers.csv", "feature_usage.csv.gz", "pulse.config.ts", "subscriptions.csv", "support_tickets.csv"
    ]);
    expect(Object.keys(billing.files).sort()).toEqual(["accounts", "churn_events", "contracts", "support_tickets", "usage_events"]);
    expect(billing.configPath).toBe(join(work, "billing", "pulse.config.ts"));
  });

  test("the same options give byte-identical files, the config too", () => {
    for (const name of Object.keys(billing.files)) {
      expect(sha256(billingAgain.files[name].path), name).toBe(sha256(billing.files[name].path));
    }
    expect(sha256(billingAgain.configPath!)).toBe(sha256(billing.configPath!));
  });

  test("each file has the columns a billing system, an analytics tool and a help desk give", () => {
    expect(header(billing.files.accounts.path)).toEqual(CUSTOMER_COLUMNS);
    expect(header(billing.files.contracts.path)).toEqual(SUBSCRIPTION_COLUMNS);
    expect(header(billing.files.usage_events.path)).toEqual(USAGE_COLUMNS);
    expect(header(billing.files.churn_events.path)).toEqual(CHURN_COLUMNS);
    expect(header(billing.files.support_tickets.path)).toEqual(TICKET_COLUMNS);
  });

  test("pulse.config.ts is a plain default export naming every file and mapping columns that are in the files", async () => {
    const text = readFileSync(billing.configPath!, "utf8");
    expect(text).not.toMatch(/\bimport\b/);
    const config = (await import(billing.configPath!)).default;
    expect(config.data).toEqual({dir: ".", files: BILLING_FILES, columns: BILLING_COLUMNS});
    expect(config.data.files).toEqual({
      accounts: "customers.csv", contracts: "subscriptions.csv", usage_events: "feature_usage.csv.gz",
      churn_events: "churn_events.csv", support_tickets: "support_tickets.csv"
    });
    for (const [exportName, mapping] of Object.entries(BILLING_COLUMNS)) {
      const columns = header(join(work, "billing", BILLING_FILES[exportName as keyof typeof BILLING_FILES]));
      for (const column of Object.values(mapping)) expect(columns, `${exportName}: ${column}`).toContain(column);
    }
    // every canonical column but seats (accounts), end-of-term extras and user ids is mapped
    expect(Object.keys(BILLING_COLUMNS.contracts).sort()).toEqual(
      ["account_id", "arr", "billing_period", "contract_id", "end_date", "plan", "start_date", "status"]
    );
    // the key actions are the usage's event names other than page views and plain feature uses
    expect(config.activity).toEqual({keyActions: BILLING_KEY_ACTIONS});
    const events = await rows<{event: string}>(`SELECT DISTINCT "Event" AS event FROM bclean_feature_usage ORDER BY 1`);
    expect(events.map((e) => e.event).filter((e) => e !== "Page Viewed" && e !== "Feature Used").sort()).toEqual([...BILLING_KEY_ACTIONS].sort());
  });

  test("values come in the source systems' formats", async () => {
    const [f] = await rows<Record<string, number>>(`
      SELECT
        (SELECT count(*) FROM bclean_customers WHERE NOT regexp_full_match("Created", '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}')) AS created,
        (SELECT count(*) FROM bclean_subscriptions WHERE NOT regexp_full_match("Start Date", '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z')
           OR NOT regexp_full_match(coalesce("Ended At", '2026-01-01T00:00:00Z'), '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z')) AS subscription_dates,
        (SELECT count(*) FROM bclean_subscriptions WHERE NOT regexp_full_match("ARR", '\\d{1,3}(,\\d{3})*\\.\\d{2}')) AS arr,
        (SELECT count(*) FROM bclean_subscriptions WHERE "Cancel At Period End" NOT IN ('True', 'False')) AS cancel_flag,
        (SELECT count(*) FROM bclean_subscriptions WHERE "Status" NOT IN ('active', 'canceled', 'past_due')) AS status,
        (SELECT count(*) FROM bclean_feature_usage WHERE NOT regexp_full_match("Date", '\\d{4}-\\d{2}-\\d{2}')
           OR try_cast("Event Count" AS INTEGER) < 1 OR try_cast("Time Spent (s)" AS INTEGER) < 0) AS usage_values,
        (SELECT count(*) FROM bclean_churn_events WHERE NOT regexp_full_match("Churned At", '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}')) AS churned_at,
        (SELECT count(*) FROM bclean_support_tickets WHERE NOT regexp_full_match("Created At", '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z')
           OR "Priority" NOT IN ('Low', 'Normal', 'High', 'Urgent') OR "CSAT"::INTEGER NOT BETWEEN 1 AND 5) AS tickets`);
    expect(f).toEqual({created: 0, subscription_dates: 0, arr: 0, cancel_flag: 0, status: 0, usage_values: 0, churned_at: 0, tickets: 0});
    // ARR is quoted in the file when it has a thousands separator: "12,000.00"
    expect(readFileSync(billingClean.files.contracts.path, "utf8")).toMatch(/,"\d{1,3}(,\d{3})+\.\d{2}",(True|False)\n/);
    const intervals = await rows<{interval: string; share: number}>(`
      SELECT "Billing Interval" AS interval, count(*) / sum(count(*)) OVER () AS share FROM bclean_subscriptions GROUP BY 1`);
    expect(intervals.map((i) => i.interval).sort()).toEqual(["12", "Annual", "Monthly", "annual", "quarterly"]);
    const share = (name: string) => intervals.find((i) => i.interval === name)!.share;
    expect(share("Monthly") + share("Annual")).toBeGreaterThan(0.6);
    const spellings = await rows<{escalated: string}>(`SELECT DISTINCT "Escalated" AS escalated FROM bclean_support_tickets`);
    expect(spellings.map((e) => e.escalated).sort()).toEqual(["0", "1", "False", "True", "no", "yes"]);
    // CSAT on about half of the solved tickets: often empty
    const unrated = await value(`SELECT avg(("CSAT" IS NULL)::INTEGER) FROM bclean_support_tickets`);
    expect(unrated).toBeGreaterThan(0.4);
  });

  test("most subscriptions run open-ended (Ended At empty); canceled ones ended by the end date", async () => {
    // five years of history: about 60% running, 40% canceled (accounts that left, upgrades' old
    // subscriptions, their add-ons); a running subscription has no end even when it is set to
    // cancel at period end
    const [s] = await rows<Record<string, number>>(`
      SELECT count(*) AS subscriptions, count(*) FILTER (WHERE "Ended At" IS NULL) AS open_ended,
        count(*) FILTER (WHERE "Status" <> 'canceled' AND "Ended At" IS NOT NULL) AS running_with_end,
        count(*) FILTER (WHERE "Status" = 'canceled' AND ("Ended At" IS NULL OR "Ended At"::TIMESTAMP >= DATE '${END}' + 1)) AS canceled_not_ended,
        count(*) FILTER (WHERE "Cancel At Period End" = 'True' AND "Status" = 'canceled') AS canceled_set_to_cancel,
        count(*) FILTER (WHERE "Cancel At Period End" = 'True') AS set_to_cancel
      FROM bclean_subscriptions`);
    expect(s.open_ended / s.subscriptions).toBeGreaterThan(0.5);
    expect(s.open_ended / s.subscriptions).toBeLessThan(0.75);
    expect(s.set_to_cancel).toBeGreaterThan(0);
    expect([s.running_with_end, s.canceled_not_ended, s.canceled_set_to_cancel]).toEqual([0, 0, 0]);
  });

  test("some customers hold an add-on, some came back after cancelling, some upgraded to a new subscription within days", async () => {
    const [c] = await rows<Record<string, number>>(`
      WITH s AS (
        SELECT "Customer ID" AS customer, "Plan" AS plan, "Start Date"::TIMESTAMP AS started, "Ended At"::TIMESTAMP AS ended
        FROM bclean_subscriptions
      ),
      main AS (SELECT * FROM s WHERE plan NOT LIKE 'Add-on%')
      SELECT
        (SELECT count(DISTINCT customer) FROM s WHERE plan LIKE 'Add-on%' AND ended IS NULL) AS running_add_ons,
        (SELECT count(DISTINCT a.customer) FROM main a JOIN main b ON a.customer = b.customer
           AND b.started > a.ended + INTERVAL 30 DAY) AS came_back,
        (SELECT count(DISTINCT a.customer) FROM main a JOIN main b ON a.customer = b.customer
           AND b.started < a.ended AND b.started >= a.ended - INTERVAL 6 DAY AND b.started > a.started) AS upgraded`);
    expect(c.running_add_ons).toBeGreaterThan(0);
    expect(c.came_back).toBeGreaterThan(0);
    expect(c.upgraded).toBeGreaterThan(0);
  });

  test("usage is the standard shape's, counted per subscription, day and feature; it stops when a subscription ends", async () => {
    // the same seed and accounts: every event of the standard shape is counted once, on the
    // customer's main subscription in force that day; none falls outside its subscription's days
    const [u] = await rows<Record<string, number>>(`
      SELECT sum("Event Count"::INTEGER) AS events,
        count(*) - count(DISTINCT ("Subscription ID", "Date", "Module", "Feature", "Event")) AS repeated_keys,
        (SELECT count(*) FROM bclean_feature_usage u JOIN bclean_subscriptions s USING ("Subscription ID")
          WHERE u."Date"::DATE < s."Start Date"::DATE OR u."Date"::DATE >= s."Ended At"::DATE) AS outside_subscription,
        (SELECT count(*) FROM bclean_feature_usage WHERE "Subscription ID" NOT IN (SELECT "Subscription ID" FROM bclean_subscriptions)) AS unknown
      FROM bclean_feature_usage`);
    expect(u.events).toBe(await value(`SELECT count(*) FROM clean_usage_events`));
    expect([u.repeated_keys, u.outside_subscription, u.unknown]).toEqual([0, 0, 0]);
    // the same customers, exits and tickets as the standard shape
    expect(await value(`SELECT count(*) FROM bclean_customers`)).toBe(ACCOUNTS);
    expect(await value(`SELECT count(DISTINCT "Company Name") FROM bclean_customers WHERE "Company Name" IN (SELECT name FROM clean_accounts)`)).toBe(ACCOUNTS);
    expect(await value(`SELECT count(*) FROM bclean_churn_events`)).toBe(await value(`SELECT count(*) FROM clean_churn_events`));
    expect(await value(`SELECT count(*) FROM bclean_support_tickets`)).toBe(await value(`SELECT count(*) FROM clean_support_tickets`));
  });

  test("customers who cancelled used it less and less before they left, most of them", async () => {
    // customers with no subscription left, whose last one ended in the last 12 months: event
    // counts in their last 30 days against days 150-179 before the end (as the standard shape)
    const declines = await rows<{halved: boolean}>(`
      WITH gone AS (
        SELECT "Customer ID" AS customer, max("Ended At"::DATE) AS ended FROM bclean_subscriptions GROUP BY 1
        HAVING count(*) = count(*) FILTER (WHERE "Status" = 'canceled')
           AND max("Ended At"::DATE) BETWEEN DATE '${END}' - INTERVAL 12 MONTH AND DATE '${END}'
      ),
      usage AS (
        SELECT g.customer,
          sum(u."Event Count"::INTEGER) FILTER (WHERE u."Date"::DATE >= g.ended - 30) AS last_30,
          sum(u."Event Count"::INTEGER) FILTER (WHERE u."Date"::DATE >= g.ended - 180 AND u."Date"::DATE < g.ended - 150) AS before
        FROM gone g
        JOIN bclean_subscriptions s ON s."Customer ID" = g.customer
        JOIN bclean_feature_usage u USING ("Subscription ID")
        GROUP BY 1
      )
      SELECT coalesce(last_30, 0) < 0.5 * before AS halved FROM usage WHERE before > 0`);
    expect(declines.length).toBeGreaterThan(15);
    expect(declines.filter((d) => d.halved).length / declines.length).toBeGreaterThan(0.5);
  });

  test("the bad rows: ARR 'n/a', usage of an unknown subscription, negative counts, and the churn-event and ticket ones", async () => {
    const [b] = await rows<Record<string, number>>(`
      SELECT
        (SELECT count(*) FROM b_subscriptions WHERE "ARR" = 'n/a') AS arr_not_a_number,
        (SELECT count(*) FROM b_feature_usage WHERE "Subscription ID" NOT IN (SELECT "Subscription ID" FROM b_subscriptions)) AS unknown_subscription,
        (SELECT count(*) FROM b_feature_usage WHERE "Event Count"::INTEGER < 0) AS negative_count,
        (SELECT count(*) FROM b_churn_events WHERE "Customer ID" NOT IN (SELECT "Customer ID" FROM b_customers)) AS churn_unknown_customer,
        (SELECT count(*) FROM b_churn_events WHERE "Churned At" = 'TBD') AS churned_at_not_a_date,
        (SELECT count(*) FROM b_support_tickets WHERE "Customer ID" NOT IN (SELECT "Customer ID" FROM b_customers)) AS ticket_unknown_customer,
        (SELECT count(*) - count(DISTINCT "Ticket ID") FROM b_support_tickets) AS duplicate_ticket_ids,
        (SELECT count(*) FROM b_support_tickets WHERE "CSAT" = '7') AS csat_out_of_scale,
        (SELECT count(*) FROM b_support_tickets WHERE "Escalated" = 'maybe') AS escalated_maybe,
        (SELECT count(*) FROM b_support_tickets WHERE "Solved At"::TIMESTAMP < "Created At"::TIMESTAMP) AS solved_before_created`);
    expect(b).toEqual({
      arr_not_a_number: 1, unknown_subscription: 3, negative_count: 2, churn_unknown_customer: 1, churned_at_not_a_date: 1,
      ticket_unknown_customer: 1, duplicate_ticket_ids: 1, csat_out_of_scale: 1, escalated_maybe: 1, solved_before_created: 1
    });
    // 1 + 5 + 2 + 5 rows added, nothing else changed
    const count = async (table: string) => value(`SELECT count(*) FROM ${table}`);
    expect(await count("b_subscriptions")).toBe((await count("bclean_subscriptions")) + 1);
    expect(await count("b_feature_usage")).toBe((await count("bclean_feature_usage")) + 5);
    expect(await count("b_churn_events")).toBe((await count("bclean_churn_events")) + 2);
    expect(await count("b_support_tickets")).toBe((await count("bclean_support_tickets")) + 5);
    expect(await count("b_customers")).toBe(await count("bclean_customers"));
    // it reads the two gzipped feature-usage files (about 190k rows each) four times: over 30 s on a busy machine
  }, 120_000);
});

describe("options", () => {
  test("wrong options are refused with the option's name", async () => {
    const outDir = join(work, "refused");
    await expect(generateSample({outDir, accounts: 10})).rejects.toThrow(/accounts/);
    await expect(generateSample({outDir, endDate: "2026-02-30"})).rejects.toThrow(/endDate/);
    await expect(generateSample({outDir, eventsFormat: "xlsx" as "csv"})).rejects.toThrow(/eventsFormat/);
    await expect(generateSample({outDir, seed: 1.5})).rejects.toThrow(/seed/);
    await expect(generateSample({outDir, activity: 0})).rejects.toThrow(/activity must be a number from 0.001 to 10, got 0/);
    await expect(generateSample({outDir, activity: 11})).rejects.toThrow(/activity/);
    await expect(generateSample({outDir, shape: "crm" as "billing"})).rejects.toThrow(/shape must be one of standard, billing/);
    await expect(generateSample({outDir, shape: "billing", eventsFormat: "csv"})).rejects.toThrow(/eventsFormat is for the standard shape/);
  });

  test("a folder of the other shape, or a pulse.config.ts it did not write, is refused before anything is written", async () => {
    await expect(generateSample({outDir: join(work, "clean"), accounts: ACCOUNTS, shape: "billing"})).rejects.toThrow(
      /holds files of another sample shape \(accounts\.csv, contracts\.csv, users\.jsonl, leads\.csv, usage_events\.csv\.gz\)/
    );
    await expect(generateSample({outDir: join(work, "billing"), accounts: ACCOUNTS})).rejects.toThrow(/customers\.csv, subscriptions\.csv/);
    const own = join(work, "own-config");
    mkdirSync(own);
    writeFileSync(join(own, "pulse.config.ts"), "export default {currency: 'EUR'};\n");
    await expect(generateSample({outDir: own, accounts: ACCOUNTS, shape: "billing"})).rejects.toThrow(/was not written by pulse sample/);
    expect(readdirSync(own)).toEqual(["pulse.config.ts"]);
  });

  test("the command's flags map onto the options", () => {
    expect(
      parseSampleArgs(["--out", "x", "--seed", "7", "--scale", "0.5", "--events-format", "csv.gz", "--end-date", "2026-01-31", "--no-bad-rows"])
    ).toEqual({outDir: "x", seed: 7, scale: 0.5, accounts: undefined, activity: undefined, eventsFormat: "csv.gz", endDate: "2026-01-31", badRows: false});
    expect(parseSampleArgs(["--shape", "billing", "--seed", "7", "--no-bad-rows"])).toMatchObject(
      {outDir: "data/sample-billing", shape: "billing", seed: 7, badRows: false}
    );
    expect(parseSampleArgs(["--shape", "standard"])).toMatchObject({outDir: "data/sample", shape: "standard"});
    expect(() => parseSampleArgs(["--shape", "crm"])).toThrow(/--shape must be one of standard, billing/);
    expect(() => parseSampleArgs(["--shape", "billing", "--events-format", "csv"])).toThrow(/--events-format is for the standard shape/);
    expect(parseSampleArgs(["--accounts", "50000", "--activity", "0.04"])).toMatchObject({accounts: 50000, activity: 0.04});
    expect(() => parseSampleArgs(["--activity", "some"])).toThrow(/--activity/);
    expect(parseSampleArgs(["--accounts", "20000"])).toMatchObject({outDir: "data/sample", accounts: 20000, badRows: true});
    expect(() => parseSampleArgs(["--scale", "lots"])).toThrow(/--scale/);
    expect(() => parseSampleArgs(["--events-format", "xlsx"])).toThrow(/--events-format/);
  });
});
