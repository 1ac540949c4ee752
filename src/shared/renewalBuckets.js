// Renewals coming up in windows of days (30, 60, 90, 180), in JavaScript and in SQL, and the bucket of ARR whose
// renewal date is unknown (an open-ended contract without a billing period). No Plot here: renewalOutlook.js
// draws them.

/** Renewal windows, in days: an account falls in the first window its days_to_renewal fits. */
export const renewalBuckets = [
  {label: "0–30 days", short: "≤ 30", max: 30},
  {label: "31–60 days", short: "31–60", max: 60},
  {label: "61–90 days", short: "61–90", max: 90},
  {label: "91–180 days", short: "91–180", max: 180}
];

/** The bucket of the ARR under contract whose renewal date is unknown (days_to_renewal NULL). */
export const NO_RENEWAL_DATE = "no renewal date";

/** The outlook's longest window, in days. */
export const OUTLOOK_DAYS = renewalBuckets.at(-1).max;

/**
 * The bucket for a current customer's days to renewal: its window (overdue counts as the first),
 * NO_RENEWAL_DATE when unknown (null), or null past the last window.
 */
export function renewalBucket(days) {
  if (days == null) return NO_RENEWAL_DATE;
  if (!Number.isFinite(Number(days))) return null;
  return renewalBuckets.find((bucket) => Number(days) <= bucket.max)?.label ?? null;
}

/** SQL CASE expression for the same buckets, over days_to_renewal. */
export function renewalBucketSql(column = "days_to_renewal") {
  const cases = renewalBuckets.map((bucket) => `WHEN ${column} <= ${bucket.max} THEN '${bucket.label}'`).join(" ");
  return `CASE WHEN ${column} IS NULL THEN '${NO_RENEWAL_DATE}' ${cases} END`;
}

/** SQL condition: the current customers the outlook counts (renewing within its longest window, or with no known renewal date). */
export function renewalOutlookSql(column = "days_to_renewal") {
  return `has_active_contract AND (${column} <= ${OUTLOOK_DAYS} OR ${column} IS NULL)`;
}

/** The buckets a chart shows for rows [{bucket}]: every window, and "no renewal date" when some ARR has none. */
export function outlookBuckets(rows) {
  const windows = renewalBuckets.map((b) => b.label);
  return rows.some((row) => row.bucket === NO_RENEWAL_DATE) ? [...windows, NO_RENEWAL_DATE] : windows;
}
