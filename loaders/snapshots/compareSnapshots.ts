// What changed between two snapshots: accounts that moved in the 3×3 health grid, joined or left
// the churn watch, or changed tier, the headline KPI deltas, and the backtest of the watch, its rules
// and the bands (did the watch get better?). One SQL statement per list, over the two snapshots'
// accounts, kpis and churn_backtest tables.   docs/scheduling.md#comparing-snapshots
import {existsSync} from "node:fs";
import {join} from "node:path";
import {PulseDb, sqlString} from "../db.js";

export interface SnapshotTables {
  asOf: string;
  /** folder holding accounts.parquet and kpis.parquet (and churn_backtest.parquet, from builds that have a backtest) */
  dir: string;
}

/** One signal at one horizon, pooled over the scored month ends, in each snapshot (null: not in that one). */
export interface BacktestDelta {
  horizon_days: number;
  signal: string;
  previous_churned: number | null;
  current_churned: number | null;
  previous_flagged_churned: number | null;
  current_flagged_churned: number | null;
  previous_precision: number | null;
  current_precision: number | null;
  previous_recall: number | null;
  current_recall: number | null;
  previous_lift: number | null;
  current_lift: number | null;
}

export interface Comparison {
  current: string;
  previous: string | null;
  grid_moves: {account_id: string; name: string; tier: string | null; arr: number; from_cell: string; to_cell: string; direction: "up" | "down" | "across"}[];
  watch_joined: {account_id: string; name: string; arr: number; churn_reason_labels: string[]}[];
  watch_left: {account_id: string; name: string; arr: number}[];
  tier_changes: {account_id: string; name: string; arr: number; from_tier: string | null; to_tier: string | null}[];
  accounts_added: number;
  accounts_removed: number;
  kpi_deltas: {kpi: string; previous: number | null; current: number | null; change: number | null}[];
  /** the pooled backtest rows of both snapshots side by side; compared is false when the previous snapshot has none */
  backtest: {compared: boolean; deltas: BacktestDelta[]};
}

export const COMPARED_KPIS = ["arr", "renewal_rate", "grr", "nrr", "logo_churn_rate", "lifetime_years", "ltv_to_cac", "arr_at_risk", "churn_watch_accounts", "paying_accounts"];

const table = (dir: string, name: string) => `read_parquet(${sqlString(join(dir, `${name}.parquet`))})`;

