// The default sample (2,000 accounts, seed 42, what `pulse sample` writes and every new user sees first) looks like a
// real customer base under the default rules (issue #15, item 8): 10-20% of the customers on the churn watch, 15-25%
// red, a score of exactly 0 rare, and every segment and health-grid cell holding accounts. docs/sample-data.md
// records the measured shares (watch 19.4%, red 16.3%, no score of 0, the thinnest grid cell 7 accounts).
// Smaller samples vary too much for these bounds (400 accounts gave a watch of 20.6% and red 15.0%), so this
// generates the full default set: about a minute, more on a busy machine.
import {mkdirSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, test, vi} from "vitest";
import {validateConfig} from "../../../loaders/config/validateConfig.js";
import {PulseDb} from "../../../loaders/db.js";
import {stageExports} from "../../../loaders/ingest/stageExports.js";
import {computeMetrics} from "../../../loaders/metrics/computeMetrics.js";
import {generateSample} from "../../../loaders/sample/generateSample.js";
import {writeTables} from "../../../loaders/write/writeTables.js";

vi.setConfig({testTimeout: 60_000, hookTimeout: 600_000});

const AS_OF = "2026-11-15";
const work = mkdtempSync(join(tmpdir(), "pulse-sample-shares-"));
let db: PulseDb;

beforeAll(async () => {
  // the defaults of `pulse sample`: 2,000 accounts, seed 42, the deliberately bad rows (rejected by the build)
  await generateSample({outDir: join(work, "exports"), endDate: AS_OF});
  const config = validateConfig({validation: {today: "2026-11-16"}});
  const tables = join(work, "tables");
  mkdirSync(tables);
  const build = await PulseDb.open();
  try {
    await stageExports(build, join(work, "exports"), config);
    await writeTables(build, tables, await computeMetrics(build, config, AS_OF));
  } finally {
    build.close();
  }
  db = await PulseDb.open();
  await db.run(`CREATE VIEW customers AS SELECT * FROM read_parquet('${join(tables, "accounts.parquet")}') WHERE has_active_contract`);
});
afterAll(() => {
  db?.close();
  rmSync(work, {recursive: true, force: true});
});

describe("the default sample under the default rules", () => {
  test("10-20% of the customers are on the churn watch, 15-25% are red, a score of exactly 0 is rare", async () => {
    const [r] = await db.rows<{customers: number; watch: number; red: number; zero: number}>(`
      SELECT count(*) AS customers, avg(churn_watch::INT) AS watch, avg((health_band = 'red')::INT) AS red,
        avg((health_score = 0)::INT) AS zero
      FROM customers`);
    expect(r.customers).toBe(1359); // docs/sample-data.md: 1,359 customers on the end date
    expect(r.watch).toBeGreaterThanOrEqual(0.1);
    expect(r.watch).toBeLessThanOrEqual(0.2);
    expect(r.red).toBeGreaterThanOrEqual(0.15);
    expect(r.red).toBeLessThanOrEqual(0.25);
    expect(r.zero).toBeLessThan(0.01);
  });

  test("every segment and every cell of the health grid has customers", async () => {
    const segments = await db.rows<{segment: string; n: number}>(`SELECT segment, count(*) AS n FROM customers GROUP BY 1 ORDER BY 1`);
    expect(segments.map((s) => s.segment)).toEqual([
      "high_freq_high_value", "high_freq_low_value", "low_freq_high_value", "low_freq_low_value"
    ]);
    const cells = await db.rows<{grid_cell: string; n: number}>(`SELECT grid_cell, count(*) AS n FROM customers GROUP BY 1 ORDER BY 1`);
    // breadth-depth, each low, medium or high: nine cells
    expect(cells.map((c) => c.grid_cell)).toEqual([
      "high-high", "high-low", "high-medium", "low-high", "low-low", "low-medium", "medium-high", "medium-low", "medium-medium"
    ]);
    for (const row of [...segments, ...cells]) expect(row.n).toBeGreaterThan(0);
  });
});
