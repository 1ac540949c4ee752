// One in-browser DuckDB-Wasm per page, fed with the site's Parquet files or with a DuckDB database
// file the build wrote for the page.
// Everything is self-hosted: the engine, its worker and parquet-wasm come from node_modules and
// Framework copies them into dist/_node/. DuckDB-Wasm would fetch its Parquet extension from the
// internet, so Parquet is decoded by parquet-wasm and handed to DuckDB as an Arrow IPC stream.
//
//   const db = pulseDb({accounts: FileAttachment("data/accounts.parquet").arrayBuffer()});
//   const rows = await db.query(`SELECT tier, count(*) AS accounts FROM accounts WHERE ${where} GROUP BY tier`);
//
// A DuckDB database file (a page's tables, written by the build for the engine's storage version)
// needs no decoding and no insert: it is attached read-only as it arrives, and each table is a view
// on it. The health page at 50,000 accounts: ~0.1 s from engine to data, against ~1–2 s for
// decoding and inserting the same columns from Parquet.
//
//   const health = FileAttachment("data/health.duckdb").arrayBuffer();
//   const db = pulseDb({accounts: {database: health}});
//
// Pass FileAttachment(...).arrayBuffer(), not the bare FileAttachment: Framework reads a bare
// FileAttachment("x.parquet") as a use of .parquet() and adds npm:apache-arrow and
// npm:parquet-wasm imports, which it fetches from a CDN at build time. Calling .arrayBuffer()
// on the spot also starts the download at once.
//
// Rows come back as plain objects: integers (also BIGINT/HUGEINT) and decimals as Number,
// DATE and TIMESTAMP as JavaScript Date (UTC), lists as arrays, structs as objects.
import * as duckdb from "@duckdb/duckdb-wasm";
import {engineBundle, engineWorker} from "./engineWorker.js";
import {queryAnswered, queryStarted} from "./updating.js";

let engine; // the page's one engine: {database, connection}
let parquet; // parquet-wasm, initialised once: its readParquet
const tables = new Map(); // table name → promise of "inserted"
let attached = 0; // database files attached so far (each gets its own alias)

function startEngine() {
  return (engine ??= (async () => {
    mark("pulse:engine-start");
    // the worker may be running already: a page can start it first (engineWorker.js)
    const database = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), engineWorker());
    await database.instantiate(engineBundle.mainModule);
    // queryPollingInterval: the longest step of a pending query (warmUp), in ms
    await database.open({query: {castBigIntToDouble: true, castDecimalToDouble: true, queryPollingInterval: WARM_UP_STEP_MS}});
    const connection = await database.connect();
    // not awaited: the worker answers in turn, so it applies to every later query (a DuckDB that
    // does not know the name keeps every optimization)
    connection.query(`SET disabled_optimizers = '${SMALL_TABLE_OPTIMIZERS_OFF.join(",")}'`).catch(() => {});
    mark("pulse:engine-ready");
    return {database, connection};
  })());
}

// A DuckDB optimization for large tables that costs more than it saves on a page's tables (at most
// ~50,000 rows): compressed materialization (strings and integers packed into smaller types around
// sorts and aggregates, and unpacked after). Planning it is a good part of a small query's time in
// DuckDB-Wasm: the health table's page with its count took ~10–25% less without it at 2,000 and at
// 50,000 accounts. (Late materialization, also for large tables, pays for itself at 50,000: the
// sort reads three columns, then 25 rows are fetched.)
const SMALL_TABLE_OPTIMIZERS_OFF = ["compressed_materialization"];

// A warm-up query runs in steps of at most this long (plus one of DuckDB's tasks): the longest a
// page's query waits for it.
const WARM_UP_STEP_MS = 5;

// parquet-wasm (a 5 MB wasm of its own) is loaded only by pages that read Parquet
const parquetWasm = import.meta.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm");
function startParquet() {
  return (parquet ??= import("parquet-wasm/esm").then(async ({default: init, readParquet}) => {
    await init(parquetWasm);
    return readParquet;
  }));
}

async function insertParquet(name, file) {
  const {data, columns} = isFileSpec(file) ? file : {data: file};
  // engine start, wasm download and data fetch run in parallel; decoding (on the page's thread,
  // only the columns the page asks for) does not wait for the engine, which starts in its worker
  const engineStarted = startEngine();
  const [bytes, readParquet] = await Promise.all([data, startParquet()]);
  const arrow = readParquet(new Uint8Array(bytes), columns ? {columns} : undefined).intoIPCStream();
  mark(`pulse:decoded:${name}`);
  const {connection} = await engineStarted;
  await connection.insertArrowFromIPCStream(arrow, {name, create: true});
  mark(`pulse:loaded:${name}`);
}

/**
 * Attaches a database file (read-only, in the engine's worker) and makes each of its tables a view
 * in the page's database, all in one round trip, so that every table of the file is there at once.
 * views: {view name: table in the file}.
 */
async function attachDatabase(data, views) {
  const alias = `pulse_file_${++attached}`;
  const [bytes, {database, connection}] = await Promise.all([data, startEngine()]);
  await database.registerFileBuffer(`${alias}.duckdb`, new Uint8Array(bytes));
  await connection.query(
    [`ATTACH '${alias}.duckdb' AS ${alias} (READ_ONLY)`, ...Object.entries(views).map(([name, table]) => `CREATE VIEW ${name} AS SELECT * FROM ${alias}.${table}`)].join(";\n")
  );
  for (const name of Object.keys(views)) mark(`pulse:loaded:${name}`);
}

