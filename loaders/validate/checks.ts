// Every validation rule, as SQL. Validation has two steps: each column's text is typed once
// (typedColumns: the typed value under the column's name and, for dates, numbers and roles, the
// text it came from as raw_<column>), then every check is a cheap condition over those columns:
// TRUE when a row breaks the rule, with the column it is about and the reason for the rejects.
// docs/data-contract.md#what-is-rejected-and-why lists the same rules in prose.
import {ROLES, type ColumnSpec, type ExportSpec} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {sqlIdent, sqlString} from "../db.js";

export type RuleId =
  | "missing_value"
  | "not_a_date"
  | "not_a_timestamp"
  | "not_a_number"
  | "not_a_whole_number"
  | "below_minimum"
  | "too_early"
  | "in_the_future"
  | "far_future"
  | "end_before_start"
  | "unknown_role"
  | "duplicate_id"
  | "unknown_account";

export interface Check {
  rule: RuleId;
  column: string;
  /** TRUE when the row breaks the rule (never NULL), over the typed columns */
  fails: string;
  /** a SQL text expression: the reason, in words */
  reason: string;
}

export interface ValidationContext {
  config: PulseConfig;
  /** the date "future" is measured from, YYYY-MM-DD */
  today: string;
  /** name of the table of accepted accounts, for reference checks */
  accountsTable: string | null;
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
      return format
        ? `CAST(TRY_STRPTIME(${value}, ${sqlString(format)}) AS DATE)`
        : `COALESCE(TRY_CAST(${text} AS DATE), CAST(TRY_CAST(${text} AS TIMESTAMPTZ) AS DATE))`;
    case "timestamp":
      // ISO 8601 with or without a zone; without one it is UTC. The zone-aware cast is slow, so it
      // is used only where there is an offset (a '+', or a '-' after the date); "Z" is UTC already.
      return format
        ? `TRY_STRPTIME(${value}, ${sqlString(format)})`
        : `CASE WHEN contains(${text}, '+') OR ${text} LIKE '___________%-%'
            THEN CAST(TRY_CAST(${text} AS TIMESTAMPTZ) AS TIMESTAMP) ELSE TRY_CAST(${text} AS TIMESTAMP) END`;
    case "number":
      // a leading currency sign and thousands separators are accepted: "$12,000.50"
      return `COALESCE(TRY_CAST(${text} AS DOUBLE), TRY_CAST(regexp_replace(${value}, '^[$€£]|,', '', 'g') AS DOUBLE))`;
    case "integer":
      // (a cast to BIGINT would round 2.5, so a value with a decimal point must be whole as a double)
      return `CASE WHEN NOT contains(${text}, '.') THEN TRY_CAST(${text} AS BIGINT)
        WHEN TRY_CAST(${text} AS DOUBLE) = floor(TRY_CAST(${text} AS DOUBLE)) THEN CAST(TRY_CAST(${text} AS DOUBLE) AS BIGINT) END`;
    case "role":
      return `COALESCE(lower(${value}), 'member')`;
  }
}

/** Whether a column keeps its text beside its typed value (for the rejects' value and reasons). */
function keepsText(column: ColumnSpec): boolean {
  return column.type !== "id" && column.type !== "text";
}

const rawColumn = (column: ColumnSpec) => sqlIdent(`raw_${column.name}`);

/** The text a value came from, as the rejects show it: the text that did not parse, else the typed value. */
export function rejectedValue(column: ColumnSpec): string {
  return keepsText(column) ? `COALESCE(${rawColumn(column)}, CAST(${sqlIdent(column.name)} AS VARCHAR))` : sqlIdent(column.name);
}

/** The projection that types every column once: typed values, and raw_<column>, the text of values that
 * did not parse (NULL for the rest, so millions of good rows carry no second copy of their text). */
export function typedColumns(spec: ExportSpec, config: PulseConfig): string[] {
  return spec.columns.flatMap((column) => {
    const typed = typedValue(spec, column, config);
    return [
      `${typed} AS ${sqlIdent(column.name)}`,
      ...(keepsText(column) ? [`CASE WHEN ${typed} IS NULL THEN ${sqlIdent(column.name)} END AS ${rawColumn(column)}`] : [])
    ];
  });
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
      reason: sqlString(`date before ${validation.earliestDate}`)
    }
  ];
  if (spec.name === "contracts") {
    const limit = `(DATE ${sqlString(ctx.today)} + INTERVAL ${validation.contractMaxYearsAhead} YEAR)`;
    checks.push({
      rule: "far_future",
      column: column.name,
      fails: `COALESCE(${typed} > ${limit}, false)`,
      reason: `'more than ${validation.contractMaxYearsAhead} years after ${ctx.today}'`
    });
  } else {
    const limit = `(DATE ${sqlString(ctx.today)} + INTERVAL ${validation.eventFutureToleranceDays + 1} DAY)`;
    checks.push({
      rule: "in_the_future",
      column: column.name,
      fails: `COALESCE(${typed} >= ${limit}, false)`,
      reason: `'in the future (after ${ctx.today})'`
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
    checks.push({rule: "missing_value", column: column.name, fails: `(${typed} IS NULL AND NOT ${present})`, reason: `'missing value'`});
  }
  const unparsed = (rule: RuleId, what: string): Check => ({
    rule,
    column: column.name,
    fails: `(${typed} IS NULL AND ${present})`,
    reason: `'not ${what}: ' || ${text}`
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
      checks.push(unparsed("not_a_number", "a number"));
      break;
    case "integer":
      checks.push(unparsed("not_a_whole_number", "a whole number"));
      break;
    case "role":
      checks.push({
        rule: "unknown_role",
        column: column.name,
        fails: `(${typed} NOT IN (${ROLES.map(sqlString).join(", ")}))`,
        reason: `'role ''' || ${text} || ''' is not one of ${ROLES.join(", ")}'`
      });
      break;
  }
  if (column.min !== undefined) {
    checks.push({
      rule: "below_minimum",
      column: column.name,
      fails: `COALESCE(${typed} < ${column.min}, false)`,
      reason: `'must be ${column.min === 0 ? "zero or more" : `at least ${column.min}`}, got ' || ${text}`
    });
  }
  if (column.references && ctx.accountsTable) {
    checks.push({
      rule: "unknown_account",
      column: column.name,
      fails: `(${typed} IS NOT NULL AND ${typed} NOT IN (SELECT account_id FROM ${ctx.accountsTable}))`,
      reason: `'unknown account_id: ' || ${typed}`
    });
  }
  return checks;
}

/** Rules about a row as a whole rather than one column. */
function rowChecks(spec: ExportSpec): Check[] {
  const checks: Check[] = [];
  if (spec.key) {
    checks.push({
      rule: "duplicate_id",
      column: spec.key,
      fails: `(${sqlIdent(spec.key)} IS NOT NULL AND _first_row <> _row)`,
      reason: `'duplicate ${spec.key} ' || ${sqlIdent(spec.key)} || ' (first in row ' || _first_row || ')'`
    });
  }
  if (spec.name === "contracts") {
    checks.push({
      rule: "end_before_start",
      column: "end_date",
      fails: `COALESCE(end_date < start_date, false)`,
      reason: `'end date ' || end_date || ' is before start date ' || start_date`
    });
  }
  return checks;
}

export function checksFor(spec: ExportSpec, ctx: ValidationContext): Check[] {
  return [...spec.columns.flatMap((column) => columnChecks(spec, column, ctx)), ...rowChecks(spec)];
}
