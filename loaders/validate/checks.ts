// Every validation rule, as SQL. Validation has two steps: each column's text is typed once
// (typedColumns: the typed value under the column's name and, for dates, numbers and roles, the
// text it came from as raw_<column>), then every check is a cheap condition over those columns:
// TRUE when a row breaks the rule, with the column it is about and the reason for the rejects.
// docs/data-contract.md#what-is-rejected-and-why lists the same rules in prose.
import {ROLES, type ColumnSpec, type ExportName, type ExportSpec} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {sqlIdent, sqlString} from "../db.js";
import {sqlNumber} from "../metrics/params.js";

export type RuleId =
  | "missing_value"
  | "not_a_date"
  | "not_a_timestamp"
  | "not_a_number"
  | "not_a_whole_number"
  | "not_finite"
  | "not_a_boolean"
  | "not_a_period"
  | "below_minimum"
  | "above_maximum"
  | "out_of_range"
  | "too_early"
  | "in_the_future"
  | "far_future"
  | "end_before_start"
  | "unknown_role"
  | "duplicate_id"
  | "unknown_account"
  | "unknown_contract"
  | "contract_account_mismatch";

export interface Check {
  rule: RuleId;
  column: string;
  /** TRUE when the row breaks the rule (never NULL), over the typed columns */
  fails: string;
  /** a SQL text expression: the reason, in words */
  reason: string;
  /** the canonical columns the check, its value and its reason read (typed, and raw_<column> where kept), so that a
   *  narrow pass can evaluate it from those columns alone */
  reads: string[];
}

/** Rules about a reference to another export: their outcome depends on that export's rows, not on the row alone. */
export const REFERENCE_RULES: readonly RuleId[] = ["unknown_account", "unknown_contract", "contract_account_mismatch"];

export interface ValidationContext {
  config: PulseConfig;
  /** the date "future" is measured from, YYYY-MM-DD */
  today: string;
  /** the exports already staged (their accepted rows are in a table of the export's name), for reference checks */
  staged: ExportName[];
  /** the canonical columns the export has (mapped or found); the others are empty, and only their
   *  missing_value rule (for a required column) is checked */
  present: string[];
}

/** The text without surrounding spaces, NULL when nothing is left: the same as NULLIF(trim(x), '').
 * trim() copies every string, which on millions of ids cost more than all the other typing together, so
 * it runs only where it can change something: an empty value, a space at either end, or any non-ASCII
 * character (trim also strips Unicode spaces such as U+00A0 and U+3000; of ASCII only the space — test/unit/
 * typedValues.test.ts checks both). strlen <> length is a cheap "not pure ASCII". */
function trimmed(column: string): string {
  const text = sqlIdent(column);
  return `CASE WHEN ${text} = '' OR starts_with(${text}, ' ') OR ends_with(${text}, ' ') OR strlen(${text}) <> length(${text})
    THEN NULLIF(trim(${text}), '') ELSE ${text} END`;
}

