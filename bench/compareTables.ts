// Compares every Parquet table of two `pulse data` output folders, whole: the columns each has, and the rows on the
// columns they share (EXCEPT ALL both ways, so duplicates count), then which columns hold the differences. Used to
// check that a change of how the tables are computed leaves them as they were (issue #17: before and after the
// rollups, on the sample and on large exports).
//   npx tsx bench/compareTables.ts BEFORE_DIR AFTER_DIR
// Prints one line per table ("same", or what differs) and exits 1 when any table differs.
import {readdirSync} from "node:fs";
import {join} from "node:path";
import {PulseDb, sqlIdent, sqlString} from "../loaders/db.js";

export interface TableDifference {
  table: string;
  /** rows only in before / only in after, on the shared columns */
  onlyBefore: number;
  onlyAfter: number;
  /** shared columns whose values differ (with the count of differing values) */
  columns: Record<string, number>;
  added: string[];
  removed: string[];
  missing?: "before" | "after";
}

export async function compareTables(before: string, after: string): Promise<TableDifference[]> {
  const db = await PulseDb.open();
  const tables = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".parquet")).map((f) => f.replace(/\.parquet$/, ""));
  const names = [...new Set([...tables(before), ...tables(after)])].sort();
  const differences: TableDifference[] = [];
  try {
    for (const table of names) {
      const a = sqlString(join(before, `${table}.parquet`));
      const b = sqlString(join(after, `${table}.parquet`));
      if (!tables(before).includes(table) || !tables(after).includes(table)) {
        differences.push({table, onlyBefore: 0, onlyAfter: 0, columns: {}, added: [], removed: [], missing: tables(before).includes(table) ? "after" : "before"});
        continue;
      }
      const columns = async (file: string) => (await db.rows<{column_name: string}>(`DESCRIBE SELECT * FROM ${file}`)).map((r) => r.column_name);
      const [ca, cb] = [await columns(a), await columns(b)];
      const common = ca.filter((c) => cb.includes(c));
      const select = common.map(sqlIdent).join(", ");
      const except = (x: string, y: string, cols = select) => db.value<number>(`SELECT count(*) FROM (SELECT ${cols} FROM ${x} EXCEPT ALL SELECT ${cols} FROM ${y})`);
      const [onlyBefore, onlyAfter] = [await except(a, b), await except(b, a)];
      const differing: Record<string, number> = {};
      if (onlyBefore || onlyAfter) {
        for (const column of common) {
          const n = await except(a, b, sqlIdent(column));
          if (n) differing[column] = n;
        }
      }
      const added = cb.filter((c) => !ca.includes(c));
      const removed = ca.filter((c) => !cb.includes(c));
      if (onlyBefore || onlyAfter || added.length || removed.length) differences.push({table, onlyBefore, onlyAfter, columns: differing, added, removed});
    }
  } finally {
    db.close();
  }
  return differences;
}

if (process.argv[1]?.endsWith("compareTables.ts")) {
  const [before, after] = process.argv.slice(2);
  if (!before || !after) throw new Error("usage: compareTables.ts BEFORE_DIR AFTER_DIR");
  const differences = await compareTables(before, after);
  const tables = readdirSync(before).filter((f) => f.endsWith(".parquet")).length;
  for (const d of differences) {
    if (d.missing) console.log(`${d.table}: missing ${d.missing === "before" ? "before (new)" : "after"}`);
    else console.log(`${d.table}: ${d.onlyBefore} rows only before, ${d.onlyAfter} only after; columns ${JSON.stringify(d.columns)}${d.added.length ? `; added ${d.added}` : ""}${d.removed.length ? `; removed ${d.removed}` : ""}`);
  }
  console.log(differences.length === 0 ? `all ${tables} tables the same` : `${differences.length} of ${tables} tables differ`);
  process.exitCode = differences.length === 0 ? 0 : 1;
}
