// The headline KPIs at the as-of date, read from a built kpis table (for build records and the snapshots list).
import {join} from "node:path";
import {PulseDb, sqlString} from "../db.js";
import {COMPARED_KPIS} from "./compareSnapshots.js";

export async function headlineKpis(tablesDir: string): Promise<Record<string, number | null>> {
  const db = await PulseDb.open();
  try {
    const [row] = await db.rows<Record<string, number | null>>(
      `SELECT ${COMPARED_KPIS.map((k) => `CAST(${k} AS DOUBLE) AS ${k}`).join(", ")}
       FROM read_parquet(${sqlString(join(tablesDir, "kpis.parquet"))}) WHERE is_as_of`
    );
    return row ?? {};
  } finally {
    db.close();
  }
}
