// Checks that an export file is whole and is what its name says, before DuckDB reads it. DuckDB reads a
// truncated .csv.gz as far as it goes and drops the rest without a word (rows read = accepted + rejected
// still adds up, over the rows that happened to decompress), and reads a PNG renamed .csv as a one-column
// CSV of garbage. Here each of those stops the build with one line naming the file and the reason
// (docs/data-contract.md#damaged-files):
//   - an empty file (0 bytes), whatever its format;
//   - a .gz file that is not gzip, or whose gzip data is cut short or damaged: the whole file is
//     decompressed (to nowhere), which checks the CRC-32 and length gzip keeps of the content;
//   - a CSV or JSON Lines file that is not text (binary bytes, an image, a workbook, UTF-16);
//   - a JSON Lines file whose first line is not a JSON object;
//   - a Parquet file that does not start and end with Parquet's marker (cut short, or not Parquet).
import {closeSync, createReadStream, openSync, readSync, statSync} from "node:fs";
import {createGunzip} from "node:zlib";
import {PulseInputError} from "../errors.js";
import type {FoundExport} from "./findExports.js";

/** How much of the start of a file (decompressed, for .gz) the text checks look at. */
const HEAD_BYTES = 64 * 1024;
const AGAIN = "copy or export the file again";

export async function checkFile(found: Pick<FoundExport, "path" | "format">): Promise<void> {
  const {path, format} = found;
  const stat = statSync(path);
  if (stat.isDirectory()) throw damaged(path, "is a folder, not a file");
  if (stat.size === 0) throw damaged(path, `is empty (0 bytes): the export was not written, or was cut off; ${AGAIN}`);
  const head = readBytes(path, 0, Math.min(HEAD_BYTES, stat.size));
  if (path.toLowerCase().endsWith(".gz")) {
    if (!isGzip(head)) {
      const kind = kindOf(head) ?? (isBinary(head) ? null : "plain text");
      throw damaged(path, `is not gzip-compressed, although its name ends in .gz${kind ? ` (it is ${kind})` : ""}`);
    }
    const content = await gunzipWhole(path);
    if (content.head.length === 0) throw damaged(path, `is empty once decompressed; ${AGAIN}`);
    checkText(path, format, content.head, content.complete);
    return;
  }
  if (format === "parquet") checkParquet(path, head, stat.size);
  else checkText(path, format, head, stat.size <= HEAD_BYTES);
}

function damaged(path: string, reason: string): PulseInputError {
  return new PulseInputError(path, reason);
}

function readBytes(path: string, position: number, length: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, position);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

const startsWith = (bytes: Buffer, magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
const isGzip = (bytes: Buffer) => startsWith(bytes, [0x1f, 0x8b]);
const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/** What a file that is not what its name says most likely is, from its first bytes. */
function kindOf(bytes: Buffer): string | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return "a PNG image";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "a JPEG image";
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return "a PDF document";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return "a ZIP archive, such as an Excel .xlsx workbook: save it as CSV";
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return "an old Office file, such as an Excel .xls workbook: save it as CSV";
  if (isGzip(bytes)) return "gzip-compressed: name it with .gz at the end";
  if (startsWith(bytes, PARQUET_MAGIC)) return "a Parquet file: name it .parquet";
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return "UTF-16 text: save it as UTF-8";
  return null;
}

/** Binary rather than text: a NUL byte, or more than one byte in ten a control character other than tab, CR, LF, FF. */
function isBinary(bytes: Buffer): boolean {
  let control = 0;
  for (const byte of bytes) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return control > bytes.length / 10;
}

/** A CSV or JSON Lines file's first bytes (decompressed) are text, and a JSON Lines file starts with a JSON object. */
function checkText(path: string, format: FoundExport["format"], head: Buffer, complete: boolean): void {
  const what = format === "csv" ? "CSV" : "JSON Lines";
  const kind = kindOf(head);
  if (kind) throw damaged(path, `is not a ${what} text file: it is ${kind}`);
  if (isBinary(head)) throw damaged(path, `is not a ${what} text file: it holds binary bytes (is it another kind of file, renamed?)`);
  if (format !== "jsonl") return;
  const text = head.toString("utf8").replace(/^\uFEFF/, "");
  const lines = text.split("\n");
  const index = lines.findIndex((line) => line.trim() !== "");
  if (index < 0) {
    if (complete) throw damaged(path, `holds no JSON Lines, only blank lines; ${AGAIN}`);
    return;
  }
  const line = lines[index].trim();
  if (line.startsWith("[")) throw damaged(path, "holds a JSON array, not JSON Lines (one JSON object per line)");
  // the first line is judged only when it is all there (it ends within the bytes read)
  if (index === lines.length - 1 && !complete) return;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw damaged(path, `is not JSON Lines: line ${index + 1} is not JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw damaged(path, `is not JSON Lines: line ${index + 1} is not a JSON object (one object per line)`);
  }
}

/** A Parquet file starts with PAR1 and ends with its footer, the footer's length and PAR1. */
function checkParquet(path: string, head: Buffer, size: number): void {
  if (!startsWith(head, PARQUET_MAGIC)) {
    const kind = kindOf(head) ?? (isBinary(head) ? null : "text, such as a CSV: name it .csv");
    throw damaged(path, `is not a Parquet file (it does not start with PAR1)${kind ? `: it is ${kind}` : ""}`);
  }
  const tail = size >= 12 ? readBytes(path, size - 8, 8) : Buffer.alloc(0);
  if (!startsWith(tail.subarray(4), PARQUET_MAGIC)) {
    throw damaged(path, `is cut short: a Parquet file ends with PAR1 after its footer, this one does not; ${AGAIN}`);
  }
  const footer = tail.readUInt32LE(0);
  if (footer + 12 > size) throw damaged(path, `is damaged: its footer says ${footer} bytes, more than the file holds; ${AGAIN}`);
}

/**
 * Decompresses the whole file to nowhere, keeping its first HEAD_BYTES: zlib checks the deflate data and, at
 * the end of each gzip member, the CRC-32 and length of its content. `complete`: the head is all the content.
 */
function gunzipWhole(path: string): Promise<{head: Buffer; complete: boolean}> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    const gunzip = createGunzip({chunkSize: 1 << 20});
    const input = createReadStream(path, {highWaterMark: 1 << 20});
    const fail = (error: NodeJS.ErrnoException) => {
      input.destroy();
      gunzip.destroy();
      reject(error.code?.startsWith("Z_") || /unexpected end of file|incorrect|invalid/.test(error.message) ? damaged(path, gzipReason(error)) : error);
    };
    input.on("error", fail);
    gunzip.on("error", fail);
    gunzip.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (kept < HEAD_BYTES) {
        chunks.push(chunk.subarray(0, HEAD_BYTES - kept));
        kept += Math.min(chunk.length, HEAD_BYTES - kept);
      }
    });
    gunzip.on("end", () => resolve({head: Buffer.concat(chunks), complete: total <= HEAD_BYTES}));
    input.pipe(gunzip);
  });
}

function gzipReason(error: Error): string {
  const zlib = `(zlib: ${error.message})`;
  if (/unexpected end of file/.test(error.message)) return `is cut short: its gzip data ends before the end of the compressed content ${zlib}; ${AGAIN}`;
  if (/incorrect (data|length) check/.test(error.message)) return `is damaged: its content does not match the checksum gzip keeps of it ${zlib}; ${AGAIN}`;
  return `is damaged: its gzip data is corrupt ${zlib}; ${AGAIN}`;
}
