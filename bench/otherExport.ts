// An export of a shape Pulse's own sample generator does not make, for the build benchmarks (issue #17): a
// product-analytics tool's raw events, as a team might hand them over.
//   - 20,000 accounts, 10 users each, one year of events ending on --end (default 2026-11-15);
//   - every event carries a session id (sessions of 1–9 events, a few seconds to minutes apart, starting at
//     any time of day, so some cross midnight), ISO 8601 timestamps with milliseconds and a Z;
//   - 8 modules of 6 features each, ~8% key actions, a duration on every event, page views only on page views;
//   - columns in another order than the contract's, users as CSV (not JSON Lines), no leads, no bad rows.
// Everything is computed in DuckDB from hashes of the row numbers, so the same options give the same files.
//
//   npx tsx bench/otherExport.ts --out DIR [--events 10000000] [--accounts 20000] [--days 365]
//                                [--format csv|parquet] [--daily]
// --daily writes usage_events/ as a folder of one file per day (usage_events/2026-11-15.csv, …).
import {existsSync, mkdirSync, readdirSync, renameSync, rmSync} from "node:fs";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {PulseDb, sqlString} from "../loaders/db.js";

export interface OtherExportOptions {
  outDir: string;
  events?: number;
  accounts?: number;
  usersPerAccount?: number;
  days?: number;
  endDate?: string;
  format?: "csv" | "parquet";
  daily?: boolean;
}

const MEAN_SESSION_EVENTS = 5;

