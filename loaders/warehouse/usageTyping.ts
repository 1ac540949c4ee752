// The usage export's typing and validation rules as ClickHouse SQL: the same rules as loaders/validate/checks.ts,
// written so that ClickHouse (18.16 to current) gives every row the typed values, and the verdict, DuckDB gives
// the same row read from a file. Each canonical column becomes a WITH alias (v_<column>); each rule a condition
// that is 1 when the row breaks it (never NULL), with the column it is about and the reason in words.
//
// How ClickHouse's types are made to agree with the file path (docs/warehouse.md#how-the-numbers-agree):
//   - ids and text (String, FixedString, LowCardinality, Nullable, numbers, UUID, Enum): as text, trimmed of
//     spaces (Unicode Zs, as DuckDB's trim), '' is NULL;
//   - timestamps: microseconds since 1970 UTC (Int64), whatever the column's time zone: a DateTime or DateTime64
//     is an instant; a Date (or Date32) is midnight UTC and a daily row (date_only), like a date alone in a file;
//     a String is read like a file's text: the ISO forms below in ClickHouse, any other text by DuckDB itself
//     (the few distinct values that are not ISO are sent to DuckDB once, typed with checks.ts's own SQL, and
//     come back as a lookup table: see oddValues.ts);
//   - numbers: Float (NaN and infinities are not_finite), integers, Decimal, or String (as for timestamps);
//     a count must be a whole number; durations are rounded to milliseconds half away from zero, as DuckDB's
//     cast to DECIMAL(18, 3) rounds them (durationMs).
import {exportSpec, type ColumnSpec} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {checksFor, type RuleId} from "../validate/checks.js";
import {PulseInputError} from "../errors.js";
import {chIdent} from "./clickhouseSource.js";

export interface TableColumn {
  name: string;
  /** ClickHouse's type, as DESCRIBE gives it: Nullable(String), DateTime('UTC'), LowCardinality(String), … */
  type: string;
}

/** What a typed column's value is, in ClickHouse. */
type Kind = "text" | "timestamp" | "integer" | "number";

/** A value DuckDB typed for a text ClickHouse could not read in its ISO form (oddValues.ts). */
export interface OddValue {
  text: string;
  /** the typed value, null when the text does not parse: microseconds since 1970 for a timestamp and the count of a
   *  count, as decimal text (exact beyond 2^53); a duration's double as JavaScript writes it (it round-trips) */
  value: string | null;
  /** a number column's text that parses, but to NaN or an infinity (not_finite) */
  notFinite: boolean;
}

export interface WarehouseCheck {
  rule: RuleId;
  column: string;
  /** 1 when the row breaks the rule (UInt8, never NULL) */
  fails: string;
  /** String: the reason, in words, as the file path writes it */
  reason: string;
}

/** The types Pulse reads per kind, after Nullable(…) and LowCardinality(…) are taken off. */
const READABLE: Record<Kind, RegExp> = {
  text: /^(String|FixedString\(\d+\)|U?Int(8|16|32|64|128|256)|UUID|Enum(8|16)?\(.*\)|IPv4|IPv6|Bool)$/,
  timestamp: /^(DateTime(\(.*\))?|DateTime64\(.*\)|Date|Date32|String|FixedString\(\d+\))$/,
  integer: /^(U?Int(8|16|32|64)|Float(32|64)|Decimal(32|64|128)?\(.*\)|String|FixedString\(\d+\)|Bool)$/,
  number: /^(U?Int(8|16|32|64)|Float(32|64)|Decimal(32|64|128)?\(.*\)|String|FixedString\(\d+\)|Bool)$/
};

/** The type inside Nullable(…) and LowCardinality(…). */
export function baseType(type: string): string {
  let base = type.trim();
  for (;;) {
    const match = /^(Nullable|LowCardinality)\((.*)\)$/.exec(base);
    if (!match) return base;
    base = match[2].trim();
  }
}

/**
 * A column as cityHash64 takes it on every version, NULL told from any value: (isNull, value); a type outside
 * the plain ones (Decimal, Enum, UUID, LowCardinality, DateTime64, …) as its text.
 */
