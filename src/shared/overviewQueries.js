// The overview's "Book of business" in SQL, in one place for the page and for the build: the page asks
// DuckDB-Wasm these queries when a filter is set; the build runs the same queries with no filter over
// the same tables (overview.duckdb's) and writes their answers to overview_first_view.json, which the
// page draws without the engine (src/data/overview_first_view.json.ts). No DOM and no engine here.
//
//   const sql = overviewSql(whereClause(filters, {settings}));
//   const [selection] = await db.query(sql.selection);
import {renewalBucketSql, renewalOutlookSql} from "./renewalBuckets.js";

/** How many of the largest accounts at risk the overview lists. */
export const AT_RISK_ROWS = 10;

/**
 * The overview's queries over its accounts, health_history and funnel tables, for the accounts that
 * match where (SQL over accounts, from whereClause; "TRUE" for all).
 * @param {string} where
 */
export function overviewSql(where = "TRUE") {
  const inSelection = `account_id IN (SELECT account_id FROM accounts WHERE ${where})`;
  return {
    // the strip under the filter bar: the current customers, their ARR, the churn watch, the median score
    selection: `
  SELECT count(*) FILTER (WHERE has_active_contract) AS customers,
         COALESCE(sum(arr), 0) AS arr,
         count(*) FILTER (WHERE churn_watch) AS watched,
         COALESCE(sum(arr) FILTER (WHERE churn_watch), 0) AS at_risk,
         median(health_score) FILTER (WHERE has_active_contract) AS health
  FROM accounts WHERE ${where}`,
    // "ARR by health band, month by month"
    bandMonths: `
  SELECT month, health_band, count(*) AS accounts, sum(arr) AS arr
  FROM health_history WHERE ${inSelection}
  GROUP BY ALL ORDER BY month, health_band`,
    // "Tier mix"
    tiers: `
  SELECT tier, count(*) AS accounts, sum(arr) AS arr
  FROM accounts WHERE tier IS NOT NULL AND ${where} GROUP BY tier ORDER BY tier`,
    // "Renewals coming up": renewing within the outlook's window, and the ARR with no known renewal
    // date (open-ended, no billing period) in a bucket of its own (renewalBuckets.js)
    renewals: `
  SELECT ${renewalBucketSql()} AS bucket, health_band, count(*) AS accounts, sum(arr) AS arr
  FROM accounts WHERE ${renewalOutlookSql()} AND ${where}
  GROUP BY ALL ORDER BY bucket, health_band`,
    // the lifecycle funnel over all cohorts: company-wide, it does not follow the filters
    funnel: `SELECT * FROM funnel WHERE cohort_month IS NULL ORDER BY stage_order`,
    // "Largest ARR at risk"
    atRisk: `
  SELECT account_id, name, csm_owner, tier, health_band, health_score, arr, contract_end, days_to_renewal, open_ended, churn_reasons, churn_reason_labels
  FROM accounts WHERE churn_watch AND ${where}
  ORDER BY arr DESC, account_id LIMIT ${AT_RISK_ROWS}`
  };
}

/** Date columns of each answer: the first view's JSON has them as "YYYY-MM-DD" text, DuckDB-Wasm as Date. */
const dateColumns = {bandMonths: ["month"], funnel: ["cohort_month"], atRisk: ["contract_end"]};

/**
 * The overview's answers as the page uses them, from the build's JSON or from the database:
 * {where, selection (one row), bandMonths, tiers, renewals, funnel, atRisk}; dates as Date.
 * @param {string} where
 * @param {Record<string, Record<string, any>[]>} answers
 */
export function overviewAnswers(where, answers) {
  /** @type {Record<string, any>} */
  const view = {where};
  for (const [name, rows] of Object.entries(answers)) {
    const dates = dateColumns[/** @type {keyof typeof dateColumns} */ (name)] ?? [];
    const revived = rows.map((row) => (dates.length ? {...row, ...Object.fromEntries(dates.map((column) => [column, row[column] == null ? null : new Date(row[column])]))} : row));
    view[name] = name === "selection" ? revived[0] : revived;
  }
  return view;
}
