import {expect, test} from "vitest";
import {NO_RENEWAL_DATE, outlookBuckets, renewalBucket, renewalBucketSql, renewalOutlookSql} from "../../src/components/renewalOutlook.js";

test("renewal windows: 0–30, 31–60, 61–90, 91–180 days; an unknown renewal date has its own bucket; the SQL says the same", () => {
  expect([0, 30, 31, 90, 91, 180, 181].map(renewalBucket)).toEqual(["0–30 days", "0–30 days", "31–60 days", "61–90 days", "91–180 days", "91–180 days", null]);
  expect(renewalBucket(-3)).toBe("0–30 days"); // overdue: the first window
  expect(renewalBucket(null)).toBe(NO_RENEWAL_DATE); // open-ended, no billing period: counted, not dropped
  expect(renewalBucket(Number.NaN)).toBeNull();
  expect(renewalBucketSql()).toBe(
    "CASE WHEN days_to_renewal IS NULL THEN 'no renewal date' WHEN days_to_renewal <= 30 THEN '0–30 days' WHEN days_to_renewal <= 60 THEN '31–60 days' WHEN days_to_renewal <= 90 THEN '61–90 days' WHEN days_to_renewal <= 180 THEN '91–180 days' END"
  );
  expect(renewalOutlookSql()).toBe("has_active_contract AND (days_to_renewal <= 180 OR days_to_renewal IS NULL)");
});

test("the outlook's buckets: the four windows, and 'no renewal date' only when some ARR has none", () => {
  const windows = ["0–30 days", "31–60 days", "61–90 days", "91–180 days"];
  expect(outlookBuckets([{bucket: "0–30 days"}])).toEqual(windows);
  expect(outlookBuckets([{bucket: "0–30 days"}, {bucket: NO_RENEWAL_DATE}])).toEqual([...windows, NO_RENEWAL_DATE]);
});
