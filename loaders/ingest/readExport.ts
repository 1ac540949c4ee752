// Opens one export as a view of text columns under their canonical names, in file order.
import {basename} from "node:path";
import {exportSpec} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlIdent, sqlString} from "../db.js";
import {clipLine, PulseInputError} from "../errors.js";
import {csvHeaderFields, fieldsNamed, headerBelowFirstLine} from "./csvHeader.js";
import type {FoundExport} from "./findExports.js";

export interface RawExport extends FoundExport {
  /** the view holding every canonical column as VARCHAR, in file order */
  view: string;
  /** canonical column → the export's column it was read from */
  mapped: Record<string, string>;
  /** optional columns the export does not have (filled with NULL) */
  missingOptional: string[];
  /** columns in the export that Pulse does not use */
  ignored: string[];
  /** CSV only: the table where DuckDB keeps the lines it could not split into the header's fields */
  malformedTable: string | null;
  /** the reader (read_csv(…), read_json(…), read_parquet(…)) the view selects from */
  reader: string;
  /** the same reader (dialect and all) over other files of the export, without their file name column */
  readerOf: (paths: string[]) => string;
  /** canonical column → its projection as text (CAST(source AS VARCHAR) AS name, or NULL::VARCHAR AS name) */
  projections: Record<string, string>;
  /** how the file is named in errors and rejects */
  label: string;
}

/** DuckDB's table of the CSV lines it skipped (too many or too few fields, bad quoting, invalid UTF-8). */
export const malformedTableOf = (name: string) => `malformed_lines_${name}`;

/** DuckDB's table of the files each CSV read scanned (file_path by scan_id and file_id), beside malformedTableOf. */
export const malformedScansOf = (name: string) => `malformed_scans_${name}`;

/** CSV options that keep a malformed line aside (in malformedTableOf(name)) instead of stopping the read. */
function keepMalformed(found: FoundExport): string {
  return `store_rejects = true, rejects_table = ${sqlString(malformedTableOf(found.name))}, rejects_scan = ${sqlString(malformedScansOf(found.name))}`;
}

/** The column a reader of several files adds with each row's file (FILE_COLUMN), named so no export has it. */
export const FILE_COLUMN = "__pulse_file";

/** One file as a SQL string, several as a list; with `withFile`, the reader adds FILE_COLUMN. */
function pathsSql(paths: string[]): string {
  return paths.length === 1 ? sqlString(paths[0]) : `[${paths.map(sqlString).join(", ")}]`;
}
const fileOption = (withFile: boolean) => (withFile ? `, filename = ${sqlString(FILE_COLUMN)}` : "");

function readerSql(found: FoundExport, paths: string[], withFile: boolean): string {
  const files = pathsSql(paths);
  switch (found.format) {
    case "csv":
      return `read_csv(${files}, header = true, all_varchar = true, ${keepMalformed(found)}${fileOption(withFile)})`;
    case "jsonl":
      return `read_json(${files}, format = 'newline_delimited'${fileOption(withFile)})`;
    case "parquet":
      return `read_parquet(${files}${fileOption(withFile)})`;
  }
}

const DELIMITERS = [",", ";", "\t", "|"];

/**
 * A CSV reader without DuckDB's dialect sniffer, for when the sniffer gave up: one malformed row (more or fewer
 * fields than the header) is enough for it to read the whole header line as a single column, and Pulse would then
 * report every required column as missing. Here the header line (that one column's name) is split on the
 * delimiter that gives the most fields, and the file is read with that dialect; the malformed rows are kept
 * aside like in any CSV read (validateExport rejects them as `malformed_row`). null when the file really has
 * one column.
 */
export function csvReaderWithoutSniffing(found: FoundExport, columns: string[], paths = [found.path], withFile = false): string | null {
  if (columns.length !== 1) return null;
  const header = columns[0];
  const [delimiter, fields] = DELIMITERS.map((d) => [d, header.split(d).length] as const).reduce((best, next) => (next[1] > best[1] ? next : best));
  if (fields < 2) return null;
  const names = header.split(delimiter).map((name) => name.trim().replace(/^"(.*)"$/, "$1").replaceAll('""', '"'));
  const types = names.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(", ");
  return `read_csv(${pathsSql(paths)}, header = true, auto_detect = false, delim = ${sqlString(delimiter)}, quote = '"', escape = '"', columns = {${types}}, ${keepMalformed(found)}${fileOption(withFile)})`;
}

/** The export's column a canonical column is read from: the mapped name, else the same name in any case. */
function sourceColumn(canonical: string, mapping: Record<string, string> | undefined, columns: string[]): string | undefined {
  const wanted = mapping?.[canonical] ?? canonical;
  return columns.find((c) => c === wanted) ?? columns.find((c) => c.trim().toLowerCase() === wanted.trim().toLowerCase());
}

/**
 * Opens one file of an export as a view of its canonical columns (as text). `file` is the file to open (for an
 * export given as a folder, one of its files), `label` how it is named in errors (default: its name), `view` the
 * view's name (default raw_<export>).
 */
