// What a CSV file's header line really says, before DuckDB tidies it: DuckDB renames a repeated name (`name`,
// `name_1`; `Seats` after `seats` becomes `Seats_2`) and gives an empty one a made-up name (`column6`), and a title
// line above the header ("Exported from Salesforce on …") becomes the header. Pulse must not read the wrong one of
// two columns of the same name, nor call a column Pulse cannot name by a name the file does not have, nor answer
// "required column not found" when the header is simply a few lines down.   docs/data-contract.md#headers
import {PulseDb, sqlString} from "../db.js";

/** How header names are compared: as Pulse matches a mapped name (case and surrounding spaces aside). */
export const headerKey = (name: string) => name.trim().toLowerCase();

/**
 * The fields of the file's first line as written (null for an empty one), read with the same dialect sniffing
 * as the data; null when they do not line up with the `count` columns DuckDB described.
 */
export async function csvHeaderFields(db: PulseDb, path: string, count: number): Promise<(string | null)[] | null> {
  try {
    const [first] = await db.rows<Record<string, string | null>>(
      `SELECT * FROM read_csv(${sqlString(path)}, header = false, all_varchar = true, ignore_errors = true) LIMIT 1`
    );
    const fields = first ? Object.values(first) : [];
    return fields.length === count ? fields.map((f) => (f === null || f.trim() === "" ? null : f)) : null;
  } catch {
    return null; // the file's own read says what is wrong with it
  }
}

/** The header's fields that name the same column (case and spaces aside) as `wanted`, as 1-based positions. */
export function fieldsNamed(fields: (string | null)[], wanted: string): number[] {
  return fields.flatMap((f, i) => (f !== null && headerKey(f) === headerKey(wanted) ? [i + 1] : []));
}

const DELIMITERS = [",", ";", "\t", "|"];
/** Lines looked at for a header below the first. */
export const HEADER_SEARCH_LINES = 50;

/**
 * The line (1-based) among the file's first HEADER_SEARCH_LINES that holds every name of `needed` as a field (each
 * entry: names any one of which will do), with the file's first line; null when no line does or it is the first.
 */
export async function headerBelowFirstLine(db: PulseDb, path: string, needed: string[][]): Promise<{line: number; first: string} | null> {
  let lines: (string | null)[];
  try {
    // every line whole, as one text column: a delimiter no export uses, no quoting
    const rows = await db.rows<{line: string | null}>(
      `SELECT line FROM read_csv(${sqlString(path)}, header = false, auto_detect = false, delim = ${sqlString("\u001f")}, quote = '', escape = '',
        columns = {'line': 'VARCHAR'}, ignore_errors = true) LIMIT ${HEADER_SEARCH_LINES}`
    );
    lines = rows.map((r) => r.line);
  } catch {
    return null;
  }
  const holds = (text: string) =>
    DELIMITERS.some((d) => {
      const fields = new Set(text.split(d).map((f) => headerKey(f.replace(/^\s*"(.*)"\s*$/, "$1"))));
      return needed.every((names) => names.some((n) => fields.has(headerKey(n))));
    });
  const index = lines.findIndex((text) => text !== null && holds(text));
  return index > 0 ? {line: index + 1, first: lines[0] ?? ""} : null;
}
