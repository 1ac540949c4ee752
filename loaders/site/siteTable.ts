// What the site's data loaders (src/data/*.ts) call: the bytes of one built table, or of a small
// file derived from the built tables in SQL (a JSON of filter options, a browser-sized table, a
// DuckDB database file for a page, a page's precomputed first view).
// `pulse build` builds the tables first and passes their folder in PULSE_TABLES_DIR; a bare
// `observable build` or `observable preview` builds them here (cached per inputs).
import {existsSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {buildTables} from "../build.js";
import {sqlIdent, sqlString} from "../db.js";

export async function tablesDir(): Promise<string> {
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

/** The SQL with {table} placeholders replaced by read_parquet of the built table in dir. */
export function overBuiltTables(select: string, dir: string): string {
  return select.replace(/\{(\w+)\}/g, (_, table: string) => {
    const path = join(dir, `${table}.parquet`);
    if (!existsSync(path)) throw new Error(`${table}.parquet was not built (looked in ${dir})`);
    return `read_parquet(${sqlString(path)})`;
  });
}

/** Runs work on a fresh in-memory DuckDB (UTC) with a scratch folder, both removed afterwards. */
export async function withScratchDb<T>(work: (connection: DuckDBConnection, scratch: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), "pulse-derived-"));
  try {
    const instance = await DuckDBInstance.create(":memory:", {threads: "2"});
    const connection = await instance.connect();
    try {
      await connection.run(`SET TimeZone = 'UTC'`);
      return await work(connection, scratch);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  } finally {
    rmSync(scratch, {recursive: true, force: true});
  }
}

/**
 * The result of one SELECT over the built tables, as a file's bytes. In the SQL, {accounts} stands
 * for read_parquet of the built accounts.parquet (any table name works).
 * json: an array of row objects; parquet: zstd, in the query's order.
 */
export async function derivedFile(select: string, format: "json" | "parquet"): Promise<Buffer> {
  const sql = overBuiltTables(select, await tablesDir());
  return withScratchDb(async (connection, scratch) => {
    const file = join(scratch, `derived.${format}`);
    const options = format === "json" ? "FORMAT json, ARRAY true" : "FORMAT parquet, COMPRESSION zstd";
    await connection.run(`COPY (${sql}) TO ${sqlString(file)} (${options})`);
    return readFileSync(file);
  });
}

/** derivedFile as parsed JSON rows */
export async function derivedRows<T = Record<string, unknown>>(select: string): Promise<T[]> {
  return JSON.parse((await derivedFile(select, "json")).toString("utf8"));
}

/**
 * The storage version of the database files the browser attaches: DuckDB-Wasm 1.32 is DuckDB 1.4.3,
 * which reads files up to v1.4.0; Node's DuckDB is newer and would otherwise write its own default.
 */
export const BROWSER_STORAGE_VERSION = "v1.4.0";

/**
 * A DuckDB database file, as bytes, with one table per SELECT over the built tables (placeholders
 * as in derivedFile), written for DuckDB-Wasm (BROWSER_STORAGE_VERSION): a page attaches it and
 * queries it as it is, with no decoding and no insert (src/components/db.js).
 */
export async function derivedDatabase(tables: Record<string, string>): Promise<Buffer> {
  const dir = await tablesDir();
  return withScratchDb(async (connection, scratch) => {
    const file = join(scratch, "derived.duckdb");
    await connection.run(`ATTACH ${sqlString(file)} AS derived (STORAGE_VERSION '${BROWSER_STORAGE_VERSION}')`);
    for (const [name, select] of Object.entries(tables)) {
      await connection.run(`CREATE TABLE derived.${sqlIdent(name)} AS ${overBuiltTables(select, dir)}`);
    }
    await connection.run(`DETACH derived`); // checkpoints: every table is in the file
    return readFileSync(file);
  });
}

/**
 * Answers of several queries over tables made as in derivedDatabase (the same SELECTs, so the
 * same rows as the file a page attaches), by name: {name: rows as JSON values (dates as "YYYY-MM-DD")}.
 */
export async function derivedAnswers(tables: Record<string, string>, queries: Record<string, string>): Promise<Record<string, Record<string, unknown>[]>> {
  const dir = await tablesDir();
  return withScratchDb(async (connection, scratch) => {
    for (const [name, select] of Object.entries(tables)) {
      await connection.run(`CREATE TABLE ${sqlIdent(name)} AS ${overBuiltTables(select, dir)}`);
    }
    const answers: Record<string, Record<string, unknown>[]> = {};
    for (const [name, sql] of Object.entries(queries)) {
      const file = join(scratch, `${name}.json`);
      await connection.run(`COPY (${sql}) TO ${sqlString(file)} (FORMAT json, ARRAY true)`);
      answers[name] = JSON.parse(readFileSync(file, "utf8"));
    }
    return answers;
  });
}
