import {expect, test} from "vitest";
import {formatCount, formatDate, formatDays, formatDaysUntil, formatDelta, formatMinutes, formatMoney, formatMonth, formatNumber, formatPercent, formatScore} from "../../src/shared/format.js";

test("money: $1.2M, $850k, and no $1000k at the boundary", () => {
  expect(formatMoney(1_200_000)).toBe("$1.2M");
  expect(formatMoney(850_000)).toBe("$850k");
  expect(formatMoney(9_500)).toBe("$9.5k");
  expect(formatMoney(420)).toBe("$420");
  expect(formatMoney(999_950)).toBe("$1.0M");
  expect(formatMoney(3_140_000_000)).toBe("$3.1B");
  expect(formatMoney(-1_200_000)).toBe("−$1.2M");
  expect(formatMoney(null)).toBe("–");
});

test("percent, counts and deltas", () => {
  expect(formatPercent(0.875)).toBe("87.5%");
  expect(formatPercent(1)).toBe("100.0%");
  expect(formatCount(1234)).toBe("1,234");
  expect(formatDelta(12)).toBe("+12");
  expect(formatDelta(-0.05, formatPercent)).toBe("−5.0%");
  expect(formatDelta(0)).toBe("0");
  expect(formatDelta(250_000, formatMoney)).toBe("+$250k");
});

test("dates are UTC, ISO days and short months", () => {
  expect(formatDate(new Date("2026-06-30T00:00:00Z"))).toBe("2026-06-30");
  expect(formatDate("2026-06-30")).toBe("2026-06-30");
  expect(formatMonth(new Date("2026-06-01T00:00:00Z"))).toBe("Jun 2026");
  expect(formatDays(45)).toBe("45 days");
  expect(formatDays(1)).toBe("1 day");
  expect(formatDays(-3)).toBe("3 days overdue");
});

test("scores, measured numbers, durations and days until a date", () => {
  expect(formatScore(62.34)).toBe("62.3");
  expect(formatScore(0)).toBe("0.0");
  expect(formatNumber(2.345, {digits: 1})).toBe("2.3");
  expect(formatNumber(-1234.5, {digits: 0})).toBe("−1,235");
  expect(formatMinutes(45)).toBe("45 min");
  expect(formatMinutes(210)).toBe("3.5 h");
  expect(formatMinutes(7200)).toBe("120 h");
  expect(formatDaysUntil(0)).toBe("today");
  expect(formatDaysUntil(1)).toBe("in 1 day");
  expect(formatDaysUntil(45)).toBe("in 45 days");
  expect(formatDaysUntil(-3)).toBe("3 days overdue");
  expect(formatDaysUntil(null)).toBe("–");
});