/** The SQL expression that turns a column's text into its typed value (NULL when it does not parse). */
export function typedValue(spec: ExportSpec, column: ColumnSpec, config: PulseConfig): string {
  // Ids, text and roles are trimmed. Casts ignore surrounding spaces themselves and give NULL for
  // '', so dates and numbers cast the text as it is: on millions of events every string function
  // per row counts.
  const value = trimmed(column.name);
  const text = sqlIdent(column.name);
  const format = config.data.dateFormats[spec.name]?.[column.name];
  switch (column.type) {
    case "id":
    case "text":
      return value;
    case "date":
      // a timestamp where a date is expected gives its date part, as written (no time-zone conversion)
      return format
        ? `CAST(TRY_STRPTIME(${value}, ${sqlString(format)}) AS DATE)`
        : `COALESCE(TRY_CAST(${text} AS DATE), CAST(TRY_CAST(${text} AS TIMESTAMPTZ) AS DATE))`;
    case "timestamp":
      // ISO 8601 with or without a zone; without one it is UTC. The zone-aware cast is slow, so it
      // is used only where there is an offset (a '+', or a '-' after the date); "Z" is UTC already.
      // A date alone is midnight UTC (a daily row of usage: see dateOnly).
      return format
        ? `TRY_STRPTIME(${value}, ${sqlString(format)})`
        : `CASE WHEN contains(${text}, '+') OR ${text} LIKE '___________%-%'
            THEN CAST(TRY_CAST(${text} AS TIMESTAMPTZ) AS TIMESTAMP) ELSE TRY_CAST(${text} AS TIMESTAMP) END`;
    case "number":
      // finite numbers only: NaN and infinities (which DuckDB's cast accepts) are no numbers to compute with
      return `CASE WHEN isfinite(${numberValue(column.name)}) THEN ${numberValue(column.name)} END`;
    case "integer":
      // digits alone cast straight to BIGINT (exact); anything else (a decimal point, an exponent, thousands
      // separators) must be a whole number as a double: a cast to BIGINT would round 2.5
      return `CASE WHEN ${plainDigits(text)} THEN TRY_CAST(${text} AS BIGINT)
        WHEN isfinite(${numberValue(column.name)}) AND ${numberValue(column.name)} = floor(${numberValue(column.name)})
             AND abs(${numberValue(column.name)}) < 9e18 THEN CAST(${numberValue(column.name)} AS BIGINT) END`;
    case "boolean":
      return `CASE lower(${value}) WHEN 'true' THEN true WHEN 'yes' THEN true WHEN 'y' THEN true WHEN 't' THEN true WHEN '1' THEN true
        WHEN 'false' THEN false WHEN 'no' THEN false WHEN 'n' THEN false WHEN 'f' THEN false WHEN '0' THEN false END`;
    case "period":
      // months: monthly, quarterly, semiannual, annual / yearly (any case), or a whole number of months (1–120)
      return `CASE lower(${value})
        WHEN 'monthly' THEN 1 WHEN 'month' THEN 1
        WHEN 'quarterly' THEN 3 WHEN 'quarter' THEN 3
        WHEN 'semiannual' THEN 6 WHEN 'semi-annual' THEN 6 WHEN 'semiannually' THEN 6 WHEN 'half-yearly' THEN 6
        WHEN 'annual' THEN 12 WHEN 'annually' THEN 12 WHEN 'yearly' THEN 12 WHEN 'year' THEN 12
        ELSE CASE WHEN regexp_matches(${value}, '^[0-9]+( ?months?)?$') AND TRY_CAST(regexp_extract(${value}, '^[0-9]+') AS INTEGER) BETWEEN 1 AND 120
                  THEN TRY_CAST(regexp_extract(${value}, '^[0-9]+') AS INTEGER) END END`;
    case "role":
      return `COALESCE(lower(${value}), 'member')`;
  }
}

/** TRUE when the text is digits alone (with spaces or a sign around them): a value BIGINT takes exactly. */
function plainDigits(text: string): string {
  return `NOT (contains(${text}, '.') OR contains(${text}, 'e') OR contains(${text}, 'E') OR contains(${text}, ',') OR contains(${text}, 'x') OR contains(${text}, 'X') OR contains(${text}, '_'))`;
}

/** The text as a DOUBLE, NULL when it is not a number. A leading currency sign and thousands separators are
 * accepted ("$12,000.50"); DuckDB's own extras are not: hexadecimal (0x10) and digit separators (1_000) are
 * no numbers an export means. NaN and infinities come through as such (typedValue refuses them). */
function numberValue(column: string): string {
  const text = sqlIdent(column);
  return `(CASE WHEN NOT (contains(${text}, 'x') OR contains(${text}, 'X') OR contains(${text}, '_'))
    THEN COALESCE(TRY_CAST(${text} AS DOUBLE), TRY_CAST(regexp_replace(${trimmed(column)}, '^[$€£]|,', '', 'g') AS DOUBLE)) END)`;
}

