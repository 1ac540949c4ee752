import {expect, test} from "vitest";
import {renewalBucket, renewalBucketSql} from "../../src/components/renewalOutlook.js";

test("renewal windows: 0–30, 31–60, 61–90, 91–180 days; the SQL says the same", () => {
  expect([0, 30, 31, 90, 91, 180, 181].map(renewalBucket)).toEqual(["0–30 days", "0–30 days", "31–60 days", "61–90 days", "91–180 days", "91–180 days", null]);
  expect(renewalBucket(null)).toBeNull();
  expect(renewalBucketSql()).toBe(
    "CASE WHEN days_to_renewal <= 30 THEN '0–30 days' WHEN days_to_renewal <= 60 THEN '31–60 days' WHEN days_to_renewal <= 90 THEN '61–90 days' WHEN days_to_renewal <= 180 THEN '91–180 days' END"
  );
});
