// One in-browser DuckDB-Wasm per page, fed with the site's Parquet files.
// Everything is self-hosted: the engine, its worker and parquet-wasm come from node_modules and
// Framework copies them into dist/_node/. DuckDB-Wasm would fetch its Parquet extension from the
// internet, so Parquet is decoded by parquet-wasm and handed to DuckDB as an Arrow IPC stream.
//
//   const db = pulseDb({accounts: FileAttachment("data/accounts.parquet").arrayBuffer()});
//   const rows = await db.query(`SELECT tier, count(*) AS accounts FROM accounts WHERE ${where} GROUP BY tier`);
//
// Pass FileAttachment(...).arrayBuffer(), not the bare FileAttachment: Framework reads a bare
// FileAttachment("x.parquet") as a use of .parquet() and adds npm:apache-arrow and
// npm:parquet-wasm imports, which it fetches from a CDN at build time. Calling .arrayBuffer()
// on the spot also starts the download at once.
//
// Rows come back as plain objects: integers (also BIGINT/HUGEINT) and decimals as Number,
// DATE and TIMESTAMP as JavaScript Date (UTC), lists as arrays, structs as objects.
import * as duckdb from "@duckdb/duckdb-wasm";
import initParquet, {readParquet} from "parquet-wasm/esm";

const bundles = {
  mvp: {
    mainModule: import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm"),
    mainWorker: import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js")
  },
  eh: {
    mainModule: import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"),
    mainWorker: import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js")
  }
};

let engine; // the page's one engine: {database, connection}
let parquet; // parquet-wasm, initialised once
const tables = new Map(); // table name → promise of "inserted"

function startEngine() {
  return (engine ??= (async () => {
    const bundle = await duckdb.selectBundle(bundles);
    // Framework bundles the worker as an ES module, so it must be started as one.
    const worker = new Worker(bundle.mainWorker, {type: "module"});
    const database = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await database.instantiate(bundle.mainModule);
    await database.open({query: {castBigIntToDouble: true, castDecimalToDouble: true}});
    const connection = await database.connect();
    mark("pulse:engine-ready");
    return {database, connection};
  })());
}

function startParquet() {
  return (parquet ??= initParquet(import.meta.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm")));
}

async function insertParquet(name, file) {
  const {data, columns} = isFileSpec(file) ? file : {data: file};
  // engine start, wasm download and data fetch run in parallel; decoding (on the page's thread,
  // only the columns the page asks for) does not wait for the engine, which starts in its worker
  const engineStarted = startEngine();
  const [bytes] = await Promise.all([data, startParquet()]);
  const arrow = readParquet(new Uint8Array(bytes), columns ? {columns} : undefined).intoIPCStream();
  mark(`pulse:decoded:${name}`);
  const {connection} = await engineStarted;
  await connection.insertArrowFromIPCStream(arrow, {name, create: true});
  mark(`pulse:loaded:${name}`);
}

// Milestones on the page's performance timeline (DevTools, and the browser benchmark, read them).
function mark(name) {
  globalThis.performance?.mark?.(name);
}

function isFileSpec(file) {
  return file != null && typeof file === "object" && "data" in file && !(file instanceof ArrayBuffer) && !ArrayBuffer.isView(file);
}

/**
 * Starts the engine (once per page) and loads Parquet files as tables. files: {table name: the
 * file's bytes (ArrayBuffer, Uint8Array, or a promise of one)}, e.g.
 * {accounts: FileAttachment("data/accounts.parquet").arrayBuffer()}; or {data, columns} to load
 * only some columns: {accounts: {data: FileAttachment(...).arrayBuffer(), columns: ["account_id", "arr"]}}.
 * Returns {ready, query}; query waits by itself for the engine and the tables its SQL names. pulseDb() with no files gives a handle
 * on the same engine and tables, e.g. for a component.
 */
export function pulseDb(files = {}) {
  for (const [name, data] of Object.entries(files)) {
    if (!tables.has(name)) tables.set(name, insertParquet(name, data));
  }
  // ready when the engine runs and every table registered on the page so far is loaded
  const ready = Promise.all([startEngine(), ...tables.values()]).then(() => undefined);
  ready.catch(() => {}); // a failure shows where a query awaits it, not as an unhandled rejection
  return {
    ready,
    /**
     * Runs SQL; params fill `?` placeholders through a prepared statement. Returns plain objects.
     * Waits for the engine and for the tables the SQL names, not for every table of the page: the
     * account page shows its header while the larger weekly tables still download.
     */
    async query(sql, params) {
      const named = [...tables].filter(([name]) => new RegExp(`\\b${name}\\b`).test(sql)).map(([, loaded]) => loaded);
      await Promise.all([startEngine(), ...named]);
      const {connection} = await engine;
      const start = performance.now();
      let rows;
      if (!params?.length) rows = plainRows(await connection.query(sql));
      else {
        const statement = await connection.prepare(sql);
        try {
          rows = plainRows(await statement.query(...params));
        } finally {
          await statement.close();
        }
      }
      // each query's time, from sending it to having its rows, on the performance timeline
      globalThis.performance?.measure?.("pulse:query", {start, detail: sql.trim().slice(0, 120)});
      return rows;
    }
  };
}

// Arrow type ids (apache-arrow's Type enum; the same in every Arrow version)
const ARROW = {Int: 2, Float: 3, Date: 8, Timestamp: 10, List: 12, Struct: 13, FixedSizeList: 16};

// Column by column: iterating an Arrow table row by row builds a proxy per row and is several
// times slower (500 ms against under 100 ms for 1,359 rows × 88 columns in headless Chromium).
function plainRows(table) {
  const n = table.numRows;
  const rows = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = {};
  for (const [index, field] of table.schema.fields.entries()) {
    const column = table.getChildAt(index);
    const {name, type} = field;
    if ((type.typeId === ARROW.Int || type.typeId === ARROW.Float) && column.nullCount === 0) {
      const values = column.toArray(); // a typed array: no per-value work
      for (let i = 0; i < n; i++) rows[i][name] = typeof values[i] === "bigint" ? Number(values[i]) : values[i];
    } else {
      let i = 0;
      for (const value of column) rows[i++][name] = plainValue(value, type);
    }
  }
  return rows;
}

function plainValue(value, type) {
  if (value == null) return null;
  switch (type.typeId) {
    case ARROW.Date:
    case ARROW.Timestamp:
      return value instanceof Date ? value : new Date(Number(value)); // Arrow gives epoch milliseconds
    case ARROW.List:
    case ARROW.FixedSizeList:
      return Array.from(value, (item) => plainValue(item, type.children[0].type));
    case ARROW.Struct:
      return Object.fromEntries(type.children.map((f) => [f.name, plainValue(value[f.name], f.type)]));
  }
  return typeof value === "bigint" ? Number(value) : value;
}

// Safe SQL literals for WHERE clauses live in sql.js (no engine needed to use them).
export {sqlList, sqlString} from "./sql.js";
