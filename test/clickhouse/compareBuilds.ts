// Builds Pulse's tables from a data folder with the usage events in a file, and again with them in a ClickHouse
// table, and compares the two row for row. Runs the build in this process (loaders/build.ts buildTables), each
// build with its own table cache.
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {afterAll} from "vitest";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {PulseDb, sqlString} from "../../loaders/db.js";
import type {BuiltTables} from "../../loaders/build.js";

export interface BuildOptions {
  dataDir: string;
  /** the settings, written to a config file for the build */
  config?: Record<string, unknown>;
  asOf?: string;
  /** progress lines of the build */
  progress?: (message: string) => void;
}

/** A temporary folder for the test file that asks for it, removed when its tests are done. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, {recursive: true, force: true}));
  return dir;
}

const work = scratchDir("pulse-ch-build-");
// the table cache of every build in this test process (loaders/build.ts reads PULSE_CACHE when it is loaded)
process.env.PULSE_CACHE ??= join(work, "cache");
let configs = 0;

/** Runs buildTables with a config file written for it. One build at a time (the caller awaits each). */
export async function build(options: BuildOptions): Promise<BuiltTables> {
  const configPath = join(work, `pulse.config.${++configs}.mjs`);
  writeFileSync(configPath, `export default ${JSON.stringify(options.config ?? {}, null, 2)};\n`);
  const {buildTables} = await import("../../loaders/build.js");
  return await buildTables({data: options.dataDir, config: configPath, asOf: options.asOf ?? null}, options.progress);
}

/** A build made once, when first asked for. */
export function lazyBuild(options: BuildOptions): () => Promise<BuiltTables> {
  let built: Promise<BuiltTables> | null = null;
  return () => (built ??= build(options));
}

export interface TableDifference {
  table: string;
  /** rows in the file build and not in the ClickHouse build, and the other way round */
  onlyInFile: number;
  onlyInWarehouse: number;
  fileRows: number;
  warehouseRows: number;
  examples: unknown[];
}

/** Every Parquet table of the two builds compared as multisets of rows (EXCEPT ALL both ways); `skip` leaves some out. */
export async function compareTables(fileDir: string, warehouseDir: string, skip: string[] = []): Promise<{tables: string[]; differences: TableDifference[]}> {
  const tables = readdirSync(fileDir).filter((f) => f.endsWith(".parquet") && !skip.includes(f.replace(/\.parquet$/, ""))).sort();
  const other = readdirSync(warehouseDir).filter((f) => f.endsWith(".parquet") && !skip.includes(f.replace(/\.parquet$/, ""))).sort();
  if (JSON.stringify(tables) !== JSON.stringify(other)) throw new Error(`different tables: ${tables.join(",")} vs ${other.join(",")}`);
  const db = await PulseDb.open();
  const differences: TableDifference[] = [];
  try {
    for (const table of tables) {
      const a = `read_parquet(${sqlString(join(fileDir, table))})`;
      const b = `read_parquet(${sqlString(join(warehouseDir, table))})`;
      const [row] = await db.rows<{only_a: number; only_b: number; rows_a: number; rows_b: number}>(`SELECT
        (SELECT count(*) FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})) AS only_a,
        (SELECT count(*) FROM (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a})) AS only_b,
        (SELECT count(*) FROM ${a}) AS rows_a, (SELECT count(*) FROM ${b}) AS rows_b`);
      if (row.only_a > 0 || row.only_b > 0) {
        const examples = await db.rows(`(SELECT 'file' AS build, * FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b}) LIMIT 3)
          UNION ALL (SELECT 'clickhouse', * FROM (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a}) LIMIT 3)`);
        differences.push({table: table.replace(/\.parquet$/, ""), onlyInFile: row.only_a, onlyInWarehouse: row.only_b, fileRows: row.rows_a, warehouseRows: row.rows_b, examples});
      }
    }
  } finally {
    db.close();
  }
  return {tables, differences};
}

/** quality.json of a build. */
export function qualityOf(dir: string) {
  return JSON.parse(readFileSync(join(dir, "quality.json"), "utf8"));
}

/** A rejects table's rows of one export, as plain objects. */
export async function rejectsOf(dir: string, exportName: string): Promise<{file: string; row: number | null; column: string; rule: string; value: string | null; reason: string}[]> {
  const db = await PulseDb.open();
  try {
    return await db.rows(`SELECT file, "row", "column", rule, value, reason FROM read_parquet(${sqlString(join(dir, "rejects.parquet"))})
      WHERE export = ${sqlString(exportName)} ORDER BY "column", rule, value, reason`);
  } finally {
    db.close();
  }
}
