// The account page's data, split into a fixed number of small files ("buckets") so that opening one
// account downloads the few rows of its own bucket instead of eight whole tables, and needs no
// in-browser database: at 50,000 accounts one bucket holds ~200 accounts (≤ 90 kB gzip), against
// ~14 MB of Parquet for the whole tables. `pulse build` writes them (loaders/site/accountPages.ts)
// to data/account-pages/NNN.json.gz, one per bucket, whatever the number of accounts — the site
// never grows a file per account. No DOM here: the build imports this module too; the page fetches a bucket with
// src/components/fetchAccountPage.js.

/** How many of an account's support tickets its page lists: the most recent. */
export const ACCOUNT_PAGE_TICKETS = 20;

/** How many bucket files the site has. */
export const ACCOUNT_PAGE_BUCKETS = 256; // accountBucket's last step makes 256 of them

export const HASH_MODULUS = 2147483647; // a prime; h * 31 + a code point stays an exact integer in JS and in SQL
// The last step spreads similar ids (ACC-000001, ACC-000002, …) evenly: bits 8–15 of h × 40503
// (Knuth's multiplicative hashing on 16 bits; under 2^47, so exact in JS). h % 256 alone left
// 50 of 256 buckets empty for the sample's 2,000 ids and put 17–410 ids in a bucket at 50,000.
export const HASH_MULTIPLIER = 40503;

/**
 * The bucket an account id's data is in: a hash of the id's Unicode code points, the same in the
 * browser and in the build's SQL (accountBucketSql in loaders/site/accountPages.ts).
 */
export function accountBucket(accountId) {
  let h = 0;
  for (const character of String(accountId)) h = (h * 31 + character.codePointAt(0)) % HASH_MODULUS;
  return Math.floor(((h * HASH_MULTIPLIER) % 65536) / 256);
}

/** The bucket file's path in the site, from the site's root: data/account-pages/007.json.gz */
export function accountPagePath(bucket) {
  return `data/account-pages/${String(bucket).padStart(3, "0")}.json.gz`;
}

/**
 * What an account's entry holds, and where each part comes from. `one`: the account's row itself
 * (every column: the health explanation and the churn rules' evidence read many); the others are
 * lists of rows, in `order` (the page's order), with the columns the page shows or downloads. The
 * build runs `select` over the built tables ({name} stands for a table) and keeps each account's rows.
 */
export const accountPageParts = {
  account: {select: "SELECT * FROM {accounts}", one: true},
  weekly: {select: "SELECT account_id, week_start, days_observed, visits, active_users, key_actions FROM {account_weekly}", order: "week_start"},
  history: {select: "SELECT account_id, snapshot_date, health_score, health_band, grid_cell, tier FROM {health_history}", order: "snapshot_date"},
  health: {
    select: "SELECT account_id, position, component, label, measured_for_account, points, max_points, shown_points, weakest, measured FROM {health_components}",
    order: "position"
  },
  modules: {select: "SELECT account_id, module, week_start, visits, active_users, key_actions FROM {module_usage}", order: "module, week_start"},
  keyUsers: {
    select: `SELECT account_id, user_id, role, last_active_date, days_since_active, active_recent, visits_window, events_window,
                    key_actions_window, duration_window_minutes, active_days_window FROM {key_users}`,
    order: "active_recent DESC, last_active_date DESC NULLS LAST, user_id"
  },
  contracts: {
    select: `SELECT account_id, contract_id, plan, status, is_new_logo, signed_on, start_date, end_date, billing_period_months, arr,
                    renewal_outcome, renewal_arr, renews, renewed_by FROM {renewals}`,
    order: "start_date DESC, contract_id"
  },
  // churns of the account (status churned, notice, contradicted, no_contract), newest first
  churns: {
    select: `SELECT account_id, status, source, churn_date, churn_event_date, reason, feedback, churn_events, arr_lost FROM {churns}`,
    order: "churn_date DESC, status"
  },
  // the account's most recent support tickets known on the as-of date (opened by then; a ticket closed
  // after it is still open then, and its rating not given yet), with how many it had in all
  tickets: {
    select: `SELECT t.account_id, t.ticket_id, t.opened_at,
                    CASE WHEN CAST(t.closed_at AS DATE) <= s.as_of THEN t.closed_at END AS closed_at,
                    t.priority,
                    CASE WHEN t.closed_at IS NULL OR CAST(t.closed_at AS DATE) <= s.as_of THEN t.satisfaction END AS satisfaction,
                    t.escalated,
                    count(*) OVER (PARTITION BY t.account_id) AS tickets_in_all
             FROM {support_tickets} t CROSS JOIN {metric_settings} s
             WHERE CAST(t.opened_at AS DATE) <= s.as_of
             QUALIFY row_number() OVER (PARTITION BY t.account_id ORDER BY t.opened_at DESC, t.ticket_id DESC) <= ${ACCOUNT_PAGE_TICKETS}`,
    order: "opened_at DESC, ticket_id DESC"
  }
};

/**
 * One account's data from its bucket file's JSON, as the page uses it: {account, weekly, history,
 * health, modules, keyUsers, contracts, churns, tickets} with rows as plain objects and dates as Date (as
 * DuckDB-Wasm gives them); null when the bucket has no such account.
 *
 * The file's JSON: {dates: {part: [date columns]}, accounts: {id: {account: {...}, weekly: {column:
 * [values]}, ...}}} — list parts column by column (each column name once, not once per row).
 * @typedef {Record<string, any>} Row
 * @returns {{account: Row, weekly: Row[], history: Row[], health: Row[], modules: Row[], keyUsers: Row[], contracts: Row[], churns: Row[], tickets: Row[]} | null}
 */
export function accountPageEntry(bucketJson, accountId) {
  const entry = Object.hasOwn(bucketJson.accounts, accountId) ? bucketJson.accounts[accountId] : null;
  if (!entry) return null;
  const dates = bucketJson.dates;
  /** @type {any} */
  const result = {};
  for (const [part, {one}] of Object.entries(accountPageParts)) {
    const data = entry[part];
    result[part] = one ? withDates(data, dates[part]) : rowsOf(data).map((row) => withDates(row, dates[part]));
  }
  return result;
}

/** {column: [values]} → [{column: value}]; null (an account with no rows) → [] */
function rowsOf(columns) {
  if (!columns) return [];
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  return Array.from({length: n}, (_, i) => Object.fromEntries(names.map((name) => [name, columns[name][i]])));
}

function withDates(row, dateColumns = []) {
  for (const column of dateColumns) if (row[column] != null) row[column] = new Date(row[column]);
  return row;
}