/** Whether a column keeps its text beside its typed value (for the rejects' value and reasons). */
function keepsText(column: ColumnSpec): boolean {
  return column.type !== "id" && column.type !== "text";
}

const rawColumn = (column: ColumnSpec) => sqlIdent(`raw_${column.name}`);

/** The text a value came from, as the rejects show it: the text that did not parse, else the typed value. */
export function rejectedValue(column: ColumnSpec): string {
  if (!keepsText(column)) return sqlIdent(column.name);
  const typed = sqlIdent(column.name);
  // a whole number that parsed as a double is shown without ".0" (7, not 7.0)
  const text = column.type === "number"
    ? `CASE WHEN ${typed} = floor(${typed}) AND abs(${typed}) < 1e15 THEN CAST(CAST(${typed} AS BIGINT) AS VARCHAR) ELSE CAST(${typed} AS VARCHAR) END`
    : `CAST(${typed} AS VARCHAR)`;
  return `COALESCE(${rawColumn(column)}, ${text})`;
}

/** The projection that types every column once: typed values, and raw_<column>, the text of values that
 * did not parse (NULL for the rest, so millions of good rows carry no second copy of their text). With `only`,
 * just those columns (a narrow pass that reads no other). */
export function typedColumns(spec: ExportSpec, config: PulseConfig, only?: readonly string[]): string[] {
  return spec.columns.filter((column) => !only || only.includes(column.name)).flatMap((column) => {
    const typed = typedValue(spec, column, config);
    return [
      `${typed} AS ${sqlIdent(column.name)}`,
      ...(keepsText(column) ? [`CASE WHEN ${typed} IS NULL THEN ${sqlIdent(column.name)} END AS ${rawColumn(column)}`] : []),
      ...(column.dateOnlyFlag ? [`${dateOnly(spec, column, config)} AS ${sqlIdent(column.dateOnlyFlag)}`] : [])
    ];
  });
}

/** TRUE when a timestamp was given as a date alone: no time of day (ISO: no ':'; a strptime format: no hour). */
function dateOnly(spec: ExportSpec, column: ColumnSpec, config: PulseConfig): string {
  const format = config.data.dateFormats[spec.name]?.[column.name];
  if (format) return /%[HIklTRrXc]/.test(format) ? "false" : "true";
  return `NOT contains(${sqlIdent(column.name)}, ':')`;
}

/** The helper columns of typedColumns, dropped once validation is done. */
export function rawColumns(spec: ExportSpec): string[] {
  return spec.columns.filter(keepsText).map(rawColumn);
}

function dateLimits(spec: ExportSpec, column: ColumnSpec, ctx: ValidationContext): Check[] {
  const typed = sqlIdent(column.name);
  const {validation} = ctx.config;
  const checks: Check[] = [
    {
      rule: "too_early",
      column: column.name,
      fails: `COALESCE(${typed} < DATE ${sqlString(validation.earliestDate)}, false)`,
      reason: sqlString(`date before ${validation.earliestDate}`),
      reads: [column.name]
    }
  ];
  if (spec.name === "contracts") {
    const limit = `(DATE ${sqlString(ctx.today)} + INTERVAL ${validation.contractMaxYearsAhead} YEAR)`;
    checks.push({
      rule: "far_future",
      column: column.name,
      fails: `COALESCE(${typed} > ${limit}, false)`,
      reason: `'more than ${validation.contractMaxYearsAhead} years after ${ctx.today}'`,
      reads: [column.name]
    });
  } else {
    const limit = `(DATE ${sqlString(ctx.today)} + INTERVAL ${validation.eventFutureToleranceDays + 1} DAY)`;
    checks.push({
      rule: "in_the_future",
      column: column.name,
      fails: `COALESCE(${typed} >= ${limit}, false)`,
      reason: `'in the future (after ${ctx.today})'`,
      reads: [column.name]
    });
  }
  return checks;
}