// Milestones on the page's performance timeline (DevTools, and the browser benchmark, read them).
function mark(name) {
  globalThis.performance?.mark?.(name);
}

function isFileSpec(file) {
  return file != null && typeof file === "object" && "data" in file && !(file instanceof ArrayBuffer) && !ArrayBuffer.isView(file);
}

function isDatabaseSpec(file) {
  return file != null && typeof file === "object" && "database" in file && !(file instanceof ArrayBuffer) && !ArrayBuffer.isView(file);
}

/**
 * Starts the engine (once per page) and loads Parquet files as tables. files: {table name: the
 * file's bytes (ArrayBuffer, Uint8Array, or a promise of one)}, e.g.
 * {accounts: FileAttachment("data/accounts.parquet").arrayBuffer()}; or {data, columns} to load
 * only some columns: {accounts: {data: FileAttachment(...).arrayBuffer(), columns: ["account_id", "arr"]}};
 * or {database, table?}: a table of a DuckDB database file; give every table of one file in the same
 * call, with the same promise of its bytes (the file is attached once for them):
 * {accounts: {database: health}} with health = FileAttachment("data/health.duckdb").arrayBuffer().
 * Returns {ready, query, prefetch, warmUp}; query waits by itself for the engine and the tables its
 * SQL names. pulseDb() with no files gives a handle on the same engine and tables, e.g. for a component.
 */
export function pulseDb(files = {}) {
  const fromDatabases = new Map(); // database file → {view name: table in the file}
  for (const [name, file] of Object.entries(files)) {
    if (tables.has(name)) continue;
    if (!isDatabaseSpec(file)) tables.set(name, insertParquet(name, file));
    else fromDatabases.set(file.database, {...fromDatabases.get(file.database), [name]: file.table ?? name});
  }
  for (const [data, views] of fromDatabases) {
    const attaching = attachDatabase(data, views);
    for (const name of Object.keys(views)) tables.set(name, attaching);
  }
  // ready when the engine runs and every table registered on the page so far is loaded
  const ready = Promise.all([startEngine(), ...tables.values()]).then(() => undefined);
  ready.catch(() => {}); // a failure shows where a query awaits it, not as an unhandled rejection

  /**
   * Runs SQL; params fill `?` placeholders through a prepared statement. Returns plain objects.
   * Waits for the engine and for the tables the SQL names, not for every table of the page: the
   * account page shows its header while the larger weekly tables still download. SQL sent earlier
   * with prefetch is not asked again: its answer is taken (once).
   */
  async function query(sql, params) {
    if (!params?.length && early.has(sql)) {
      const answer = early.get(sql);
      early.delete(sql);
      return answer;
    }
    asking++;
    queryStarted(); // the page says "Loading…" or "Updating…" until its queries are answered (updating.js)
    try {
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
    } finally {
      queryAnswered();
      if (--asking === 0) for (const resume of whenQuiet.splice(0)) resume();
    }
  }

  return {
    ready,
    query,

    /**
     * Asks now what the page is about to ask with the same SQL, e.g. a table's first page as a
     * filter changes, from the filter's input event: Framework runs the page's cells on the next
     * animation frame, 10–20 ms later, and the table's cell then takes this answer instead of asking
     * again. Answers not taken are dropped at the next prefetch.
     */
    prefetch(sqls) {
      early.clear();
      for (const sql of sqls) {
        const answer = query(sql);
        answer.catch(() => {}); // a failure shows where the page takes the answer
        early.set(sql, answer);
      }
    },

    /**
     * Runs queries for the engine's sake only, answers dropped: DuckDB-Wasm first runs on quickly
     * compiled, slower code, and the browser compiles the code that runs often again, in the
     * background. A page's first filter changes after a load take about twice as long without it.
     * Starts once every table of the page is loaded, one query at a time and only while the page
     * asks nothing. Each runs step by step on a connection of its own (DuckDB-Wasm's pending
     * queries): the worker answers the page's queries between two steps, and a query the page
     * interrupts is cancelled and run again once the page is quiet. A query that fails is skipped.
     */
    async warmUp(sqls) {
      const {database} = await ready.then(() => engine);
      const aside = await database.connect();
      for (let i = 0; i < sqls.length; ) {
        while (asking > 0) await new Promise((resume) => whenQuiet.push(resume));
        if (await runAside(aside, sqls[i])) i++;
      }
      await aside.close();
      mark("pulse:warmed-up");
    }
  };
}

/**
 * Runs sql step by step on connection, the answer dropped, unless the page asks something: then the
 * query is cancelled. Returns false when it was cancelled, true when it ran (or failed).
 */
function runAside(connection, sql) {
  return connection.useUnsafe(async (bindings, id) => {
    try {
      let header = await bindings.startPendingQuery(id, sql);
      while (header == null) {
        if (asking > 0) {
          await bindings.cancelPendingQuery(id);
          return false;
        }
        header = await bindings.pollPendingQuery(id);
      }
      // the answer, in record batches, dropped: null is "not yet", an empty batch the end
      for (let batch = null; batch == null || batch.length > 0; ) batch = await bindings.fetchQueryResults(id);
    } catch {
      // skipped
    }
    return true;
  });
}

const early = new Map(); // SQL → promise of its rows, sent by prefetch and not taken yet
let asking = 0; // the page's queries sent and not answered yet
const whenQuiet = []; // warmUp waiting for asking to be 0

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
export {sqlList, sqlString} from "../shared/sql.js";
