// The data contract: every export Pulse reads, its columns, their types and which are required.
// docs/data-contract.md is the prose version of this file; keep the two in step.

export type ColumnType = "id" | "text" | "date" | "timestamp" | "number" | "integer" | "role" | "boolean" | "period";

export interface ColumnSpec {
  /** canonical column name, as Pulse's SQL uses it */
  name: string;
  type: ColumnType;
  required: boolean;
  /** a contact field: not copied into the site unless config.privacy says so */
  contact?: boolean;
  /** for "id" columns that point at another export's id (checked, rows with unknown ids are rejected) */
  references?: {exportName: ExportName; column: string};
  /** for "number"/"integer": the smallest accepted value */
  min?: number;
  /** for "number"/"integer": the largest accepted value (beyond it a value cannot be computed with exactly) */
  max?: number;
  /** for a required column: another column of the row that may stand in for it (usage keyed by contract_id) */
  orElse?: string;
  /** for "timestamp": also keep this boolean column, TRUE when the value was a date alone (a daily row) */
  dateOnlyFlag?: string;
  /** for "number": a setting giving the accepted range, [min, max] (support_tickets.satisfaction) */
  rangeSetting?: "support.satisfactionScale";
}

export interface ExportSpec {
  name: ExportName;
  /** one row is … (for docs and error messages) */
  row: string;
  /** the column that identifies a row, checked for duplicates */
  key?: string;
  /** absent optional exports are fine (users, leads, churn events, support tickets); absent required exports are an error */
  required: boolean;
  columns: ColumnSpec[];
}

export type ExportName = "accounts" | "contracts" | "users" | "usage_events" | "leads" | "churn_events" | "support_tickets";

export const ROLES = ["admin", "executive", "champion", "member"] as const;
export type Role = (typeof ROLES)[number];
/** roles whose activity counts as key-user activity */
export const KEY_ROLES: Role[] = ["admin", "executive", "champion"];

const account = {exportName: "accounts", column: "account_id"} as const;
const contract = {exportName: "contracts", column: "contract_id"} as const;

/** The largest money amount (ARR, CAC) Pulse computes with exactly: DECIMAL(18, 2) holds up to 10^16 - 0.01. */
export const MAX_MONEY = 1e15;
/** The largest duration of one row, in seconds (DECIMAL(18, 3) holds up to 10^15): about 31,700 years. */
export const MAX_DURATION_S = 1e12;
/** The largest count of one row (seats, page views, actions): far beyond any real export, and small enough that
 *  the sum of ten billion such rows still fits the BIGINT the rollups are kept in. */
export const MAX_COUNT = 1e9;

export const EXPORTS: ExportSpec[] = [
  {
    name: "accounts",
    row: "a customer company",
    key: "account_id",
    required: true,
    columns: [
      {name: "account_id", type: "id", required: true},
      {name: "name", type: "text", required: true},
      {name: "industry", type: "text", required: false},
      {name: "region", type: "text", required: false},
      {name: "csm_owner", type: "text", required: false},
      {name: "created_at", type: "date", required: false},
      {name: "seats", type: "integer", required: false, min: 0, max: MAX_COUNT}
    ]
  },
  {
    name: "contracts",
    row: "a subscription term, or an open-ended subscription",
    key: "contract_id",
    required: true,
    columns: [
      {name: "contract_id", type: "id", required: true},
      {name: "account_id", type: "id", required: true, references: account},
      {name: "start_date", type: "date", required: true},
      // empty: the contract runs until cancelled (in force on every day from start_date)
      {name: "end_date", type: "date", required: false},
      {name: "arr", type: "number", required: true, min: 0, max: MAX_MONEY},
      // the term of an open-ended contract: monthly, quarterly, annual / yearly, or a whole number of months
      {name: "billing_period", type: "period", required: false},
      {name: "plan", type: "text", required: false},
      {name: "status", type: "text", required: false},
      {name: "signed_at", type: "date", required: false},
      {name: "renewal_of", type: "id", required: false},
      {name: "cac", type: "number", required: false, min: 0, max: MAX_MONEY}
    ]
  },
  {
    name: "users",
    row: "a person at a customer",
    key: "user_id",
    required: false,
    columns: [
      {name: "user_id", type: "id", required: true},
      {name: "account_id", type: "id", required: true, references: account},
      {name: "role", type: "role", required: false},
      {name: "email", type: "text", required: false, contact: true}
    ]
  },
  {
    name: "usage_events",
    row: "one action in the product, or `count` actions of a day",
    required: true,
    columns: [
      // a usage row names its account, or the contract (subscription) whose account it is
      {name: "account_id", type: "id", required: true, references: account, orElse: "contract_id"},
      {name: "contract_id", type: "id", required: false, references: contract},
      {name: "user_id", type: "id", required: false},
      // a timestamp, or a date alone for a daily row
      {name: "timestamp", type: "timestamp", required: true, dateOnlyFlag: "date_only"},
      // how many actions the row stands for (pre-aggregated usage); empty or absent = 1
      {name: "count", type: "integer", required: false, min: 0, max: MAX_COUNT},
      {name: "event", type: "text", required: false},
      {name: "module", type: "text", required: false},
      {name: "feature", type: "text", required: false},
      {name: "session_id", type: "text", required: false},
      {name: "duration_s", type: "number", required: false, min: 0, max: MAX_DURATION_S},
      {name: "page_views", type: "integer", required: false, min: 0, max: MAX_COUNT}
    ]
  },
  {
    name: "leads",
    row: "a prospect in the pre-sale funnel",
    key: "lead_id",
    required: false,
    columns: [
      {name: "lead_id", type: "id", required: true},
      {name: "account_id", type: "id", required: false, references: account},
      {name: "visited_at", type: "date", required: false},
      {name: "registered_at", type: "date", required: false},
      {name: "trial_at", type: "date", required: false},
      {name: "opportunity_at", type: "date", required: false},
      {name: "signed_at", type: "date", required: false}
    ]
  },
  {
    name: "churn_events",
    row: "an account that left",
    required: false,
    columns: [
      {name: "account_id", type: "id", required: true, references: account},
      {name: "churned_at", type: "date", required: true},
      {name: "reason", type: "text", required: false},
      {name: "feedback", type: "text", required: false}
    ]
  },
  {
    name: "support_tickets",
    row: "a support request",
    key: "ticket_id",
    required: false,
    columns: [
      {name: "ticket_id", type: "id", required: true},
      {name: "account_id", type: "id", required: true, references: account},
      {name: "opened_at", type: "timestamp", required: true},
      {name: "closed_at", type: "timestamp", required: false},
      {name: "priority", type: "text", required: false},
      {name: "satisfaction", type: "number", required: false, rangeSetting: "support.satisfactionScale"},
      {name: "escalated", type: "boolean", required: false}
    ]
  }
];

export const EXPORT_NAMES = EXPORTS.map((e) => e.name);

export function exportSpec(name: ExportName): ExportSpec {
  const spec = EXPORTS.find((e) => e.name === name);
  if (!spec) throw new Error(`unknown export ${name}`);
  return spec;
}

/** file endings Pulse reads, in the order it looks for them */
export const FILE_ENDINGS = [".csv", ".csv.gz", ".jsonl", ".ndjson", ".parquet"] as const;
