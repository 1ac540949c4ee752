// The Backtest page's queries over backtest_accounts (one row per account and scored month end:
// docs/metrics.md#backtest), for one horizon and the filters' WHERE. They count exactly as the build's
// churn_backtest.sql, churn_backtest_whatif.sql and churn_lead_times.sql do — scored at H is
// list_contains(horizons_scored, H), churned within H is days_to_churn < H — so with no filter they give the
// build's tables (test/unit/backtestQueries.test.ts checks it on the worked example and on a sample).

/** A horizon as a SQL integer (it comes from the URL: only a whole number gets through). */
function days(horizon) {
  const n = Number(horizon);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`not a horizon in days: ${horizon}`);
  return n;
}

/** The accounts of the scored month ends at horizon H that the filters keep, each churned within H or not. */
function counted(horizon, where) {
  const h = days(horizon);
  return `counted AS (
  SELECT period_end, signals, list_contains(signals, 'watch') AS on_watch, whatif_signal, whatif_watch_changed, arr,
         COALESCE(days_to_churn < ${h}, false) AS churned
  FROM backtest_accounts
  WHERE list_contains(horizons_scored, ${h}) AND (${where})
)`;
}

const ratios = `
  CASE WHEN flagged > 0 THEN flagged_churned / flagged END AS precision,
  CASE WHEN churned > 0 THEN flagged_churned / churned END AS recall,
  CASE WHEN accounts > 0 THEN churned / accounts END AS base_rate,
  CASE WHEN flagged > 0 AND churned > 0 THEN (flagged_churned / flagged) / (churned / accounts) END AS lift`;

const stringList = (values) => `[${values.map((v) => `'${String(v).replaceAll("'", "''")}'`).join(", ")}]::VARCHAR[]`;

/**
 * Each signal's counts at horizon H: pooled over the scored month ends, or per month end (byPeriod), one row for
 * every signal listed (also one that never fired), as churn_backtest: period_end (byPeriod), signal, accounts,
 * flagged, churned, flagged_churned, precision, recall, base_rate, lift, arr_flagged, arr_churned, arr_flagged_churned.
 */
export function signalCountsSql({horizon, where = "TRUE", signals, byPeriod = false}) {
  const period = byPeriod ? "period_end, " : "";
  const joinPeriod = byPeriod ? "f.period_end = p.period_end AND " : "";
  return `WITH ${counted(horizon, where)},
signals AS (SELECT unnest(names) AS signal, generate_subscripts(names, 1) AS signal_order FROM (SELECT ${stringList(signals)} AS names)),
population AS (
  SELECT ${period}count(*) AS accounts, count(*) FILTER (churned) AS churned, COALESCE(sum(arr) FILTER (churned), 0) AS arr_churned
  FROM counted ${byPeriod ? "GROUP BY period_end" : ""}
),
flags AS (
  SELECT ${period}signal, count(*) AS flagged, count(*) FILTER (churned) AS flagged_churned,
         sum(arr) AS arr_flagged, COALESCE(sum(arr) FILTER (churned), 0) AS arr_flagged_churned
  FROM (SELECT period_end, arr, churned, unnest(signals) AS signal FROM counted)
  GROUP BY ${period}signal
),
counts AS (
  SELECT ${byPeriod ? "p.period_end, " : ""}s.signal, s.signal_order, p.accounts::DOUBLE AS accounts, COALESCE(f.flagged, 0)::DOUBLE AS flagged,
         p.churned::DOUBLE AS churned, COALESCE(f.flagged_churned, 0)::DOUBLE AS flagged_churned,
         COALESCE(f.arr_flagged, 0) AS arr_flagged, p.arr_churned, COALESCE(f.arr_flagged_churned, 0) AS arr_flagged_churned
  FROM population p CROSS JOIN signals s
  LEFT JOIN flags f ON ${joinPeriod}f.signal = s.signal
)
SELECT ${period}signal, accounts, flagged, churned, flagged_churned, ${ratios}, arr_flagged, arr_churned, arr_flagged_churned
FROM counts
ORDER BY ${period}signal_order`;
}

/** The what-if variants' numbers as a SQL list (from metric_settings.backtest_whatif). */
function variantList(variants) {
  return `[${variants.map((v) => {
    const n = Number(typeof v === "object" ? v.variant : v);
    if (!Number.isInteger(n)) throw new Error(`not a what-if variant: ${v}`);
    return n;
  }).join(", ")}]::INTEGER[]`;
}

/**
 * Each what-if variant (metric_settings.backtest_whatif) at horizon H, pooled: measured as its own signal (kind
 * 'signal': the accounts in whatif_signal; only the variants that flagged someone have a row) and as the watch under
 * it (kind 'watch': the configured watch, with the accounts in whatif_watch_changed joining or leaving it; every
 * variant has a row): variant, kind, accounts, flagged, churned, flagged_churned and the ratios.
 * @param {{horizon: number | string, where?: string, variants: Array<number | {variant: number}>}} options
 */