function columnChecks(spec: ExportSpec, column: ColumnSpec, ctx: ValidationContext): Check[] {
  const typed = sqlIdent(column.name);
  const text = rejectedValue(column);
  // some text other than spaces (typed ids and text are already trimmed to NULL)
  const present = keepsText(column) ? `NULLIF(trim(${rawColumn(column)}), '') IS NOT NULL` : "false";
  const checks: Check[] = [];
  if (column.required) {
    // a column that another may stand in for is missing only when that one is missing too
    const standIn = column.orElse ? ` AND ${sqlIdent(column.orElse)} IS NULL` : "";
    checks.push({
      rule: "missing_value",
      column: column.name,
      fails: `(${typed} IS NULL AND NOT ${present}${standIn})`,
      reason: column.orElse ? `'missing value (and no ${column.orElse})'` : `'missing value'`,
      reads: column.orElse ? [column.name, column.orElse] : [column.name]
    });
  }
  const unparsed = (rule: RuleId, what: string): Check => ({
    rule,
    column: column.name,
    fails: `(${typed} IS NULL AND ${present})`,
    reason: `'not ${what}: ' || ${text}`,
    reads: [column.name]
  });
  const format = ctx.config.data.dateFormats[spec.name]?.[column.name];
  switch (column.type) {
    case "date":
      checks.push(unparsed("not_a_date", format ? `a date as ${format}` : "a date (YYYY-MM-DD)"), ...dateLimits(spec, column, ctx));
      break;
    case "timestamp":
      checks.push(unparsed("not_a_timestamp", format ? `a timestamp as ${format}` : "an ISO 8601 timestamp"), ...dateLimits(spec, column, ctx));
      break;
    case "number":
      checks.push(notFinite(column), parsedElse(unparsed("not_a_number", "a number"), column));
      break;
    case "integer":
      checks.push(notFinite(column), parsedElse(unparsed("not_a_whole_number", "a whole number"), column));
      break;
    case "boolean":
      checks.push(unparsed("not_a_boolean", "true or false (true/false, yes/no, 1/0)"));
      break;
    case "period":
      checks.push(unparsed("not_a_period", "a billing period (monthly, quarterly, annual, or a number of months from 1 to 120)"));
      break;
    case "role":
      checks.push({
        rule: "unknown_role",
        column: column.name,
        fails: `(${typed} NOT IN (${ROLES.map(sqlString).join(", ")}))`,
        reason: `'role ''' || ${text} || ''' is not one of ${ROLES.join(", ")}'`,
        reads: [column.name]
      });
      break;
  }
  if (column.min !== undefined) {
    checks.push({
      rule: "below_minimum",
      column: column.name,
      fails: `COALESCE(${typed} < ${column.min}, false)`,
      reason: `'must be ${column.min === 0 ? "zero or more" : `at least ${column.min}`}, got ' || ${text}`,
      reads: [column.name]
    });
  }
  if (column.max !== undefined) {
    checks.push({
      rule: "above_maximum",
      column: column.name,
      fails: `COALESCE(${typed} > ${column.max}, false)`,
      reason: `'too large: ' || ${text} || ' (at most ${column.max.toLocaleString("en-US")})'`,
      reads: [column.name]
    });
  }
  if (column.rangeSetting === "support.satisfactionScale") {
    const [lowest, highest] = ctx.config.support.satisfactionScale;
    checks.push({
      rule: "out_of_range",
      column: column.name,
      fails: `COALESCE(${typed} < ${sqlNumber(lowest)} OR ${typed} > ${sqlNumber(highest)}, false)`,
      reason: `'must be between ${lowest} and ${highest} (support.satisfactionScale), got ' || ${text}`,
      reads: [column.name]
    });
  }
  if (column.references && ctx.staged.includes(column.references.exportName)) {
    const {exportName, column: key} = column.references;
    checks.push({
      rule: exportName === "accounts" ? "unknown_account" : "unknown_contract",
      column: column.name,
      fails: `(${typed} IS NOT NULL AND ${typed} NOT IN (SELECT ${sqlIdent(key)} FROM ${sqlIdent(exportName)}))`,
      reason: `'unknown ${key}: ' || ${typed}`,
      reads: [column.name]
    });
  }
  return checks;
}

