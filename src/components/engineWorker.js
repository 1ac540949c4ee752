// The DuckDB-Wasm engine's worker, in a module that imports nothing: a page's first cell can start
// it (and with it the download of its script, 0.75 MB, then of the engine, 34 MB) before DuckDB-Wasm's
// own JavaScript and Apache Arrow (~0.5 MB, several files) have loaded, which db.js needs to talk to
// it. db.js takes the same worker.
//
//   import {engineWorker} from "./components/engineWorker.js";
//   engineWorker(); // in a cell of its own, first on the page
//
// Framework copies the worker and the wasm files from node_modules into dist/_node/ and bundles
// the worker as an ES module, so it must be started as one.

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

// DuckDB-Wasm's own choice (selectBundle): the build with WebAssembly exceptions where the browser
// has them (every current browser), tested the same way, on a module that throws and catches
const wasmExceptions = globalThis.WebAssembly?.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11]));

/** The engine's files for this browser: {mainModule, mainWorker} (URLs). */
export const engineBundle = wasmExceptions ? bundles.eh : bundles.mvp;

let worker;

/** The page's one engine worker, started on the first call. */
export function engineWorker() {
  if (!worker) {
    worker = new Worker(engineBundle.mainWorker, {type: "module"});
    globalThis.performance?.mark?.("pulse:engine-worker"); // on the page's timeline, with db.js's milestones
  }
  return worker;
}
