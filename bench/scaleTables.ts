// Bigger tables for the browser benchmark: the sample's built tables copied N times in DuckDB SQL.
// Every row of an account-keyed table appears once per copy k = 0..N-1 with its ids suffixed
// (account_id || '-' || k, and the contract, user and lead ids likewise) and its account name
// suffixed, so 2,000 accounts × 25 = 50,000 accounts, each with its year of weekly rows.
// Company totals (kpis, funnel, metric_settings, quality.json) are copied as they are: they no
// longer add up to the copied accounts, which does not matter for timing the browser.
// usage_events is left out: no page fetches it and no data loader reads it (×25 it is ~1 GB).
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {Progress} from "../loaders/build.js";
import {PulseDb, sqlIdent, sqlString} from "../loaders/db.js";

/** ids that must stay unique per copy */
const ID_COLUMNS = new Set(["account_id", "contract_id", "user_id", "lead_id", "renewal_of"]);
/** lists of contract ids (renewals.renews, renewals.renewed_by) */
const ID_LIST_COLUMNS = new Set(["renews", "renewed_by"]);
/** account names, suffixed so that copies are told apart on the page */
const NAME_COLUMNS = new Set(["name", "account_name"]);
/** not copied at all: nothing on the site reads them */
const LEFT_OUT = new Set(["usage_events.parquet"]);

interface Column {
  column_name: string;
  column_type: string;
}

/** The expression for one column of copy k. */
function copiedColumn({column_name: name, column_type: type}: Column): string {
  const column = sqlIdent(name);
  if (ID_COLUMNS.has(name) && type === "VARCHAR") return `${column} || '-' || k AS ${column}`;
  if (ID_LIST_COLUMNS.has(name) && type === "VARCHAR[]") return `list_transform(${column}, id -> id || '-' || k) AS ${column}`;
  if (NAME_COLUMNS.has(name) && type === "VARCHAR") return `${column} || ' #' || k AS ${column}`;
  return column;
}

/**
 * Writes the tables of `source` copied `copies` times into `target` (zstd Parquet), unless
 * `target` already holds the copies of exactly these tables. Returns `target`.
 */
export async function scaleTables(source: string, target: string, copies: number, progress: Progress = () => {}): Promise<string> {
  const stamp = JSON.stringify({source, manifest: readFileSync(join(source, "manifest.json"), "utf8"), copies});
  const stampFile = join(target, "scaled-from.json");
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return target;

  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, {recursive: true, force: true});
  mkdirSync(partial, {recursive: true});
  const db = await PulseDb.open();
  try {
    for (const file of readdirSync(source).sort()) {
      if (LEFT_OUT.has(file)) continue;
      if (!file.endsWith(".parquet")) {
        copyFileSync(join(source, file), join(partial, file));
        continue;
      }
      const input = `read_parquet(${sqlString(join(source, file))})`;
      const columns = await db.rows<Column>(`DESCRIBE SELECT * FROM ${input}`);
      const perAccount = columns.some((c) => c.column_name === "account_id");
      const select = perAccount
        ? // copy after copy, each in the original row order (which keeps the files as compact as the originals)
          `SELECT ${columns.map(copiedColumn).join(", ")}
           FROM (SELECT *, row_number() OVER () AS original_row FROM ${input}), range(${copies}) AS copy(k)
           ORDER BY k, original_row`
        : `SELECT * FROM ${input}`;
      await db.run(`COPY (${select}) TO ${sqlString(join(partial, file))} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
      progress(`${perAccount ? `copied ${file} ×${copies}` : `kept ${file} as it is`}`);
    }
  } finally {
    db.close();
  }
  writeFileSync(join(partial, "scaled-from.json"), stamp);
  rmSync(target, {recursive: true, force: true});
  renameSync(partial, target);
  return target;
}