export function hashArguments(column: TableColumn): string {
  const ident = chIdent(column.name);
  const plain = !/LowCardinality/.test(column.type) && /^(String|FixedString\(\d+\)|U?Int(8|16|32|64)|Float(32|64)|Date|DateTime(\('[^']*'\))?)$/.test(baseType(column.type));
  return plain ? `isNull(${ident}), assumeNotNull(${ident})` : `isNull(${ident}), toString(assumeNotNull(${ident}))`;
}

export const isTextType = (type: string) => /^(String|FixedString\(\d+\))$/.test(baseType(type));

function kindOf(column: ColumnSpec): Kind {
  switch (column.type) {
    case "timestamp":
      return "timestamp";
    case "integer":
      return "integer";
    case "number":
      return "number";
    case "id":
    case "text":
      return "text";
    default:
      throw new Error(`usage column ${column.name} of type ${column.type} has no ClickHouse typing`);
  }
}

const US_PER_DAY = 86_400_000_000;

/** Microseconds since 1970 of a date, YYYY-MM-DD (UTC midnight). */
export function epochMicros(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) * 1000;
}

const q = (text: string) => `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

/** A ClickHouse string array literal (one AST node however long: ClickHouse parses literal arrays whole). */
export const stringArray = (values: string[]) => `[${values.map(q).join(",")}]`;

/** The ISO text forms ClickHouse reads itself; any other non-blank text is typed by DuckDB (oddValues.ts). */
export const ISO_TIMESTAMP = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$";
export const PLAIN_INTEGER = "^-?[0-9]{1,18}$";
/** a decimal ClickHouse reads itself, when it has at most 15 digits in all (checked beside the pattern): it is then
 *  exactly int / 10^k, one correctly rounded division, the double DuckDB's parser gives */
export const PLAIN_DECIMAL = "^-?[0-9]{1,15}(\\.[0-9]{1,15})?$";

export class UsageTyping {
  readonly spec = exportSpec("usage_events");
  /** canonical column → the table's column it is read from */
  readonly mapped: Record<string, TableColumn> = {};
  readonly missingOptional: string[] = [];
  readonly ignored: string[];
  private odd: Record<string, OddValue[]> = {};

  constructor(
    readonly columns: TableColumn[],
    readonly config: PulseConfig,
    readonly display: string,
    readonly serverAtLeast: (major: number, minor: number) => boolean
  ) {
    const mapping = config.data.columns.usage_events;
    if (config.data.dateFormats.usage_events && Object.keys(config.data.dateFormats.usage_events).length > 0) {
      throw new PulseInputError(display, "data.dateFormats.usage_events does not apply to a ClickHouse table: give the column as DateTime, or convert the text in a view (parseDateTimeBestEffort)");
    }
    const names = columns.map((c) => c.name);
    const find = (canonical: string) => {
      const wanted = mapping?.[canonical] ?? canonical;
      return columns.find((c) => c.name === wanted) ?? columns.find((c) => c.name.trim().toLowerCase() === wanted.trim().toLowerCase());
    };
    for (const column of this.spec.columns) {
      const found = find(column.name);
      if (!found) {
        const standIn = column.orElse && find(column.orElse) !== undefined;
        if (column.required && !standIn) {
          const via = mapping?.[column.name] ? ` (mapped from '${mapping[column.name]}' in data.columns.usage_events)` : "";
          const or = column.orElse ? ` (or ${column.orElse})` : "";
          throw new PulseInputError(display, `required column${or} not found${via}; the table has: ${names.join(", ")}`, column.name);
        }
        this.missingOptional.push(column.name);
        continue;
      }
      const kind = kindOf(column);
      if (!READABLE[kind].test(baseType(found.type))) {
        throw new PulseInputError(display, `is ${found.type} in column '${found.name}', which Pulse does not read as ${describeKind(kind)}: convert it in a view (docs/warehouse.md)`, column.name);
      }
      if (/^DateTime64/.test(baseType(found.type)) && !serverAtLeast(20, 5)) {
        throw new PulseInputError(display, `is DateTime64, which Pulse reads with toUnixTimestamp64Micro (ClickHouse 20.5 and later)`, column.name);
      }
      this.mapped[column.name] = found;
    }
    const used = new Set(Object.values(this.mapped).map((c) => c.name));
    this.ignored = names.filter((n) => !used.has(n));
  }

  /** canonical name → source column name, as the quality report lists it */
  get mappedNames(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.mapped).map(([canonical, column]) => [canonical, column.name]));
  }

  /** The mapped columns whose text ClickHouse cannot always read itself: String timestamps and numbers. */
  get textColumnsToType(): {canonical: string; kind: "timestamp" | "integer" | "number"; source: TableColumn; plain: string}[] {
    return this.spec.columns.flatMap((column) => {
      const source = this.mapped[column.name];
      const kind = kindOf(column);
      if (!source || kind === "text" || !isTextType(source.type)) return [];
      const plain = kind === "timestamp" ? ISO_TIMESTAMP : kind === "integer" ? PLAIN_INTEGER : PLAIN_DECIMAL;
      return [{canonical: column.name, kind, source, plain}];
    });
  }

  /** The WITH entries that define s_<column> and plain_<column> (the text, and whether ClickHouse reads it itself). */
  plainList(canonical: string): string[] {
    const names = [`s_${canonical}`, `iso_${canonical}`, `plain_${canonical}`];
    return this.withList().filter((w) => names.some((n) => w.endsWith(` AS ${n}`)));
  }

  /** The values DuckDB typed for one column's non-ISO texts. */
  setOddValues(canonical: string, values: OddValue[]): void {
    this.odd[canonical] = values;
  }

  /** The source column's value as text (NULL stays NULL), for text checks and the rejects. */
  private sourceText(canonical: string): string {
    const source = this.mapped[canonical];
    const ident = chIdent(source.name);
    const base = baseType(source.type);
    if (base === "String") return ident;
    // FixedString pads with NUL bytes: they are not part of the value
    if (/^FixedString/.test(base)) return `replaceRegexpAll(toString(${ident}), '\\\\x00+$', '')`;
    return `toString(${ident})`;
  }

  /** The WITH list: every canonical column typed once (v_<column>), with the helpers its checks read. */
  withList(): string[] {
    const out: string[] = [];
    for (const column of this.spec.columns) {
      const name = column.name;
      const alias = (suffix: string) => `${suffix}_${name}`;
      if (!this.mapped[name]) {
        out.push(`NULL AS v_${name}`);
        if (column.dateOnlyFlag) out.push(`0 AS v_${column.dateOnlyFlag}`);
        continue;
      }
      const kind = kindOf(column);
      const source = this.mapped[name];
      const base = baseType(source.type);
      const ident = chIdent(source.name);
      if (kind === "text") {
        out.push(`${trimmed(this.sourceText(name))} AS v_${name}`);
        continue;
      }
      if (isTextType(source.type)) {
        // s_: the text; p_: some text other than spaces is there (a value that does not parse is then rejected,
        // an empty one is missing); o_: DuckDB's verdict on a non-ISO text
        out.push(`${this.sourceText(name)} AS ${alias("s")}`);
        out.push(`(${alias("s")} IS NOT NULL AND replaceRegexpAll(${alias("s")}, '^\\\\p{Zs}+|\\\\p{Zs}+$', '') != '') AS ${alias("p")}`);
        const odd = this.odd[name] ?? [];
        const plain = kind === "timestamp" ? ISO_TIMESTAMP : kind === "integer" ? PLAIN_INTEGER : PLAIN_DECIMAL;
        // plain_: a text ClickHouse reads itself (for a timestamp: in ISO form, and a date and time that exist
        // within the offsets of real zones; DuckDB decides the rest, 24:00:00 and +15:00 among them)
        if (kind === "timestamp") {
          out.push(`${isoMicros(alias("s"))} AS ${alias("iso")}`);
          out.push(`(match(ifNull(${alias("s")}, ''), ${q(plain)}) AND ${alias("iso")} IS NOT NULL) AS ${alias("plain")}`);
        } else if (kind === "number") {
          // (the digits, 15 at most in all, are an exact Int64 and their value a single correctly rounded division)
          out.push(`(match(ifNull(${alias("s")}, ''), ${q(plain)}) AND length(replaceRegexpAll(ifNull(${alias("s")}, ''), '[^0-9]', '')) <= 15) AS ${alias("plain")}`);
        } else {
          out.push(`match(ifNull(${alias("s")}, ''), ${q(plain)}) AS ${alias("plain")}`);
        }
        const lookup = `transform(ifNull(${alias("s")}, ''), ${stringArray(odd.map((o) => o.text))}, [${odd.map((o) => oddLiteral(kind, o.value)).join(",")}], ${oddLiteral(kind, null)})`;
        const oddValue =
          odd.length === 0
            ? "NULL"
            : kind === "number"
              ? `if(${lookup} = ${oddLiteral(kind, null)}, NULL, reinterpretAsFloat64(reinterpretAsString(${lookup})))`
              : `nullIf(${lookup}, ${oddLiteral(kind, null)})`;
        const oddNotFinite = odd.some((o) => o.notFinite) ? `has(${stringArray(odd.filter((o) => o.notFinite).map((o) => o.text))}, ifNull(${alias("s")}, ''))` : "0";
        if (kind === "timestamp") {
          out.push(`if(${alias("plain")}, ${alias("iso")}, ${oddValue}) AS v_${name}`);
          out.push(`if(${alias("s")} IS NULL, 0, position(${alias("s")}, ':') = 0) AS v_${column.dateOnlyFlag}`);
        } else if (kind === "integer") {
          out.push(`if(${alias("plain")}, toInt64OrNull(${alias("s")}), ${oddValue}) AS v_${name}`);
          out.push(`(NOT ${alias("plain")} AND ${oddNotFinite}) AS nf_${name}`);
        } else {
          out.push(`if(${alias("plain")}, ${plainDecimal(alias("s"))}, ${oddValue}) AS v_${name}`);
          out.push(`(NOT ${alias("plain")} AND ${oddNotFinite}) AS nf_${name}`);
        }
        continue;
      }
      // a typed column: nothing but NULL, NaN and infinities can fail to give a value
      out.push(`(${ident} IS NOT NULL) AS p_${name}`);
      if (kind === "timestamp") {
        out.push(`${timestampMicros(ident, base)} AS v_${name}`);
        out.push(`${/^Date(32)?$/.test(base) ? 1 : 0} AS v_${column.dateOnlyFlag}`);
      } else {
        const isInteger = /^U?Int/.test(base) || base === "Bool";
        if (kind === "integer" && isInteger) {
          // UInt64 above Int64's range does not fit a BIGINT: not a whole number Pulse can count with, as in a file
          // (no if(1, …): ClickHouse 18.16 folds it and loses the alias on a Distributed table)
          out.push(`${base === "UInt64" ? `if(${ident} <= 9223372036854775807, toInt64(${ident}), NULL)` : `toInt64(${ident})`} AS v_${name}`);
          out.push(`0 AS nf_${name}`);
        } else if (kind === "integer") {
          out.push(`toFloat64(${ident}) AS f_${name}`);
          out.push(`if(isFinite(f_${name}) AND f_${name} = floor(f_${name}) AND abs(f_${name}) < 9e18, toInt64(f_${name}), NULL) AS v_${name}`);
          out.push(`ifNull(NOT isFinite(f_${name}), 0) AS nf_${name}`);
        } else {
          out.push(`toFloat64(${ident}) AS f_${name}`);
          out.push(`if(isFinite(f_${name}), f_${name}, NULL) AS v_${name}`);
          out.push(`ifNull(NOT isFinite(f_${name}), 0) AS nf_${name}`);
        }
      }
    }
    return out;
  }

  /** The text a value came from, as the rejects show it (checks.ts rejectedValue). */
  valueText(canonical: string): string {
    const column = this.spec.columns.find((c) => c.name === canonical)!;
    const kind = kindOf(column);
    if (!this.mapped[canonical]) return "NULL";
    if (kind === "text") return `v_${canonical}`;
    const typed = `v_${canonical}`;
    const typedText =
      kind === "timestamp"
        ? timestampText(typed)
        : kind === "integer"
          ? `toString(${typed})`
          : `if(${typed} = floor(${typed}) AND abs(${typed}) < 1e15, toString(toInt64(${typed})), toString(${typed}))`;
    // an empty text is no value (a file's empty field is NULL)
    const raw = isTextType(this.mapped[canonical].type) ? `nullIf(s_${canonical}, '')` : this.sourceText(canonical);
    return `if(${typed} IS NULL, ${raw}, ${typedText})`;
  }

  /**
   * The rules of checks.ts about a row alone (all but the references to accounts and contracts), as ClickHouse
   * conditions, in checks.ts's order. The reference rules are applied by Pulse to the accounts and contracts the
   * rows name (combineRollups.ts), so that nothing computed in ClickHouse depends on the other exports.
   */
  rowChecks(today: string): WarehouseCheck[] {
    const present = Object.keys(this.mapped);
    return checksFor(this.spec, {config: this.config, today, staged: [], present}).map(({rule, column}) => this.check(rule, column, today));
  }

  private check(rule: RuleId, column: string, today: string): WarehouseCheck {
    const {validation} = this.config;
    const typed = `v_${column}`;
    const spec = this.spec.columns.find((c) => c.name === column)!;
    const text = this.valueText(column);
    const present = this.mapped[column] && kindOf(spec) !== "text" ? `p_${column}` : "0";
    const make = (fails: string, reason: string): WarehouseCheck => ({rule, column, fails: `toUInt8(ifNull(${fails}, 0))`, reason});
    switch (rule) {
      case "missing_value": {
        const standIn = spec.orElse ? ` AND v_${spec.orElse} IS NULL` : "";
        return make(`(${typed} IS NULL AND NOT ${present}${standIn})`, spec.orElse ? `'missing value (and no ${spec.orElse})'` : `'missing value'`);
      }
      case "not_a_timestamp":
        return make(`(${typed} IS NULL AND ${present})`, `concat('not an ISO 8601 timestamp: ', ${text})`);
      case "too_early":
        return make(`(${typed} < ${epochMicros(validation.earliestDate)})`, q(`date before ${validation.earliestDate}`));
      case "in_the_future":
        return make(`(${typed} >= ${epochMicros(today) + (validation.eventFutureToleranceDays + 1) * US_PER_DAY})`, q(`in the future (after ${today})`));
      case "not_finite":
        return make(`(${typed} IS NULL AND nf_${column})`, `concat('not a finite number: ', ${isTextType(this.mapped[column].type) ? `s_${column}` : this.sourceText(column)})`);
      case "not_a_whole_number":
        return make(`(${typed} IS NULL AND ${present} AND NOT nf_${column})`, `concat('not a whole number: ', ${text})`);
      case "not_a_number":
        return make(`(${typed} IS NULL AND ${present} AND NOT nf_${column})`, `concat('not a number: ', ${text})`);
      case "below_minimum":
        return make(`(${typed} < ${spec.min})`, `concat('must be ${spec.min === 0 ? "zero or more" : `at least ${spec.min}`}, got ', ${text})`);
      case "above_maximum":
        return make(`(${typed} > ${spec.max})`, `concat('too large: ', ${text}, ' (at most ${spec.max!.toLocaleString("en-US")})')`);
      default:
        throw new Error(`validation rule ${rule} (${column}) has no ClickHouse form: add it to loaders/warehouse/usageTyping.ts`);
    }
  }

}

function describeKind(kind: Kind): string {
  switch (kind) {
    case "text":
      return "text (String, a number, UUID or Enum)";
    case "timestamp":
      return "a timestamp (DateTime, DateTime64, Date, Date32 or String)";
    case "integer":
    case "number":
      return "a number (an integer, Float, Decimal or String)";
  }
}

/** DuckDB's trimmed(): the text without surrounding Unicode spaces (Zs), NULL when nothing is left; the regular
 *  expression runs only where it can change something (an empty value, a space at either end, non-ASCII text). */
function trimmed(text: string): string {
  return `if(${text} IS NULL OR ${text} = '', NULL,
    if(startsWith(${text}, ' ') OR endsWith(${text}, ' ') OR length(${text}) != lengthUTF8(${text}),
       nullIf(replaceRegexpAll(${text}, '^\\\\p{Zs}+|\\\\p{Zs}+$', ''), ''), ${text}))`;
}

/** A typed timestamp column's microseconds since 1970 (UTC; the column's own time zone does not matter to an instant). */
function timestampMicros(ident: string, base: string): string {
  if (/^DateTime64/.test(base)) return `toUnixTimestamp64Micro(${ident})`;
  if (/^DateTime/.test(base)) return `toInt64(toUInt32(${ident})) * 1000000`;
  if (base === "Date32") return `toInt64(toInt32(${ident})) * ${US_PER_DAY}`;
  return `toInt64(toUInt16(${ident})) * ${US_PER_DAY}`;
}

/** A microsecond timestamp as DuckDB writes a TIMESTAMP: YYYY-MM-DD hh:mm:ss[.ffffff without trailing zeros]. */
function timestampText(micros: string): string {
  const seconds = `intDiv(${micros} - ((${micros} % 1000000 + 1000000) % 1000000), 1000000)`;
  const fraction = `((${micros} % 1000000 + 1000000) % 1000000)`;
  return `if(${seconds} >= 0 AND ${seconds} < 4294967296,
    concat(formatDateTime(toDateTime(toUInt32(${seconds})), '%F %T', 'UTC'),
           if(${fraction} = 0, '', concat('.', replaceRegexpOne(substring(toString(1000000 + ${fraction}), 2), '0+$', '')))),
    toString(${micros}))`;
}

/**
 * An ISO text timestamp (ISO_TIMESTAMP) as microseconds since 1970 UTC, NULL when its date or time does not
 * exist (2026-02-30, 25:00): the day number is computed from the calendar (days_from_civil), not with
 * ClickHouse's DateTime, whose range starts in 1970. An offset (+02, +02:30, -0230) is taken off; Z is UTC.
 */
function isoMicros(s: string): string {
  const part = (from: number, length: number) => `toInt64OrZero(substring(${s}, ${from}, ${length}))`;
  const [y, m, d, hh, mi, ss] = [part(1, 4), part(6, 2), part(9, 2), part(12, 2), part(15, 2), part(18, 2)];
  const hasTime = `(length(${s}) > 10)`;
  const tail = `substring(${s}, 20)`;
  const fractionDigits = `extract(${tail}, '^\\\\.([0-9]+)')`;
  const fraction = `if(${fractionDigits} = '', 0, toInt64OrZero(${fractionDigits}) * [100000, 10000, 1000, 100, 10, 1][length(${fractionDigits})])`;
  const zone = `extract(${tail}, '([+-][0-9]{2}:?[0-9]{0,2})$')`;
  const zoneDigits = `replaceAll(${zone}, ':', '')`;
  const zoneHours = `toInt64OrZero(substring(${zoneDigits}, 2, 2))`;
  const zoneMinutes = `toInt64OrZero(substring(${zoneDigits}, 4, 2))`;
  const zoneSeconds = `if(${zone} = '', 0, if(substring(${zone}, 1, 1) = '-', -1, 1) * (${zoneHours} * 3600 + ${zoneMinutes} * 60))`;
  const zoneOk = `(${zone} = '' OR (${zoneHours} <= 14 AND ${zoneMinutes} <= 59 AND length(${zoneDigits}) IN (3, 5)))`;
  const leap = `((${y} % 4 = 0 AND ${y} % 100 != 0) OR ${y} % 400 = 0)`;
  const daysInMonth = `[31, if(${leap}, 29, 28), 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][toUInt8(if(${m} BETWEEN 1 AND 12, ${m}, 1))]`;
  const valid = `(${y} >= 1000 AND ${m} BETWEEN 1 AND 12 AND ${d} BETWEEN 1 AND ${daysInMonth}
    AND (NOT ${hasTime} OR (${hh} <= 23 AND ${mi} <= 59 AND ${ss} <= 59 AND ${zoneOk})))`;
  // days_from_civil (H. Hinnant): days since 1970-01-01 of a proleptic Gregorian date, years ≥ 1000 here
  const yy = `(${y} - if(${m} <= 2, 1, 0))`;
  const era = `intDiv(${yy}, toInt64(400))`;
  const yoe = `(${yy} - ${era} * 400)`;
  const doy = `(intDiv(toInt64(153) * (${m} + if(${m} > 2, -3, 9)) + 2, toInt64(5)) + ${d} - 1)`;
  const doe = `(${yoe} * 365 + intDiv(${yoe}, toInt64(4)) - intDiv(${yoe}, toInt64(100)) + ${doy})`;
  const days = `(${era} * 146097 + ${doe} - 719468)`;
  const seconds = `(${days} * 86400 + if(${hasTime}, ${hh} * 3600 + ${mi} * 60 + ${ss} - ${zoneSeconds}, 0))`;
  return `if(${valid}, ${seconds} * 1000000 + if(${hasTime}, ${fraction}, 0), NULL)`;
}

/** A PLAIN_DECIMAL text as the double DuckDB parses it: its digits as an integer over a power of ten. */
function plainDecimal(s: string): string {
  const point = `position(${s}, '.')`;
  const digits = `replaceAll(${s}, '.', '')`;
  const scale = `if(${point} = 0, 0, length(${s}) - ${point})`;
  return `toFloat64(toInt64OrZero(${digits})) / [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000, 1000000000000000][${scale} + 1]`;
}

/**
 * A value of the odd-value lookup as a literal of the column's ClickHouse type; null is a sentinel (nullIf'd). A
 * double travels as its 64 bits (an Int64 literal, reinterpreted), so that no decimal text is parsed again.
 */
function oddLiteral(kind: Kind, value: string | null): string {
  if (kind === "number") return value === null ? "toInt64(-1)" : `toInt64(${doubleBits(Number(value))})`;
  return value === null ? "toInt64(-9223372036854775807)" : `toInt64(${BigInt(value).toString()})`;
}

/** The bits of a double as a signed 64-bit integer (NaN's pattern is never a value here: the sentinel -1 is one). */
export function doubleBits(value: number): string {
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, value, true);
  return buffer.getBigInt64(0, true).toString();
}