export function whatIfCountsSql({horizon, where = "TRUE", variants}) {
  return `WITH ${counted(horizon, where)},
population AS (
  SELECT count(*)::DOUBLE AS accounts, count(*) FILTER (churned)::DOUBLE AS churned,
         count(*) FILTER (on_watch)::DOUBLE AS watch_flagged, count(*) FILTER (on_watch AND churned)::DOUBLE AS watch_flagged_churned
  FROM counted
),
signal_flags AS (
  SELECT variant, count(*)::DOUBLE AS flagged, count(*) FILTER (churned)::DOUBLE AS flagged_churned
  FROM (SELECT unnest(whatif_signal) AS variant, churned FROM counted)
  GROUP BY variant
),
watch_changes AS (
  -- under each variant, the accounts that join the watch (+1) and those that leave it (−1)
  SELECT variant, sum(step)::DOUBLE AS flagged, COALESCE(sum(step) FILTER (churned), 0)::DOUBLE AS flagged_churned
  FROM (SELECT unnest(whatif_watch_changed) AS variant, CASE WHEN on_watch THEN -1 ELSE 1 END AS step, churned FROM counted)
  GROUP BY variant
),
counts AS (
  SELECT s.variant, 'signal' AS kind, p.accounts, s.flagged, p.churned, s.flagged_churned
  FROM signal_flags s CROSS JOIN population p
  UNION ALL
  SELECT v.variant, 'watch' AS kind, p.accounts, p.watch_flagged + COALESCE(c.flagged, 0), p.churned, p.watch_flagged_churned + COALESCE(c.flagged_churned, 0)
  FROM (SELECT unnest(${variantList(variants)}) AS variant) v CROSS JOIN population p
  LEFT JOIN watch_changes c ON c.variant = v.variant
)
SELECT variant, kind, accounts, flagged, churned, flagged_churned, ${ratios}
FROM counts
ORDER BY variant, kind`;
}

/**
 * The churns that count at horizon H under the filters (as churn_lead_times: a churn counts when it is churned
 * within H of a scored month end the filters keep), one row each: account_id, name, csm_owner, tier (on the last of
 * those month ends), churn_date, arr_lost, reason, month_ends, month_ends_flagged, first_flagged_on, flagged,
 * lead_days (churn_date − the first flagged month end), bands (the band at each of those month ends, oldest first),
 * lowest_health_score, whatif_caught_by (the variants under which the watch was on at one of those month ends).
 * @param {{horizon: number | string, where?: string, variants?: Array<number | {variant: number}>}} options
 */
export function churnsSeenSql({horizon, where = "TRUE", variants = []}) {
  const h = days(horizon);
  return `SELECT account_id, any_value(name) AS name, arg_max(csm_owner, period_end) AS csm_owner, arg_max(tier, period_end) AS tier,
       churn_date, any_value(churn_arr) AS arr_lost, any_value(churn_reason) AS reason,
       count(*) AS month_ends,
       count(*) FILTER (list_contains(signals, 'watch')) AS month_ends_flagged,
       min(period_end) FILTER (list_contains(signals, 'watch')) AS first_flagged_on,
       count(*) FILTER (list_contains(signals, 'watch')) > 0 AS flagged,
       max(days_to_churn) FILTER (list_contains(signals, 'watch')) AS lead_days,
       list(health_band ORDER BY period_end) AS bands,
       min(health_score) AS lowest_health_score,
       list_sort(list_distinct(flatten(list(
         CASE WHEN list_contains(signals, 'watch') THEN list_filter(${variantList(variants)}, v -> NOT list_contains(whatif_watch_changed, v))
              ELSE whatif_watch_changed END)))) AS whatif_caught_by
FROM backtest_accounts
WHERE list_contains(horizons_scored, ${h}) AND days_to_churn < ${h} AND (${where})
GROUP BY account_id, churn_date`;
}

/** Lead time at horizon H: how many churns counted, how many the watch flagged in time, the median and quartiles of lead_days. */
export function leadSummarySql({horizon, where = "TRUE"}) {
  return `SELECT count(*) AS churns, count(*) FILTER (flagged) AS flagged,
       COALESCE(sum(arr_lost), 0) AS arr_lost, COALESCE(sum(arr_lost) FILTER (flagged), 0) AS arr_flagged,
       median(lead_days) AS median_lead_days,
       quantile_cont(lead_days, 0.25) AS lead_days_q1, quantile_cont(lead_days, 0.75) AS lead_days_q3
FROM (${churnsSeenSql({horizon, where})})`;
}

/** The distribution of lead_days in bins of binDays (0 – 29, 30 – 59, …): bin_start, churns. */
export function leadBinsSql({horizon, where = "TRUE", binDays = 30}) {
  const bin = days(binDays);
  return `SELECT (lead_days // ${bin}) * ${bin} AS bin_start, count(*) AS churns
FROM (${churnsSeenSql({horizon, where})})
WHERE flagged
GROUP BY bin_start
ORDER BY bin_start`;
}

/** Churned ARR by the month the customers left: flagged in time by the watch, or missed. */
export function arrByChurnMonthSql({horizon, where = "TRUE"}) {
  return `SELECT CAST(date_trunc('month', churn_date) AS DATE) AS churn_month,
       CASE WHEN flagged THEN 'flagged' ELSE 'missed' END AS outcome,
       count(*) AS churns, sum(arr_lost) AS arr_lost
FROM (${churnsSeenSql({horizon, where})})
GROUP BY ALL
ORDER BY churn_month, outcome`;
}

/** The scored month ends at horizon H, whatever the filters: first, last, how many. */
export function scoredMonthEndsSql({horizon}) {
  return `SELECT min(period_end) AS first, max(period_end) AS last, count(DISTINCT period_end) AS month_ends
FROM backtest_accounts WHERE list_contains(horizons_scored, ${days(horizon)})`;
}