export async function generateOtherExport(options: OtherExportOptions): Promise<void> {
  const {outDir, events = 10_000_000, accounts = 20_000, usersPerAccount = 10, days = 365, endDate = "2026-11-15", format = "csv", daily = false} = options;
  rmSync(outDir, {recursive: true, force: true});
  mkdirSync(outDir, {recursive: true});
  const db = await PulseDb.open();
  const first = `(DATE ${sqlString(endDate)} - ${days - 1})`;
  const file = (name: string) => sqlString(join(outDir, name));
  const csv = "(FORMAT csv, HEADER true)";
  try {
    // h(i, k): a pseudo-random whole number from 0 to 2^31 for row i and purpose k
    await db.run(`CREATE MACRO h(i, k) AS CAST(hash(i * 1000003 + k) % 2147483648 AS BIGINT)`);
    await db.run(`COPY (
      SELECT 'cust_' || i AS account_id, 'Customer ' || i AS name,
        ['Retail', 'Finance', 'Health', 'Media', 'Logistics'][1 + h(i, 1) % 5] AS industry,
        ['EMEA', 'NA', 'APAC', 'LATAM'][1 + h(i, 2) % 4] AS region,
        'csm' || (h(i, 3) % 40) AS csm_owner,
        ${first} - CAST(h(i, 4) % 700 AS INTEGER) AS created_at,
        ${usersPerAccount} + h(i, 5) % 20 AS seats
      FROM range(${accounts}) t(i)) TO ${file("accounts.csv")} ${csv}`);
    // one contract per account, most running through the year; one in ten ended during it
    await db.run(`COPY (
      SELECT 'sub_' || i AS contract_id, 'cust_' || i AS account_id,
        ${first} - CAST(h(i, 6) % 300 AS INTEGER) AS start_date,
        CASE WHEN h(i, 7) % 10 = 0 THEN ${first} + CAST(60 + h(i, 8) % 280 AS INTEGER)
             ELSE ${first} - CAST(h(i, 6) % 300 AS INTEGER) + 730 END AS end_date,
        1000 * (5 + h(i, 9) % 200) AS arr, ['starter', 'growth', 'enterprise'][1 + h(i, 10) % 3] AS plan
      FROM range(${accounts}) t(i)) TO ${file("contracts.csv")} ${csv}`);
    await db.run(`COPY (
      SELECT 'u_' || a || '_' || k AS user_id, 'cust_' || a AS account_id,
        CASE k WHEN 0 THEN 'admin' WHEN 1 THEN 'champion' ELSE 'member' END AS role,
        'user' || a || '.' || k || '@example.com' AS email
      FROM range(${accounts}) s(a), range(${usersPerAccount}) u(k)) TO ${file("users.csv")} ${csv}`);
    // sessions: a user, a day and a start second; then its events, in time order
    const sessions = Math.ceil((events / MEAN_SESSION_EVENTS) * 1.05);
    await db.run(`CREATE TABLE sessions AS
      SELECT s, h(s, 11) % ${accounts * usersPerAccount} AS u, ${first} + CAST(h(s, 12) % ${days} AS INTEGER) AS day,
        h(s, 13) % 86400 AS start_s, 1 + h(s, 14) % ${2 * MEAN_SESSION_EVENTS - 1} AS n
      FROM range(${sessions}) t(s)`);
    await db.run(`CREATE TABLE events AS
      SELECT day, u, s, j,
        CAST(day AS TIMESTAMP) + to_milliseconds(CAST(1000 * start_s + j * (5000 + h(s * 16 + j, 15) % 115000) AS BIGINT)) AS ts,
        h(s * 16 + j, 16) % 100 AS kind, h(s * 16 + j, 17) % 8 AS module, h(s * 16 + j, 18) % 6 AS feature
      FROM (SELECT *, unnest(range(n)) AS j FROM (SELECT *, sum(n) OVER (ORDER BY s) - n AS before FROM sessions))
      -- the first sessions (their days are random) up to the number of events asked for
      WHERE before + j < ${events}`);
    const select = `SELECT strftime(ts, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS "timestamp",
        'cust_' || (u // ${usersPerAccount}) AS account_id, 'u_' || (u // ${usersPerAccount}) || '_' || (u % ${usersPerAccount}) AS user_id,
        'sess-' || to_hex(h(s, 19)) || '-' || s AS session_id,
        CASE WHEN kind < 8 THEN ['export_data', 'share_dashboard', 'create_alert', 'publish_report'][1 + kind % 4]
             WHEN kind < 55 THEN 'page_view' ELSE 'feature_use' END AS event,
        'mod_' || module AS module, 'mod_' || module || '.f' || feature AS feature,
        CAST((h(s * 16 + j, 20) % 3000) / 10.0 AS DOUBLE) AS duration_s,
        CASE WHEN kind >= 8 AND kind < 55 THEN 1 END AS page_views`;
    const copyOptions = format === "csv" ? csv : "(FORMAT parquet, COMPRESSION zstd)";
    if (!daily) {
      await db.run(`COPY (${select} FROM events ORDER BY ts, s, j) TO ${file(`usage_events.${format}`)} ${copyOptions}`);
    } else {
      const folder = join(outDir, "usage_events");
      await db.run(`COPY (${select}, strftime(ts, '%Y-%m-%d') AS day FROM events ORDER BY ts, s, j) TO ${sqlString(folder)}
        (FORMAT ${format}, PARTITION_BY (day)${format === "csv" ? ", HEADER true" : ", COMPRESSION zstd"})`);
      // day=2026-11-15/data_0.csv → 2026-11-15.csv (the partition column is not in the files)
      for (const part of readdirSync(folder)) {
        const [only] = readdirSync(join(folder, part));
        renameSync(join(folder, part, only), join(folder, `${part.replace(/^day=/, "")}.${format}`));
        rmSync(join(folder, part), {recursive: true});
      }
    }
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("otherExport.ts")) {
  const {values} = parseArgs({
    options: {
      out: {type: "string"},
      events: {type: "string", default: "10000000"},
      accounts: {type: "string", default: "20000"},
      days: {type: "string", default: "365"},
      end: {type: "string", default: "2026-11-15"},
      format: {type: "string", default: "csv"},
      daily: {type: "boolean", default: false}
    }
  });
  if (!values.out) throw new Error("usage: otherExport.ts --out DIR [--events N] [--accounts N] [--days N] [--format csv|parquet] [--daily]");
  if (values.format !== "csv" && values.format !== "parquet") throw new Error(`--format must be csv or parquet, got ${values.format}`);
  const started = Date.now();
  await generateOtherExport({
    outDir: resolve(values.out),
    events: Number(values.events),
    accounts: Number(values.accounts),
    days: Number(values.days),
    endDate: values.end,
    format: values.format,
    daily: values.daily
  });
  console.log(`wrote ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s${existsSync(join(values.out, "usage_events")) ? " (usage_events/ one file per day)" : ""}`);
}
