import {describe, expect, test} from "vitest";
import {monthTicks} from "../../src/components/trendChart.js";

const month = (m: string) => new Date(`${m}-01T00:00:00Z`);
// twelve month starts, Dec 2025 … Nov 2026
const year = Array.from({length: 12}, (_, i) => new Date(Date.UTC(2025, 11 + i, 1)));
const iso = (dates: Date[]) => dates.map((d) => d.toISOString().slice(0, 7));

describe("monthTicks: the months a line chart labels", () => {
  test("a phone's card (340 px): room for floor((340 − 64) / 90) = 3 labels, so every 4th month counted back from the latest", () => {
    // step = ceil(12 / 3) = 4: Nov 2026, Jul 2026, Mar 2026
    expect(iso(monthTicks(year, 340))).toEqual(["2026-03", "2026-07", "2026-11"]);
  });

  test("a desktop half-width card (650 px): floor(586 / 90) = 6 labels, every 2nd month", () => {
    expect(iso(monthTicks(year, 650))).toEqual(["2026-01", "2026-03", "2026-05", "2026-07", "2026-09", "2026-11"]);
  });

  test("at most seven labels however wide; at least two however narrow; repeated months counted once", () => {
    expect(monthTicks(year, 2000)).toHaveLength(6); // room 7 → step ceil(12 / 7) = 2 → 6 labels
    expect(iso(monthTicks([...year, ...year], 100))).toEqual(["2026-05", "2026-11"]); // room 2 → step 6
    expect(iso(monthTicks([month("2026-10"), month("2026-11")], 340))).toEqual(["2026-10", "2026-11"]);
  });
});