export async function readExport(
  db: PulseDb,
  found: FoundExport,
  config: PulseConfig,
  options: {file?: string; files?: string[]; label?: string; view?: string} = {}
): Promise<RawExport> {
  const spec = exportSpec(found.name);
  // several files of one export with the same columns (their headers checked by the caller) are read as one, the
  // view then also has each row's file (FILE_COLUMN)
  const paths = options.files ?? [options.file ?? found.path];
  const withFile = options.files !== undefined;
  const path = paths[0];
  const file = options.label ?? basename(path);
  const one: FoundExport = {...found, path, files: paths, folder: false};
  let reader = readerSql(one, paths, withFile);
  let readerOf = (others: string[]) => readerSql(one, others, false);
  let columns: string[];
  try {
    const describe = async () =>
      (await db.rows<{column_name: string}>(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${reader})`)).map((r) => r.column_name).filter((c) => c !== FILE_COLUMN);
    columns = await describe();
    const unsniffed = one.format === "csv" ? csvReaderWithoutSniffing(one, columns, paths, withFile) : null;
    if (unsniffed) {
      const header = columns;
      reader = unsniffed;
      readerOf = (others) => csvReaderWithoutSniffing(one, header, others)!;
      columns = await describe();
    }
  } catch (error) {
    throw new PulseInputError(file, `cannot be read as ${one.format}: ${firstLines(error)}`);
  }
  const mapping = config.data.columns[found.name];
  const wanted = (canonical: string) => mapping?.[canonical] ?? canonical;
  // a CSV header as written: DuckDB renamed its repeated names and named its empty ones (csvHeader.ts)
  const fields = one.format === "csv" ? await csvHeaderFields(db, path, columns.length) : null;
  const mapped: Record<string, string> = {};
  const missingOptional: string[] = [];
  const projections: Record<string, string> = {};
  for (const column of spec.columns) {
    const repeated = fields ? fieldsNamed(fields, wanted(column.name)) : [];
    if (repeated.length > 1) {
      throw new PulseInputError(
        file,
        `the header names '${wanted(column.name)}' ${repeated.length} times (fields ${repeated.join(", ")}): Pulse cannot tell which to read; rename or remove all but one`,
        column.name
      );
    }
    const from = sourceColumn(column.name, mapping, columns);
    if (from === undefined) {
      // a required column another may stand in for (usage: account_id, or contract_id) is missing only without that one
      const standIn = column.orElse && sourceColumn(column.orElse, mapping, columns) !== undefined;
      if (column.required && !standIn && one.format === "csv") {
        // a title line or two above the header ("Exported from … on …"): say so rather than list the title as columns
        const needed = spec.columns.filter((c) => c.required).map((c) => [wanted(c.name), ...(c.orElse ? [wanted(c.orElse)] : [])]);
        const below = await headerBelowFirstLine(db, path, needed);
        if (below) {
          const above = below.line - 1;
          const first = below.first.length > 60 ? `${below.first.slice(0, 57)}…` : below.first;
          throw new PulseInputError(
            file,
            `the header is on line ${below.line}, not on the first line: remove the ${above === 1 ? "line" : `${above} lines`} above it (the first line reads '${first}')`
          );
        }
      }
      if (column.required && !standIn) {
        const via = mapping?.[column.name] ? ` (mapped from '${mapping[column.name]}' in data.columns.${found.name})` : "";
        const or = column.orElse ? ` (or ${column.orElse})` : "";
        throw new PulseInputError(file, `required column${or} not found${via}; the file has: ${columns.join(", ")}`, column.name);
      }
      missingOptional.push(column.name);
      projections[column.name] = `NULL::VARCHAR AS ${sqlIdent(column.name)}`;
      continue;
    }
    mapped[column.name] = from;
    projections[column.name] = `CAST(${sqlIdent(from)} AS VARCHAR) AS ${sqlIdent(column.name)}`;
  }
  const used = new Set(Object.values(mapped));
  // A view over the file: it is read once, when validation types it (in file order).
  const view = options.view ?? `raw_${found.name}`;
  const fileColumn = withFile ? `, ${sqlIdent(FILE_COLUMN)}` : "";
  await db.run(`CREATE OR REPLACE TEMP VIEW ${sqlIdent(view)} AS SELECT ${Object.values(projections).join(", ")}${fileColumn} FROM ${reader}`);
  return {
    ...one,
    view,
    readerOf,
    mapped,
    missingOptional,
    // as the header has them: an empty name by its position, a repeated one with its position
    ignored: columns.flatMap((c, i) =>
      used.has(c) ? [] : [fields?.[i] === null ? `(no name: field ${i + 1})` : fields && fields[i] !== c ? `${fields[i]} (field ${i + 1})` : c]
    ),
    malformedTable: one.format === "csv" ? malformedTableOf(found.name) : null,
    reader,
    projections,
    label: file
  };
}

/**
 * DuckDB's read error in a line: its first lines, a quoted input line cut short, the size limit in words (without
 * DuckDB's line number: when its dialect sniffer meets the line, it counts from the sample it sniffed).
 */
export function firstLines(error: unknown): string {
  const message = (error as Error).message;
  const tooLong = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+) bytes/.exec(message);
  if (tooLong) {
    const n = (v: string) => Number(v).toLocaleString("en-US");
    return `a row is ${n(tooLong[2])} bytes long, more than the ${n(tooLong[1])} a CSV line may have (is a value pasted in whole, or a quote left open?)`;
  }
  return clipLine(message.split("\n").slice(0, 3).join(" "), 300);
}