/** A number that parses, but to NaN or an infinity (NaN, inf, 1e400): rejected with its text. */
function notFinite(column: ColumnSpec): Check {
  return {
    rule: "not_finite",
    column: column.name,
    fails: `(${sqlIdent(column.name)} IS NULL AND NOT isfinite(${numberOf(rawColumn(column))}))`,
    reason: `'not a finite number: ' || ${rawColumn(column)}`,
    reads: [column.name]
  };
}

/** The unparsed-value check of a number column, for values that are not NaN or an infinity (those are not_finite). */
function parsedElse(check: Check, column: ColumnSpec): Check {
  return {...check, fails: `(${check.fails} AND COALESCE(isfinite(${numberOf(rawColumn(column))}), true))`};
}

/** A text as DuckDB's DOUBLE (NaN and infinities included), NULL when it is none. */
const numberOf = (text: string) => `TRY_CAST(trim(${text}) AS DOUBLE)`;

/** Exports whose rows have a start and an end that must not come before it: [start, end, how they read]. */
const SPANS: Partial<Record<ExportName, {start: string; end: string; words: [string, string]}>> = {
  contracts: {start: "start_date", end: "end_date", words: ["end date", "start date"]},
  support_tickets: {start: "opened_at", end: "closed_at", words: ["closed", "opened"]}
};

/** Rules about a row as a whole rather than one column. */
function rowChecks(spec: ExportSpec, ctx: ValidationContext): Check[] {
  const checks: Check[] = [];
  if (spec.key) {
    checks.push({
      rule: "duplicate_id",
      column: spec.key,
      fails: `(${sqlIdent(spec.key)} IS NOT NULL AND _first_row <> _row)`,
      reason: `'duplicate ${spec.key} ' || ${sqlIdent(spec.key)} || ' (first in row ' || _first_row || ')'`,
      reads: [spec.key]
    });
  }
  const span = SPANS[spec.name];
  if (span) {
    const [start, end] = [sqlIdent(span.start), sqlIdent(span.end)];
    checks.push({
      rule: "end_before_start",
      column: span.end,
      fails: `COALESCE(${end} < ${start}, false)`,
      reason: `'${span.words[0]} ' || ${end} || ' is before ${span.words[1]} ' || ${start}`,
      reads: [span.start, span.end]
    });
  }
  // a usage row that names both its account and its contract: the contract must be that account's
  const standIn = spec.columns.find((c) => c.orElse === "contract_id");
  if (standIn && ctx.staged.includes("contracts") && ctx.present.includes(standIn.name)) {
    // (the contracts' columns renamed, so that contract_id in the condition is the usage row's)
    const accountOfContract = `(SELECT any_value(c.owner) FROM (SELECT contract_id AS id, account_id AS owner FROM contracts) c WHERE c.id = contract_id)`;
    checks.push({
      rule: "contract_account_mismatch",
      column: "contract_id",
      fails: `COALESCE(${sqlIdent(standIn.name)} <> ${accountOfContract}, false)`,
      reason: `'contract ' || contract_id || ' belongs to account ' || ${accountOfContract} || ', not ' || ${sqlIdent(standIn.name)}`,
      reads: [standIn.name, "contract_id"]
    });
  }
  return checks;
}

export function checksFor(spec: ExportSpec, ctx: ValidationContext): Check[] {
  const has = (name: string) => ctx.present.includes(name);
  return [
    // a column the export does not have is empty: only a required one can break a rule (missing_value)
    ...spec.columns.flatMap((column) => columnChecks(spec, column, ctx).filter((check) => has(column.name) || check.rule === "missing_value")),
    ...rowChecks(spec, ctx).filter((check) => has(check.column))
  ];
}
