// Writes tables from the build database as Parquet (zstd), one file per table.
import {join} from "node:path";
import {PulseDb, sqlIdent, sqlString} from "../db.js";

/** tables: output file name (without .parquet) → table in the build database */
export async function writeTables(db: PulseDb, dir: string, tables: Record<string, string>, progress: (m: string) => void = () => {}): Promise<void> {
  for (const [name, table] of Object.entries(tables)) {
    const path = join(dir, `${name}.parquet`);
    await db.run(`COPY (SELECT * FROM ${sqlIdent(table)}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
    progress(`wrote ${name}.parquet`);
  }
}
