import {expect, test} from "vitest";
import {formatPoints, formatRelative, kpiChange} from "../../src/components/kpiCard.js";

test("a change is good or bad by the KPI's direction", () => {
  // ARR up is good; logo churn up is bad; a share of ARR held by the top accounts is neither
  expect(kpiChange(110, 100, "up")).toEqual({delta: 10, tone: "good"});
  expect(kpiChange(0.2, 0.18, "down").tone).toBe("bad");
  expect(kpiChange(0.79, 0.8, null).tone).toBe("none");
  expect(kpiChange(5, 5, "up")).toEqual({delta: 0, tone: "flat"});
});

test("no change without both values: the first month, or a rate with nothing due", () => {
  expect(kpiChange(0.88, null)).toEqual({delta: null, tone: "none"});
  expect(kpiChange(null, 0.88)).toEqual({delta: null, tone: "none"});
  expect(kpiChange(Number.NaN, 1)).toEqual({delta: null, tone: "none"});
});

test("rates change in percentage points, amounts in percent", () => {
  expect(formatPoints(0.015)).toBe("+1.5 pts");
  expect(formatPoints(-0.003)).toBe("−0.3 pts");
  expect(formatPoints(0.0002)).toBe("0.0 pts");
  expect(formatPoints(null)).toBe("–");
  // $94.8M against $94.0M: +0.9%
  expect(formatRelative(94_838_000 - 93_988_600, 93_988_600)).toBe("+0.9%");
  expect(formatRelative(-2, 4)).toBe("−50.0%");
  expect(formatRelative(5, 0)).toBe("–");
});
