// Damaged and mislabelled export files are refused before DuckDB reads them, each with one line naming
// the file and the reason (loaders/ingest/checkFile.ts). The CLI test (test/cli/failures.cli.test.ts)
// checks the same files stop `pulse data` and `pulse build` and leave the earlier output as it was.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {gzipSync} from "node:zlib";
import {afterAll, describe, expect, test} from "vitest";
import {checkFile} from "../../loaders/ingest/checkFile.js";
import type {ExportFormat} from "../../loaders/ingest/findExports.js";
import {PulseDb, sqlString} from "../../loaders/db.js";

const work = mkdtempSync(join(tmpdir(), "pulse-check-file-"));
afterAll(() => rmSync(work, {recursive: true, force: true}));

const CSV = "account_id,timestamp,event\n" + Array.from({length: 5000}, (_, i) => `ACC-${i % 50},2026-11-${String((i % 28) + 1).padStart(2, "0")},view\n`).join("");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 7)]);

function file(name: string, bytes: Buffer | string): string {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return path;
}

const formatOf = (name: string): ExportFormat => (name.includes(".csv") ? "csv" : name.includes(".json") ? "jsonl" : "parquet");

async function reason(name: string, bytes: Buffer | string): Promise<string> {
  const path = file(name, bytes);
  try {
    await checkFile({path, format: formatOf(name)});
  } catch (error) {
    const message = (error as Error).message;
    expect(message.startsWith(`${path}: `), message).toBe(true); // every message names the file first
    expect(message).not.toContain("\n");
    return message.slice(path.length + 2);
  }
  return "accepted";
}

async function parquetBytes(): Promise<Buffer> {
  const path = join(work, "made.parquet");
  const db = await PulseDb.open();
  try {
    await db.run(`COPY (SELECT 'ACC-' || i AS account_id, TIMESTAMP '2026-11-01' + to_hours(i) AS "timestamp" FROM range(2000) t(i)) TO ${sqlString(path)} (FORMAT parquet)`);
  } finally {
    db.close();
  }
  return readFileSync(path);
}

describe("whole files pass", () => {
  test("CSV, gzipped CSV, JSON Lines, gzipped JSON Lines, Parquet", async () => {
    expect(await reason("ok.csv", CSV)).toBe("accepted");
    expect(await reason("ok.csv.gz", gzipSync(CSV))).toBe("accepted");
    expect(await reason("ok.jsonl", '{"account_id": "A", "timestamp": "2026-11-01"}\n{"account_id": "B"}\n')).toBe("accepted");
    expect(await reason("ok.jsonl.gz", gzipSync('\uFEFF{"account_id": "A"}\n'))).toBe("accepted");
    expect(await reason("ok.parquet", await parquetBytes())).toBe("accepted");
    // gzip files may hold several members one after the other (cat a.gz b.gz); each is checked
    expect(await reason("members.csv.gz", Buffer.concat([gzipSync(CSV), gzipSync("ACC-1,2026-11-02,view\n")]))).toBe("accepted");
  });
});

describe("compressed files", () => {
  const gz = gzipSync(CSV);

  test("a truncated .gz", async () => {
    expect(await reason("truncated.csv.gz", gz.subarray(0, Math.floor(gz.length / 2)))).toMatch(/^is cut short: .*\(zlib: unexpected end of file\)/);
  });

  test("a .gz with a corrupted byte in the middle", async () => {
    const corrupted = Buffer.from(gz);
    corrupted[Math.floor(corrupted.length / 2)] ^= 0xff;
    expect(await reason("corrupted.csv.gz", corrupted)).toMatch(/^is damaged: /);
  });

  test("a .gz whose checksum or length does not match its content", async () => {
    // gzip ends with the CRC-32 of the content, then its length, 4 bytes each
    const crc = Buffer.from(gz);
    crc[crc.length - 8] ^= 0x01;
    expect(await reason("crc.csv.gz", crc)).toBe(
      "is damaged: its content does not match the checksum gzip keeps of it (zlib: incorrect data check); copy or export the file again"
    );
    const length = Buffer.from(gz);
    length[length.length - 4] ^= 0x01;
    expect(await reason("length.csv.gz", length)).toBe(
      "is damaged: its content does not match the checksum gzip keeps of it (zlib: incorrect length check); copy or export the file again"
    );
  });

  test("a .gz that is not gzip at all", async () => {
    expect(await reason("plain.csv.gz", CSV)).toBe("is not gzip-compressed, although its name ends in .gz (it is plain text)");
    expect(await reason("image.csv.gz", PNG)).toBe("is not gzip-compressed, although its name ends in .gz (it is a PNG image)");
  });

  test("a .gz of nothing, or of an image", async () => {
    expect(await reason("nothing.csv.gz", gzipSync(""))).toBe("is empty once decompressed; copy or export the file again");
    expect(await reason("image-inside.csv.gz", gzipSync(PNG))).toBe("is not a CSV text file: it is a PNG image");
  });
});

describe("files that are not what their name says", () => {
  test("a zero-byte file, whatever its format", async () => {
    for (const name of ["empty.csv", "empty.csv.gz", "empty.jsonl", "empty.parquet"]) {
      expect(await reason(name, ""), name).toBe("is empty (0 bytes): the export was not written, or was cut off; copy or export the file again");
    }
  });

  test("a CSV that is not text", async () => {
    expect(await reason("image.csv", PNG)).toBe("is not a CSV text file: it is a PNG image");
    expect(await reason("workbook.csv", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]))).toBe(
      "is not a CSV text file: it is a ZIP archive, such as an Excel .xlsx workbook: save it as CSV"
    );
    expect(await reason("compressed.csv", gzipSync(CSV))).toBe("is not a CSV text file: it is gzip-compressed: name it with .gz at the end");
    expect(await reason("utf16.csv", Buffer.from("\uFEFFaccount_id,name\n", "utf16le"))).toBe("is not a CSV text file: it is UTF-16 text: save it as UTF-8");
    expect(await reason("binary.csv", Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02]))).toBe(
      "is not a CSV text file: it holds binary bytes (is it another kind of file, renamed?)"
    );
  });

  test("a JSON Lines file that is not JSON", async () => {
    expect(await reason("csv.jsonl", CSV)).toMatch(/^is not JSON Lines: line 1 is not JSON \(Unexpected token/);
    expect(await reason("array.jsonl", '[{"account_id": "A"}]\n')).toBe("holds a JSON array, not JSON Lines (one JSON object per line)");
    expect(await reason("numbers.jsonl", "\n42\n")).toBe("is not JSON Lines: line 2 is not a JSON object (one object per line)");
    expect(await reason("image.jsonl", PNG)).toBe("is not a JSON Lines text file: it is a PNG image");
  });

  test("a Parquet file that is truncated, or not Parquet", async () => {
    const parquet = await parquetBytes();
    expect(await reason("truncated.parquet", parquet.subarray(0, parquet.length - 100))).toBe(
      "is cut short: a Parquet file ends with PAR1 after its footer, this one does not; copy or export the file again"
    );
    expect(await reason("csv.parquet", CSV)).toBe("is not a Parquet file (it does not start with PAR1): it is text, such as a CSV: name it .csv");
    // the footer's length (4 bytes before the closing PAR1) says more than the file holds
    const footer = Buffer.from(parquet);
    footer.writeUInt32LE(parquet.length, parquet.length - 8);
    expect(await reason("footer.parquet", footer)).toBe(`is damaged: its footer says ${parquet.length} bytes, more than the file holds; copy or export the file again`);
  });
});
