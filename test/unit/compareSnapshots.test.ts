// The comparison of a build with the previous snapshot (loaders/snapshots/compareSnapshots.ts), on two
// hand-made snapshots of seven accounts whose every change is known: grid moves down, up and across,
// joining and leaving the churn watch, tier changes, accounts added and removed, KPI deltas.
import {mkdirSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, expect, test} from "vitest";
import {PulseDb, sqlString} from "../../loaders/db.js";
import {COMPARED_KPIS, compareSnapshots} from "../../loaders/snapshots/compareSnapshots.js";

const work = mkdtempSync(join(tmpdir(), "pulse-compare-"));
const THEN = {asOf: "2026-10-15", dir: join(work, "then")};
const NOW = {asOf: "2026-11-15", dir: join(work, "now")};

const WATCH_DOWN = "Moved down in the health grid since last month";
const WATCH_KEY_USERS = "No admin, executive or champion activity for 14 days";

// account_id, name, arr, tier, grid_cell, grid_rank (breadth level + depth level), churn_watch, reasons
type Row = [string, string, number, string | null, string | null, number | null, boolean, string[]];
const then: Row[] = [
  ["A1", "Acme", 100, "S", "high-high", 4, false, []],
  ["A2", "Beta", 50, "A", "medium-medium", 2, true, ["Health score in the red band"]],
  ["A3", "Gamma", 20, "B", "low-high", 2, false, []],
  ["A4", "Delta", 10, "C", "low-low", 0, true, [WATCH_KEY_USERS]],
  ["A5", "Epsilon", 30, "A", "medium-high", 3, false, []],
  ["A6", "Gone", 0, null, null, null, false, []] // no longer in the CRM export a month later
];
const now: Row[] = [
  ["A1", "Acme", 100, "S", "medium-high", 3, true, [WATCH_DOWN]], // down 4 → 3, joined the watch
  ["A2", "Beta", 60, "S", "high-medium", 3, false, []], // up 2 → 3, left the watch, tier A → S
  ["A3", "Gamma", 20, "B", "high-low", 2, false, []], // across: another cell of the same rank
  ["A4", "Delta", 0, null, null, null, false, []], // churned: left the watch, tier C → none, no cell to compare
  ["A5", "Epsilon", 30, "A", "medium-high", 3, false, []], // unchanged
  ["A7", "Newco", 40, "A", "low-low", 0, true, [WATCH_KEY_USERS]] // new customer, straight onto the watch
];

// the KPIs of the as-of period; a second, older period in each file must not be used
const kpisThen = {arr: 210, renewal_rate: 0.8, grr: 0.9, nrr: 1.05, logo_churn_rate: 0.1, lifetime_years: 5, ltv_to_cac: null, arr_at_risk: 60, churn_watch_accounts: 2, paying_accounts: 5};
const kpisNow = {arr: 250, renewal_rate: 0.75, grr: 0.85, nrr: 1.1, logo_churn_rate: 0.2, lifetime_years: 4, ltv_to_cac: 3.5, arr_at_risk: 140, churn_watch_accounts: 2, paying_accounts: 5};

const literal = (v: unknown): string =>
  v === null ? "NULL" : Array.isArray(v) ? `[${v.map(literal).join(", ")}]::VARCHAR[]` : typeof v === "string" ? sqlString(v) : String(v);

async function writeSnapshot(db: PulseDb, dir: string, rows: Row[], kpis: Record<string, number | null>) {
  mkdirSync(dir, {recursive: true});
  const values = rows.map((r) => `(${r.map(literal).join(", ")})`).join(",\n");
  await db.run(`COPY (SELECT * FROM (VALUES ${values})
      t(account_id, name, arr, tier, grid_cell, grid_rank, churn_watch, churn_reason_labels))
    TO ${sqlString(join(dir, "accounts.parquet"))} (FORMAT parquet)`);
  const columns = COMPARED_KPIS.map((k) => `CAST(${literal(kpis[k])} AS DOUBLE) AS ${k}`).join(", ");
  const older = COMPARED_KPIS.map((k) => `-1.0 AS ${k}`).join(", ");
  await db.run(`COPY (SELECT true AS is_as_of, ${columns} UNION ALL SELECT false, ${older})
    TO ${sqlString(join(dir, "kpis.parquet"))} (FORMAT parquet)`);
}

