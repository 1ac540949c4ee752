import {describe, expect, test} from "vitest";
import {formatKpiChange, snapshotLinks} from "../../src/components/snapshots.js";

describe("snapshotLinks", () => {
  test("from the latest build, snapshots are under ./snapshots/", () => {
    const links = snapshotLinks("/reports/pulse/snapshots.html");
    expect(links.inSnapshot).toBe(null);
    expect(links.index).toBe("./snapshots/index.json");
    expect(links.snapshot("2026-11-02")).toBe("./snapshots/2026-11-02/index.html");
  });

  test("inside a snapshot, the list is one folder up and the latest build two", () => {
    const links = snapshotLinks("/reports/pulse/snapshots/2026-11-02/snapshots.html");
    expect(links.inSnapshot).toBe("2026-11-02");
    expect(links.index).toBe("../index.json");
    expect(links.snapshot("2026-10-26")).toBe("../2026-10-26/index.html");
    expect(links.latest).toBe("../../index.html");
  });
});

test("rate changes are in percentage points, money in money", () => {
  expect(formatKpiChange("renewal_rate", -0.025)).toBe("−2.5 pts");
  expect(formatKpiChange("arr", 150000)).toBe("+$150k");
});
