// The sample site the e2e tests check (built by globalSetup into dist/): SQL over the tables it serves
// (dist/_file/data/*.parquet), queried with DuckDB in Node, which is where every expected row and number
// of the page tests comes from; and the page actions those tests share. Generic helpers (opening pages,
// tables, CSV downloads, the filter bar) are in harness.ts.
import {readFile} from "node:fs/promises";
import {distDir, distFile, queryParquet} from "./harness.js";

// ---------------------------------------------------------------------------------------------
// SQL over the built sample

/**
 * SQL over the tables a built site serves, each a view named after its file: `accounts` always, plus the
 * tables named (sql(query, ["funnel"])). By default the sample site in dist/; a folder instead of table
 * names queries the accounts of another built site (sql(query, join(dir, "site")), the escaping fixture).
 * Rows come back as JSON values (BIGINT as a string: wrap counts in Number()).
 */
export function sql<T = Record<string, string>>(query: string, tablesOrSite: string[] | string = []): Promise<T[]> {
  const [tables, site] = typeof tablesOrSite === "string" ? [[], tablesOrSite] : [tablesOrSite, distDir];
  const files: Record<string, string> = {accounts: distFile("accounts.parquet", site)};
  for (const table of tables) files[table] = distFile(`${table}.parquet`, site);
  return queryParquet<T>(files, query);
}

/** The account_id column of a query's rows, in its order. */
export const ids = async (query: string, tables?: string[]) => (await sql<{account_id: string}>(query, tables)).map((row) => row.account_id);

/** The thresholds and windows the site was built with (metric_settings.json, as the pages read it). */
export async function metricSettings(): Promise<Record<string, number | string>> {
  return JSON.parse(await readFile(distFile("metric_settings.json"), "utf8"));
}

/** The region with the most paying accounts: a filter that keeps a fair share of the rows. */
export async function busiestRegion(): Promise<string> {
  const [{region}] = await sql("SELECT region FROM accounts WHERE tier IS NOT NULL GROUP BY region ORDER BY count(*) DESC, region LIMIT 1");
  return region;
}

/**
 * The health table's default order, the accounts to call first (docs/site.md#the-health-tables-order): the
 * largest ARR at stake, ARR × (100 − score) ÷ 100, then the larger ARR, then the id.
 */
export const HEALTH_ORDER = "arr * (100 - health_score) / 100 DESC NULLS LAST, arr DESC, account_id";

/** The ids of the current customers matching a condition, in the health table's default order. */
export async function healthIds(where: string): Promise<string[]> {
  const rows = await sql<{account_id: string}>(
    `SELECT account_id FROM accounts WHERE has_active_contract AND ${where} ORDER BY ${HEALTH_ORDER}`
  );
  return rows.map((row) => row.account_id);
}

// ---------------------------------------------------------------------------------------------
// what the pages show

/** A count as the pages write it: 1,234. */
export const formatted = (n: number) => n.toLocaleString("en-US");

/** The first column (account_id) of a downloaded CSV's rows, header left out. */
export const csvIds = (lines: string[]) => lines.slice(1).map((line) => line.split(",")[0]);

// harness.ts's downloadCsv and chooseFilter, under the names the health, churn watch, segments and
// escaping tests were written with (they moved here from pagesB.e2e.test.ts unchanged)
export {downloadCsv as csvLines, chooseFilter as choose} from "./harness.js";
