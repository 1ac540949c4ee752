// What changed between two snapshots: accounts that moved in the 3×3 health grid, joined or left
// the churn watch, or changed tier, and the headline KPI deltas. One SQL statement per list,
// over the two snapshots' accounts and kpis tables.   docs/scheduling.md#comparing-snapshots
import {join} from "node:path";
import {PulseDb, sqlString} from "../db.js";

export interface SnapshotTables {
  asOf: string;
  /** folder holding accounts.parquet and kpis.parquet */
  dir: string;
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
    kpi_deltas: []
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
    return {
      ...empty,
      previous: previous.asOf,
      grid_moves: gridMoves,
      watch_joined: watchJoined,
      watch_left: watchLeft,
      tier_changes: tierChanges,
      accounts_added: counts.added,
      accounts_removed: counts.removed,
      kpi_deltas: COMPARED_KPIS.map((kpi) => kpiDeltas.find((d) => d.kpi === kpi)!)
    };
  } finally {
    db.close();
  }
}
