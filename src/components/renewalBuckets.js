// Renewals coming up in windows of days (30, 60, 90, 180), in JavaScript and in SQL. No Plot here:
// renewalOutlook.js draws them.

/** Renewal windows, in days: an account falls in the first window its days_to_renewal fits. */
export const renewalBuckets = [
  {label: "0–30 days", short: "≤ 30", max: 30},
  {label: "31–60 days", short: "31–60", max: 60},
  {label: "61–90 days", short: "61–90", max: 90},
  {label: "91–180 days", short: "91–180", max: 180}
];

/** The window's label for a number of days to renewal (overdue counts as the first), or null past the last. */
export function renewalBucket(days) {
  if (days == null || !Number.isFinite(Number(days))) return null;
  return renewalBuckets.find((bucket) => Number(days) <= bucket.max)?.label ?? null;
}

/** SQL CASE expression for the same windows, over days_to_renewal. */
export function renewalBucketSql(column = "days_to_renewal") {
  const cases = renewalBuckets.map((bucket) => `WHEN ${column} <= ${bucket.max} THEN '${bucket.label}'`).join(" ");
  return `CASE ${cases} END`;
}
