// What the site's data loaders (src/data/*.ts) call: the bytes of one built table, or of a small
// file derived from the built tables in SQL (a JSON of filter options, a browser-sized table).
// `pulse build` builds the tables first and passes their folder in PULSE_TABLES_DIR; a bare
// `observable build` or `observable preview` builds them here (cached per inputs).
import {existsSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {buildTables} from "../build.js";
import {sqlString} from "../db.js";

async function tablesDir(): Promise<string> {
  const given = process.env.PULSE_TABLES_DIR;
  if (given) return given;
  const built = await buildTables({}, (message) => process.stderr.write(`[pulse] ${message}\n`));
  return built.dir;
}

export async function siteTable(file: string): Promise<Buffer> {
  const dir = await tablesDir();
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`${file} was not built (looked in ${dir})`);
  return readFileSync(path);
}

/**
 * The result of one SELECT over the built tables, as a file's bytes. In the SQL, {accounts} stands
 * for read_parquet of the built accounts.parquet (any table name works).
 * json: an array of row objects; parquet: zstd, in the query's order.
 */
export async function derivedFile(select: string, format: "json" | "parquet"): Promise<Buffer> {
  const dir = await tablesDir();
  const sql = select.replace(/\{(\w+)\}/g, (_, table: string) => {
    const path = join(dir, `${table}.parquet`);
    if (!existsSync(path)) throw new Error(`${table}.parquet was not built (looked in ${dir})`);
    return `read_parquet(${sqlString(path)})`;
  });
  const out = mkdtempSync(join(tmpdir(), "pulse-derived-"));
  try {
    const file = join(out, `derived.${format}`);
    const options = format === "json" ? "FORMAT json, ARRAY true" : "FORMAT parquet, COMPRESSION zstd";
    const instance = await DuckDBInstance.create(":memory:", {threads: "2"});
    const connection = await instance.connect();
    try {
      await connection.run(`SET TimeZone = 'UTC'`);
      await connection.run(`COPY (${sql}) TO ${sqlString(file)} (${options})`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    return readFileSync(file);
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
}

/** derivedFile as parsed JSON rows */
export async function derivedRows<T = Record<string, unknown>>(select: string): Promise<T[]> {
  return JSON.parse((await derivedFile(select, "json")).toString("utf8"));
}