beforeAll(async () => {
  const db = await PulseDb.open();
  try {
    await writeSnapshot(db, THEN.dir, then, kpisThen);
    await writeSnapshot(db, NOW.dir, now, kpisNow);
  } finally {
    db.close();
  }
});
afterAll(() => rmSync(work, {recursive: true, force: true}));

test("without a previous snapshot there is nothing to compare", async () => {
  const c = await compareSnapshots(NOW, null);
  expect(c).toEqual({current: NOW.asOf, previous: null, grid_moves: [], watch_joined: [], watch_left: [], tier_changes: [], accounts_added: 0, accounts_removed: 0, kpi_deltas: []});
});

test("grid moves: down first, then by ARR; an account without a cell now (churned) is not a move", async () => {
  const c = await compareSnapshots(NOW, THEN);
  expect(c.current).toBe(NOW.asOf);
  expect(c.previous).toBe(THEN.asOf);
  expect(c.grid_moves).toEqual([
    {account_id: "A1", name: "Acme", tier: "S", arr: 100, from_cell: "high-high", to_cell: "medium-high", direction: "down"},
    {account_id: "A2", name: "Beta", tier: "S", arr: 60, from_cell: "medium-medium", to_cell: "high-medium", direction: "up"},
    {account_id: "A3", name: "Gamma", tier: "B", arr: 20, from_cell: "low-high", to_cell: "high-low", direction: "across"}
  ]);
});

test("the churn watch: who joined (with the reasons, new customers too) and who left (churned ones with $0)", async () => {
  const c = await compareSnapshots(NOW, THEN);
  expect(c.watch_joined).toEqual([
    {account_id: "A1", name: "Acme", arr: 100, churn_reason_labels: [WATCH_DOWN]},
    {account_id: "A7", name: "Newco", arr: 40, churn_reason_labels: [WATCH_KEY_USERS]}
  ]);
  // ordered by their ARR then (50, 10), showing their ARR now
  expect(c.watch_left).toEqual([
    {account_id: "A2", name: "Beta", arr: 60},
    {account_id: "A4", name: "Delta", arr: 0}
  ]);
});

test("tier changes of accounts in both snapshots, and the accounts added and removed", async () => {
  const c = await compareSnapshots(NOW, THEN);
  expect(c.tier_changes).toEqual([
    {account_id: "A2", name: "Beta", arr: 60, from_tier: "A", to_tier: "S"},
    {account_id: "A4", name: "Delta", arr: 0, from_tier: "C", to_tier: null}
  ]);
  expect(c.accounts_added).toBe(1); // A7
  expect(c.accounts_removed).toBe(1); // A6
});

test("KPI deltas of the as-of periods, in the page's order; no delta where either side has no value", async () => {
  const c = await compareSnapshots(NOW, THEN);
  expect(c.kpi_deltas.map((d) => d.kpi)).toEqual(COMPARED_KPIS);
  const delta = Object.fromEntries(c.kpi_deltas.map((d) => [d.kpi, d]));
  expect(delta.arr).toEqual({kpi: "arr", previous: 210, current: 250, change: 40});
  expect(delta.renewal_rate.change).toBeCloseTo(-0.05, 12); // 0.75 − 0.8
  expect(delta.grr.change).toBeCloseTo(-0.05, 12); // 0.85 − 0.9
  expect(delta.nrr.change).toBeCloseTo(0.05, 12); // 1.1 − 1.05
  expect(delta.logo_churn_rate.change).toBeCloseTo(0.1, 12); // 0.2 − 0.1
  expect(delta.lifetime_years.change).toBe(-1);
  expect(delta.ltv_to_cac).toEqual({kpi: "ltv_to_cac", previous: null, current: 3.5, change: null}); // no CAC a month ago
  expect(delta.arr_at_risk.change).toBe(80);
  expect(delta.churn_watch_accounts.change).toBe(0);
  expect(delta.paying_accounts.change).toBe(0);
});
