// Every validation rule, as SQL over one export's text columns. A check is a condition that is
// TRUE when a row breaks the rule, the column it is about, and the reason written to the rejects.
// docs/data-contract.md#what-is-rejected lists the same rules in prose.
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
  /** TRUE when the row breaks the rule (never NULL) */
  fails: string;
  /** a SQL text expression: the reason, in words */
  reason: string;
}

export interface ValidationContext {
  config: PulseConfig;
  /** the date "future" is measured from, YYYY-MM-DD */
  today: string;
  /** the view with the export's text columns and _row */
  view: string;
  /** name of the table of accepted accounts, for reference checks */
  accountsTable: string | null;
}

const raw = (column: string) => `NULLIF(trim(${sqlIdent(column)}), '')`;

/** The SQL expression that turns a column's text into its typed value (NULL when it does not parse). */
export function typedValue(spec: ExportSpec, column: ColumnSpec, config: PulseConfig): string {
  const value = raw(column.name);
  const format = config.data.dateFormats[spec.name]?.[column.name];
  switch (column.type) {
    case "id":
    case "text":
      return value;
    case "date":
      return format
        ? `CAST(TRY_STRPTIME(${value}, ${sqlString(format)}) AS DATE)`
        : `COALESCE(TRY_CAST(${value} AS DATE), CAST(TRY_CAST(${value} AS TIMESTAMPTZ) AS DATE))`;
    case "timestamp":
      // ISO 8601 with or without a zone; without one it is UTC (the session's zone is UTC)
      // (the zone-aware cast is slow, so it is used only where there is an offset: "Z" is UTC already)
      return format
        ? `TRY_STRPTIME(${value}, ${sqlString(format)})`
        : `CASE WHEN length(${value}) > 19 AND (contains(right(${value}, 6), '+') OR contains(right(${value}, 6), '-'))
            THEN CAST(TRY_CAST(${value} AS TIMESTAMPTZ) AS TIMESTAMP) ELSE TRY_CAST(${value} AS TIMESTAMP) END`;
    case "number":
      // a leading currency sign and thousands separators are accepted: "$12,000.50"
      return `COALESCE(TRY_CAST(${value} AS DOUBLE), TRY_CAST(regexp_replace(${value}, '^[$€£]|,', '', 'g') AS DOUBLE))`;
    case "integer":
      // (a cast to BIGINT would round 2.5, so a value with a decimal point must be whole as a double)
      return `CASE WHEN NOT contains(${value}, '.') THEN TRY_CAST(${value} AS BIGINT)
        WHEN TRY_CAST(${value} AS DOUBLE) = floor(TRY_CAST(${value} AS DOUBLE)) THEN CAST(TRY_CAST(${value} AS DOUBLE) AS BIGINT) END`;
    case "role":
      return `COALESCE(lower(${value}), 'member')`;
  }
}

function dateLimits(spec: ExportSpec, column: ColumnSpec, ctx: ValidationContext): Check[] {
  const typed = typedValue(spec, column, ctx.config);
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
  const value = raw(column.name);
  const typed = typedValue(spec, column, ctx.config);
  const checks: Check[] = [];
  if (column.required) {
    checks.push({rule: "missing_value", column: column.name, fails: `${value} IS NULL`, reason: `'missing value'`});
  }
  const unparsed = (rule: RuleId, what: string): Check => ({
    rule,
    column: column.name,
    fails: `(${value} IS NOT NULL AND ${typed} IS NULL)`,
    reason: `'not ${what}: ' || ${sqlIdent(column.name)}`
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
        reason: `'role ''' || ${sqlIdent(column.name)} || ''' is not one of ${ROLES.join(", ")}'`
      });
      break;
  }
  if (column.min !== undefined) {
    checks.push({
      rule: "below_minimum",
      column: column.name,
      fails: `COALESCE(${typed} < ${column.min}, false)`,
      reason: `'must be ${column.min === 0 ? "zero or more" : `at least ${column.min}`}, got ' || ${sqlIdent(column.name)}`
    });
  }
  if (column.references && ctx.accountsTable) {
    checks.push({
      rule: "unknown_account",
      column: column.name,
      fails: `(${value} IS NOT NULL AND ${value} NOT IN (SELECT account_id FROM ${ctx.accountsTable}))`,
      reason: `'unknown account_id: ' || ${sqlIdent(column.name)}`
    });
  }
  return checks;
}

/** Rules about a row as a whole rather than one column. */
function rowChecks(spec: ExportSpec, ctx: ValidationContext): Check[] {
  const checks: Check[] = [];
  if (spec.key) {
    checks.push({
      rule: "duplicate_id",
      column: spec.key,
      fails: `(${raw(spec.key)} IS NOT NULL AND _first_row <> _row)`,
      reason: `'duplicate ${spec.key} ' || ${sqlIdent(spec.key)} || ' (first in row ' || _first_row || ')'`
    });
  }
  if (spec.name === "contracts") {
    const column = (name: string) => spec.columns.find((c) => c.name === name)!;
    const start = typedValue(spec, column("start_date"), ctx.config);
    const end = typedValue(spec, column("end_date"), ctx.config);
    checks.push({
      rule: "end_before_start",
      column: "end_date",
      fails: `COALESCE(${end} < ${start}, false)`,
      reason: `'end date ' || ${end} || ' is before start date ' || ${start}`
    });
  }
  return checks;
}

export function checksFor(spec: ExportSpec, ctx: ValidationContext): Check[] {
  return [...spec.columns.flatMap((column) => columnChecks(spec, column, ctx)), ...rowChecks(spec, ctx)];
}
