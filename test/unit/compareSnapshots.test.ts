// The comparison of a build with the previous snapshot (loaders/snapshots/compareSnapshots.ts), on two
// hand-made snapshots of seven accounts whose every change is known: grid moves down, up and across,
// joining and leaving the churn watch, tier changes, accounts added and removed, KPI deltas, and the backtest.
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

// the pooled backtest rows (and one per month end, which are not compared): horizon, signal, churned,
// flagged_churned, precision, recall, lift; a month ago the watch caught 40 of 50 (lift 2), now 45 of 50 (lift 2.5);
// a rule the configuration no longer has (old_rule) and a new one (new_rule)
type BacktestRow = [string | null, number, string, number, number, number | null, number | null, number | null];
const backtestThen: BacktestRow[] = [
  ["2026-06-30", 90, "watch", 9, 8, 0.5, 0.9, 5],
  [null, 90, "watch", 50, 40, 0.1, 0.8, 2],
  [null, 90, "rule:old_rule", 50, 5, 0.05, 0.1, 1],
  [null, 90, "band:red", 50, 30, 0.2, 0.6, 4]
];
const backtestNow: BacktestRow[] = [
  [null, 90, "watch", 50, 45, 0.125, 0.9, 2.5],
  [null, 90, "rule:new_rule", 50, 10, 0.25, 0.2, 5],
  [null, 90, "band:red", 50, 30, 0.2, 0.6, 4]
];

async function writeBacktest(db: PulseDb, dir: string, rows: BacktestRow[]) {
  const values = rows.map((r) => `(${r.map(literal).join(", ")})`).join(",\n");
  await db.run(`COPY (SELECT CAST(period_end AS DATE) AS period_end, * EXCLUDE (period_end) FROM (VALUES ${values})
      t(period_end, horizon_days, signal, churned, flagged_churned, precision, recall, lift))
    TO ${sqlString(join(dir, "churn_backtest.parquet"))} (FORMAT parquet)`);
}

const OLDER = {asOf: "2026-09-15", dir: join(work, "older")}; // a snapshot from before the backtest

beforeAll(async () => {
  const db = await PulseDb.open();
  try {
    await writeSnapshot(db, THEN.dir, then, kpisThen);
    await writeSnapshot(db, NOW.dir, now, kpisNow);
    await writeSnapshot(db, OLDER.dir, then, kpisThen);
    await writeBacktest(db, THEN.dir, backtestThen);
    await writeBacktest(db, NOW.dir, backtestNow);
  } finally {
    db.close();
  }
});
afterAll(() => rmSync(work, {recursive: true, force: true}));

test("without a previous snapshot there is nothing to compare", async () => {
  const c = await compareSnapshots(NOW, null);
  expect(c).toEqual({current: NOW.asOf, previous: null, grid_moves: [], watch_joined: [], watch_left: [], tier_changes: [], accounts_added: 0, accounts_removed: 0, kpi_deltas: [],
    backtest: {compared: false, deltas: []}});
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

test("the backtest: the pooled rows side by side, the watch first; a rule in one snapshot only has the other side empty", async () => {
  const c = await compareSnapshots(NOW, THEN);
  expect(c.backtest.compared).toBe(true);
  expect(c.backtest.deltas).toEqual([
    {horizon_days: 90, signal: "watch", previous_churned: 50, current_churned: 50, previous_flagged_churned: 40, current_flagged_churned: 45,
      previous_precision: 0.1, current_precision: 0.125, previous_recall: 0.8, current_recall: 0.9, previous_lift: 2, current_lift: 2.5},
    {horizon_days: 90, signal: "rule:new_rule", previous_churned: null, current_churned: 50, previous_flagged_churned: null, current_flagged_churned: 10,
      previous_precision: null, current_precision: 0.25, previous_recall: null, current_recall: 0.2, previous_lift: null, current_lift: 5},
    {horizon_days: 90, signal: "band:red", previous_churned: 50, current_churned: 50, previous_flagged_churned: 30, current_flagged_churned: 30,
      previous_precision: 0.2, current_precision: 0.2, previous_recall: 0.6, current_recall: 0.6, previous_lift: 4, current_lift: 4},
    {horizon_days: 90, signal: "rule:old_rule", previous_churned: 50, current_churned: null, previous_flagged_churned: 5, current_flagged_churned: null,
      previous_precision: 0.05, current_precision: null, previous_recall: 0.1, current_recall: null, previous_lift: 1, current_lift: null}
  ]);
});

test("a previous snapshot from before the backtest: the rest is compared, the backtest is not", async () => {
  const c = await compareSnapshots(NOW, OLDER);
  expect(c.previous).toBe(OLDER.asOf);
  expect(c.grid_moves.length).toBe(3);
  expect(c.backtest).toEqual({compared: false, deltas: []});
});
