// Which usage files are read together, in one pass (rollUpFiles): files of a folder export that follow each other and
// have the same columns in the same order — the same header line for CSV, the same schema for Parquet — up to a
// bound on their size, so that the pass's memory does not grow with the folder. A JSON Lines file, a file with other
// columns, or a file that fills the bound alone is read on its own. Reading a year of daily files one by one would
// cost DuckDB's set-up (the CSV dialect sniffed, a Parquet write started) 365 times over.
import {closeSync, openSync, readSync, statSync} from "node:fs";
import {gunzipSync, constants as zlib} from "node:zlib";
import {PulseDb, sqlString} from "../db.js";
import type {FoundExport} from "../ingest/findExports.js";

/** Bytes of files read in one pass (on disk: compressed files count 8 times, about what they hold). */
export const BATCH_BYTES = 256 * 2 ** 20;

/** The first line of a CSV file (decompressed, for .gz), what identifies its columns. */
function headerLine(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, read);
    // a gzip file's start, decompressed as far as it goes (checkFile checks the whole file before it is read)
    const bytes = path.toLowerCase().endsWith(".gz") ? gunzipSync(head, {finishFlush: zlib.Z_SYNC_FLUSH}) : head;
    const text = bytes.toString("utf8");
    const end = text.search(/\r?\n/);
    return end < 0 ? text : text.slice(0, end);
  } catch {
    return `unreadable:${path}`; // read alone; checkFile names what is wrong with it
  } finally {
    closeSync(fd);
  }
}

async function signature(db: PulseDb, found: FoundExport, path: string): Promise<string> {
  if (found.format === "csv") return headerLine(path);
  if (found.format === "parquet") {
    try {
      const columns = await db.rows<{column_name: string; column_type: string}>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
      return columns.map((c) => `${c.column_name}:${c.column_type}`).join(",");
    } catch {
      return `unreadable:${path}`;
    }
  }
  return `alone:${path}`;
}

/** The files in batches to read in one pass each, in their order. */
export async function batches<T extends {file: string; index: number}>(db: PulseDb, found: FoundExport, files: T[]): Promise<T[][]> {
  const result: T[][] = [];
  let current: T[] = [];
  let currentSignature = "";
  let bytes = 0;
  for (const f of files) {
    const size = statSync(f.file).size * (found.format === "parquet" || f.file.toLowerCase().endsWith(".gz") ? 8 : 1);
    const sig = await signature(db, found, f.file);
    const follows = current.length > 0 && current.at(-1)!.index === f.index - 1;
    if (current.length > 0 && (sig !== currentSignature || sig.startsWith("alone:") || sig.startsWith("unreadable:") || !follows || bytes + size > BATCH_BYTES)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(f);
    currentSignature = sig;
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}
