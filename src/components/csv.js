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
// What a reader downloads matches what the page shows (docs/site.md#csv):
// - headers are snake_case (a camelCase key such as arrShare is written arr_share);
// - numbers are rounded as the page shows them: a column's digits, else the convention for its
//   name (columnConventions: a health score to 0.1, a share or rate to 0.1 percentage point), else
//   at most MAX_DECIMALS decimals; amounts that are data (ARR) keep their cents;
// - codes are written as the labels the page shows (a segment as "High frequency · high value").
import {html} from "htl";
import {funnelStageLabel, lifecycleLabel, segmentLabel} from "./palette.js";

/** Decimals of a number whose column names no rounding: a 16-digit float is noise, not precision. */
export const MAX_DECIMALS = 4;

const label = (labels) => (value) => labels[value] ?? value;

/**
 * How a column is written when its table does not say, by its (snake_case) header: [pattern, {digits?, text?}],
 * the first match applies. digits: decimals to round to; text(value): the label the page shows for a code.
 */
export const columnConventions = [
  [/^segment(_before|_now)?$/, {text: label(segmentLabel)}],
  [/^lifecycle_stage$/, {text: label(lifecycleLabel)}],
  [/^stage$/, {text: label(funnelStageLabel)}],
  [/(^|_)(score|points)$/, {digits: 1}],
  [/_per_(week|user|visit)$/, {digits: 1}],
  // ratios shown as percentages with one decimal: 0.857 is 85.7% (share_S: a tier's share)
  [/((^|_)(share|rate|conversion|change)(_[A-Z])?|^grr|^nrr)$/, {digits: 3}]
];

/** snake_case of a camelCase key: arrShare → arr_share; other text is left as it is. */
export function snakeCase(name) {
  return /^[a-z][A-Za-z0-9]*$/.test(name) ? name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : name;
}

/** A label as a snake_case header, for columns named by a category: "High frequency · high value" → high_frequency_high_value. */
export function headerOf(label) {
  return String(label).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
}

/** A number rounded to digits decimals (−0 written 0). */
export function roundTo(value, digits) {
  const rounded = Number(value.toFixed(Math.max(0, Math.min(20, digits))));
  return Object.is(rounded, -0) ? 0 : rounded;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell; digits: decimals to round a number to (default MAX_DECIMALS at most). */
export function csvCell(value, {digits = MAX_DECIMALS} = {}) {
  if (value == null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(roundTo(value, digits)) : "";
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
 * The CSV text for rows (array of objects). columns: names, or {name, label?, digits?, text?} to
 * name a header, round a number to digits decimals or write a value as text(value, row); default:
 * the keys of the first row. Headers default to the name in snake_case; a column without digits or
 * text follows columnConventions for its header.
 * @param {Record<string, unknown>[]} rows
 * @param {Array<string | {name: string, label?: string, digits?: number, text?: (value: any, row: object) => unknown}>} [columns]
 */
export function toCsv(rows, columns = Object.keys(rows[0] ?? {})) {
  const specs = columns.map((column) => {
    const spec = typeof column === "string" ? {name: column} : column;
    const header = spec.label ?? snakeCase(spec.name);
    const convention = columnConventions.find(([pattern]) => pattern.test(snakeCase(spec.name)))?.[1] ?? {};
    return {...convention, ...spec, label: header};
  });
  const value = (spec, row) => {
    const raw = row[spec.name];
    return spec.text && raw != null ? spec.text(raw, row) : raw;
  };
  const lines = [specs.map((c) => csvCell(c.label)).join(",")];
  for (const row of rows) lines.push(specs.map((c) => csvCell(value(c, row), c.digits == null ? undefined : {digits: c.digits})).join(","));
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

/**
 * A button that downloads rows as a CSV file. rows may be a function that returns the rows (or a
 * promise of them, e.g. a query), called on each press (a table whose rows change with a search).
 * @param {Record<string, unknown>[] | (() => Record<string, unknown>[] | Promise<Record<string, unknown>[]>)} rows
 * @param {{filename?: string, columns?: Parameters<typeof toCsv>[1], label?: string}} [options]
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
