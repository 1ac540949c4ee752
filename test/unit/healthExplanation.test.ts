import {expect, test} from "vitest";
import {bandSentence, roundToSum, scoreBreakdown} from "../../src/components/healthExplanation.js";

const settings = {
  window_days: 30,
  grid_depth_measure: "visits",
  health_weights: {activity: 0.25, breadth: 0.2, depth: 0.15, seats: 0.15, key_users: 0.15, trend: 0.1},
  health_activity_target_visits: 20,
  health_depth_target: 5,
  health_key_users_target: 3,
  health_band_green: 70,
  health_band_yellow: 40
};

test("rounded points add up to the rounded score (largest remainders get the leftover tenths)", () => {
  // 3 × 33.333… = 100: plain rounding gives 33.3 × 3 = 99.9
  expect(roundToSum([100 / 3, 100 / 3, 100 / 3], 100)).toEqual([33.4, 33.3, 33.3]);
  // 12.26 + 7.26 = 19.52 → score 19.5; plain rounding gives 12.3 + 7.3 = 19.6. Floors 12.2 + 7.2 = 19.4,
  // one tenth left over goes to the larger remainder (a tie: the first)
  expect(roundToSum([12.26, 7.26], 19.5)).toEqual([12.3, 7.2]);
  expect(roundToSum([1.25, null, 2.25], 3.5)).toEqual([1.3, null, 2.2]);
});

test("the breakdown reproduces a score from components × weights", () => {
  // seats unknown: weight total 1 - 0.15 = 0.85, so activity can give 100 × 0.25 / 0.85 = 29.41 points
  const account = {
    health_score: 49.4, health_weight_total: 0.85, health_weakest: "depth",
    health_activity: 0.5, health_activity_points: (100 * 0.25 * 0.5) / 0.85, // 14.71
    health_breadth: 0.5, health_breadth_points: (100 * 0.2 * 0.5) / 0.85, // 11.76
    health_depth: 0, health_depth_points: 0,
    health_seats: null, health_seats_points: null,
    health_key_users: 1, health_key_users_points: (100 * 0.15) / 0.85, // 17.65
    health_trend: 0.25, health_trend_points: (100 * 0.1 * 0.25) / 0.85, // 2.94
    visits_30d: 10, visits_prev_30d: 20, modules_offered_used_30d: 3, modules_offered: 6, depth: 0, seats: null,
    active_users_30d: 0, key_users_active_30d: 4
  };
  const parts = scoreBreakdown(account, settings);
  expect(parts.map((p) => p.id)).toEqual(["activity", "breadth", "depth", "seats", "key_users", "trend"]);
  const activity = parts[0];
  expect(activity.maxPoints).toBeCloseTo(29.41, 2);
  expect(activity.measured).toBe("10 visits in the last 30 days; full points at 20");
  const seats = parts[3];
  expect(seats).toMatchObject({counted: false, points: null, maxPoints: null, shownPoints: null});
  expect(seats.measured).toMatch(/not counted/);
  const shown = parts.filter((p) => p.counted).map((p) => p.shownPoints);
  expect(shown.reduce((a, b) => a + b, 0)).toBeCloseTo(49.4, 6);
  expect(parts[5].measured).toBe("10 visits against 20 in the 30 days before (−50%); half points when flat");
});

test("bands in words, from the build's thresholds", () => {
  expect(bandSentence(70, settings)).toEqual({band: "green", text: "green (70 or more)"});
  expect(bandSentence(69.9, settings).text).toBe("yellow (40 to under 70)");
  expect(bandSentence(12, settings).text).toBe("red (under 40)");
});
