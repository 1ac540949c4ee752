// CSV download of a table as the reader sees it (the caller passes the already filtered rows).
// Safe to open in a spreadsheet:
// - text that starts with = + - @ tab or carriage return gets a leading ' so it never runs as
//   a formula ("=HYPERLINK(...)" → "'=HYPERLINK(...)"), also text that merely looks like a number
//   ("-5" stored as text stays text);
// - real numbers are written as numbers, negative ones too (-1250.5): a spreadsheet reads a plain
//   number as a number, never as a formula;
// - quotes are doubled and cells with , " or a line break are quoted (RFC 4180), lines end CRLF;
// - the file starts with a UTF-8 byte-order mark so Excel shows names like "Bruno Díaz" right.
// Dates are written as ISO 8601 (2026-06-30, or the full timestamp when it has a time of day);
// lists (churn_reasons) as one cell joined with "; "; null, undefined and NaN as an empty cell.
import {html} from "htl";

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell. */
export function csvCell(value) {
  if (value == null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return Number.isNaN(+value) ? "" : isoDate(value);
  if (Array.isArray(value)) return csvText(value.map((item) => (item instanceof Date ? isoDate(item) : String(item ?? ""))).join("; "));
  return csvText(String(value));
}

function csvText(text) {
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function isoDate(date) {
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}

/**
 * The CSV text for rows (array of objects). columns: names, or {name, label} to rename a header;
 * default: the keys of the first row.
 * @param {Record<string, unknown>[]} rows
 * @param {Array<string | {name: string, label?: string}>} [columns]
 */
export function toCsv(rows, columns = Object.keys(rows[0] ?? {})) {
  const specs = columns.map((column) => (typeof column === "string" ? {name: column, label: column} : {label: column.name, ...column}));
  const lines = [specs.map((c) => csvCell(c.label)).join(",")];
  for (const row of rows) lines.push(specs.map((c) => csvCell(row[c.name])).join(","));
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

/**
 * A button that downloads rows as a CSV file. rows may be a function that returns the rows (or a
 * promise of them, e.g. a query), called on each press (a table whose rows change with a search).
 * @param {Record<string, unknown>[] | (() => Record<string, unknown>[] | Promise<Record<string, unknown>[]>)} rows
 * @param {{filename?: string, columns?: Array<string | {name: string, label?: string}>, label?: string}} [options]
 */
export function downloadButton(rows, {filename = "pulse.csv", columns, label = "Download CSV"} = {}) {
  const current = typeof rows === "function" ? rows : () => rows;
  const button = html`<button type="button" class="download-csv" title=${typeof rows === "function" ? "the rows of the table, as shown" : `${rows.length} rows`}>${label}</button>`;
  button.onclick = async () => {
    button.disabled = true;
    let rows;
    try {
      rows = await current();
    } finally {
      button.disabled = false;
    }
    const url = URL.createObjectURL(new Blob([toCsv(rows, columns)], {type: "text/csv;charset=utf-8"}));
    const link = html`<a href=${url} download=${filename} hidden></a>`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return button;
}
