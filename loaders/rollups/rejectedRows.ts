// The rejects of one usage file, with their file row numbers, from a second pass over it that reads only what the
// broken rules need. The one pass (rollUpFiles.ts) streams the rows into the rollups and knows of each rejected row
// only the rules it broke (its status mask), not where it is in the file: CSV and JSON Lines readers give no row
// numbers, and numbering the rows in that pass would make it one thread. So only a file with a rejected row is read
// again, and only its columns that the broken rules read (a timestamp and a duration, say, out of eleven):
//   - Parquet: the reader's own file_row_number, filtered to the rejected rows (nothing is kept);
//   - CSV, JSON Lines: the broken rules' columns go into a table in file order (rowid + 1 is the row number, shifted
//     past malformed lines as in validateExport.ts); the rules then run over that table, each row with its rowid.
// bench/RESULTS.md ("Rejects' row numbers") has the measurements behind this choice.
import {exportSpec} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlIdent, sqlString} from "../db.js";
import type {RawExport} from "../ingest/readExport.js";
import {typedColumns, type Check} from "../validate/checks.js";
import {fileRowNumber, insertRejectsSql} from "../validate/validateExport.js";

interface RejectedRowsOptions {
  /** the table the rejects go to (REJECTS_COLUMNS) */
  target: string;
  label: string;
  config: PulseConfig;
  /** the rows the first pass read (malformed lines not counted) */
  rowsRead: number;
}

/** The checks whose bits are set in `mask` (the bit of checks[i] is 1 << i). */
export function brokenChecks(checks: Check[], mask: bigint): Check[] {
  return checks.filter((_, i) => ((mask >> BigInt(i)) & 1n) === 1n);
}

/**
 * Appends to options.target the rejects of the rows of `raw` that break one of the checks in `mask` (bits of
 * `checks`), one row per rule broken, in the order of rows, columns and rules. `malformed`: the CSV lines the reader
 * kept aside in the first pass (their rejects are already in the target; they shift the row numbers).
 */
export async function rejectedRows(db: PulseDb, raw: RawExport, checks: Check[], mask: bigint, malformed: number, options: RejectedRowsOptions): Promise<void> {
  const broken = brokenChecks(checks, mask);
  if (broken.length === 0) return;
  const spec = exportSpec("usage_events");
  const columns = [...new Set(broken.flatMap((c) => c.reads))];
  const anyBroken = broken.map((c) => `(${c.fails})`).join(" OR ");
  const projections = (only: string[]) => Object.entries(raw.projections).filter(([c]) => only.includes(c)).map(([, p]) => p);
  const typed = (only: string[]) => typedColumns(spec, options.config, only).join(", ");

  if (raw.format === "parquet") {
    const reader = `read_parquet(${sqlString(raw.path)}, file_row_number = true)`;
    const relation = `(SELECT ${typed(columns)}, file_row_number + 1 AS _row FROM (SELECT ${projections(columns).join(", ")}, file_row_number FROM ${reader}))`;
    await db.run(insertRejectsSql(options.target, "usage_events", options.label, relation, broken));
    return;
  }

  // CSV, JSON Lines: the columns the broken rules read, as read, into a table in file order (a plain scan into a
  // table keeps the file's order: rowid + 1 is the data row); then the rules over that table, each row carrying its
  // rowid. The rules are not evaluated in the read itself: a rule that looks a value up (an unknown account) joins,
  // and a join's output is not in the scan's order, so rows numbered by their place in such a table were other
  // rows (found on a 1M-row file).
  const keep = async (only: string[]) => {
    if (raw.malformedTable) await db.run(`DROP TABLE IF EXISTS ${sqlIdent(raw.malformedTable)}`);
    await db.run(`CREATE OR REPLACE TEMP TABLE rejected_rows_read AS SELECT ${projections(only).join(", ")} FROM ${raw.reader}`);
    return db.value<number>(`SELECT count(*) FROM rejected_rows_read`);
  };
  // a line that a narrow read splits differently (a field's bytes that are not UTF-8 in a column it skips, say)
  // would shift the row numbers: the table must have exactly the rows of the first pass, else every column is read
  let read = columns;
  if ((await keep(columns)) !== options.rowsRead) {
    read = Object.keys(raw.projections);
    if ((await keep(read)) !== options.rowsRead) throw new Error(`${options.label}: the second read found another number of rows than the first`);
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE rejected_rows AS
    SELECT _rowid, CASE WHEN ${anyBroken} THEN t END AS hit
    FROM (SELECT rowid AS _rowid, ${typed(read)} FROM rejected_rows_read) t`);
  const {row, join} = fileRowNumber("usage_events", malformed, "t._rowid");
  const relation = `(SELECT _row, unnest(hit) FROM (SELECT ${row} AS _row, t.hit FROM rejected_rows t${join} WHERE t.hit IS NOT NULL))`;
  await db.run(insertRejectsSql(options.target, "usage_events", options.label, relation, broken));
  await db.run(`DROP TABLE rejected_rows; DROP TABLE rejected_rows_read`);
}