export async function compareSnapshots(current: SnapshotTables, previous: SnapshotTables | null): Promise<Comparison> {
  const empty: Comparison = {
    current: current.asOf,
    previous: null,
    grid_moves: [],
    watch_joined: [],
    watch_left: [],
    tier_changes: [],
    accounts_added: 0,
    accounts_removed: 0,
    kpi_deltas: [],
    backtest: {compared: false, deltas: []}
  };
  if (!previous) return empty;
  const db = await PulseDb.open();
  try {
    await db.run(`CREATE VIEW now_accounts AS SELECT * FROM ${table(current.dir, "accounts")};
      CREATE VIEW then_accounts AS SELECT * FROM ${table(previous.dir, "accounts")};
      CREATE VIEW now_kpis AS SELECT * FROM ${table(current.dir, "kpis")} WHERE is_as_of;
      CREATE VIEW then_kpis AS SELECT * FROM ${table(previous.dir, "kpis")} WHERE is_as_of;
      CREATE VIEW pairs AS SELECT n.*, t.grid_cell AS then_cell, t.grid_rank AS then_rank, t.tier AS then_tier,
          t.churn_watch AS then_watch, t.arr AS then_arr
        FROM now_accounts n JOIN then_accounts t USING (account_id)`);
    const gridMoves = await db.rows<Comparison["grid_moves"][number]>(`
      SELECT account_id, name, tier, arr, then_cell AS from_cell, grid_cell AS to_cell,
        CASE WHEN grid_rank < then_rank THEN 'down' WHEN grid_rank > then_rank THEN 'up' ELSE 'across' END AS direction
      FROM pairs WHERE grid_cell IS DISTINCT FROM then_cell AND grid_cell IS NOT NULL AND then_cell IS NOT NULL
      ORDER BY direction = 'down' DESC, arr DESC, account_id`);
    const watchJoined = await db.rows<Comparison["watch_joined"][number]>(`
      SELECT n.account_id, n.name, n.arr, n.churn_reason_labels
      FROM now_accounts n LEFT JOIN then_accounts t USING (account_id)
      WHERE n.churn_watch AND NOT COALESCE(t.churn_watch, false) ORDER BY n.arr DESC, n.account_id`);
    const watchLeft = await db.rows<Comparison["watch_left"][number]>(`
      SELECT t.account_id, COALESCE(n.name, t.name) AS name, COALESCE(n.arr, 0) AS arr
      FROM then_accounts t LEFT JOIN now_accounts n USING (account_id)
      WHERE t.churn_watch AND NOT COALESCE(n.churn_watch, false) ORDER BY t.arr DESC, t.account_id`);
    const tierChanges = await db.rows<Comparison["tier_changes"][number]>(`
      SELECT account_id, name, arr, then_tier AS from_tier, tier AS to_tier
      FROM pairs WHERE tier IS DISTINCT FROM then_tier ORDER BY arr DESC, account_id`);
    const [counts] = await db.rows<{added: number; removed: number}>(`SELECT
      (SELECT count(*) FROM now_accounts WHERE account_id NOT IN (SELECT account_id FROM then_accounts)) AS added,
      (SELECT count(*) FROM then_accounts WHERE account_id NOT IN (SELECT account_id FROM now_accounts)) AS removed`);
    const kpiDeltas = await db.rows<Comparison["kpi_deltas"][number]>(
      COMPARED_KPIS.map(
        (kpi) => `SELECT '${kpi}' AS kpi, CAST(t.${kpi} AS DOUBLE) AS previous, CAST(n.${kpi} AS DOUBLE) AS current,
          CAST(n.${kpi} AS DOUBLE) - CAST(t.${kpi} AS DOUBLE) AS change FROM now_kpis n, then_kpis t`
      ).join(" UNION ALL ")
    );
    const backtest = await compareBacktests(db, current, previous);
    return {
      ...empty,
      previous: previous.asOf,
      grid_moves: gridMoves,
      watch_joined: watchJoined,
      watch_left: watchLeft,
      tier_changes: tierChanges,
      accounts_added: counts.added,
      accounts_removed: counts.removed,
      kpi_deltas: COMPARED_KPIS.map((kpi) => kpiDeltas.find((d) => d.kpi === kpi)!),
      backtest
    };
  } finally {
    db.close();
  }
}

/**
 * The pooled rows (period_end NULL) of both snapshots' churn_backtest, matched by horizon and signal: the watch
 * first, then the rules and the bands in the current build's order. A snapshot from before the backtest has no
 * churn_backtest.parquet: nothing is compared then (compared false), and the page says so.
 */
async function compareBacktests(db: PulseDb, current: SnapshotTables, previous: SnapshotTables): Promise<Comparison["backtest"]> {
  const file = (tables: SnapshotTables) => join(tables.dir, "churn_backtest.parquet");
  if (!existsSync(file(current)) || !existsSync(file(previous))) return {compared: false, deltas: []};
  // the file's order is the build's order of signals (the watch, the rules as configured, the bands)
  const pooled = (tables: SnapshotTables) =>
    `(SELECT *, file_row_number AS position FROM read_parquet(${sqlString(file(tables))}, file_row_number = true) WHERE period_end IS NULL)`;
  const deltas = await db.rows<BacktestDelta>(`
    SELECT COALESCE(n.horizon_days, t.horizon_days) AS horizon_days, COALESCE(n.signal, t.signal) AS signal,
      CAST(t.churned AS DOUBLE) AS previous_churned, CAST(n.churned AS DOUBLE) AS current_churned,
      CAST(t.flagged_churned AS DOUBLE) AS previous_flagged_churned, CAST(n.flagged_churned AS DOUBLE) AS current_flagged_churned,
      t.precision AS previous_precision, n.precision AS current_precision,
      t.recall AS previous_recall, n.recall AS current_recall,
      t.lift AS previous_lift, n.lift AS current_lift
    FROM ${pooled(current)} n
    FULL JOIN ${pooled(previous)} t ON t.horizon_days = n.horizon_days AND t.signal = n.signal
    ORDER BY COALESCE(n.horizon_days, t.horizon_days), COALESCE(n.signal, t.signal) <> 'watch', n.position NULLS LAST, t.position`);
  return {compared: true, deltas};
}
