// The snapshots page's "did the watch get better?" in words (src/components/backtestComparison.js).
import {expect, test} from "vitest";
import {backtestChange, watchSentences} from "../../src/components/backtestComparison.js";

const row = (previous: [number, number] | null, current: [number, number] | null) => ({
  horizon_days: 90, signal: "watch",
  previous_churned: previous ? 50 : null, current_churned: current ? 50 : null,
  previous_precision: previous ? 0.1 : null, current_precision: current ? 0.125 : null,
  previous_recall: previous?.[0] ?? null, current_recall: current?.[0] ?? null,
  previous_lift: previous?.[1] ?? null, current_lift: current?.[1] ?? null
});

test("better, worse, mixed or unchanged, from lift and recall; new and gone", () => {
  // [recall, lift] then → now
  expect(backtestChange(row([0.8, 2], [0.9, 2.5]))).toBe("better"); // both rose
  expect(backtestChange(row([0.8, 2], [0.8, 2.5]))).toBe("better"); // lift rose, recall held
  expect(backtestChange(row([0.8, 2], [0.7, 2]))).toBe("worse"); // recall fell, lift held
  expect(backtestChange(row([0.8, 2], [0.9, 1.5]))).toBe("mixed"); // catches more, less sharply
  expect(backtestChange(row([0.8, 2], [0.8, 2]))).toBe("unchanged");
  // as shown: lift 2.31× and 2.33× both read 2.3×, recall 99.6% and 100% both read 100%
  expect(backtestChange(row([0.996, 2.31], [1, 2.33]))).toBe("unchanged");
  expect(backtestChange(row(null, [0.8, 2]))).toBe("new");
  expect(backtestChange(row([0.8, 2], null))).toBe("gone");
});

test("the watch in a sentence per horizon", () => {
  // recall 0.8 → 0.9, precision 0.1 → 0.125 (1 in 10 → 1 in 8), lift 2 → 2.5
  expect(watchSentences([row([0.8, 2], [0.9, 2.5]), {...row([0.8, 2], [0.9, 2.5]), signal: "band:red"}], {previous: "2026-10-15"})).toEqual([
    "At 90 days the watch caught 90% of churn (80% on 2026-10-15), 1 in 8 of those flagged left (1 in 10), lift 2.5× (2.0×): better."
  ]);
});
