// The data contract: every export Pulse reads, its columns, their types and which are required.
// docs/data-contract.md is the prose version of this file; keep the two in step.

export type ColumnType = "id" | "text" | "date" | "timestamp" | "number" | "integer" | "role";

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
}

export interface ExportSpec {
  name: ExportName;
  /** one row is … (for docs and error messages) */
  row: string;
  /** the column that identifies a row, checked for duplicates */
  key?: string;
  /** absent optional exports are fine (leads); absent required exports are an error */
  required: boolean;
  columns: ColumnSpec[];
}

export type ExportName = "accounts" | "contracts" | "users" | "usage_events" | "leads";

export const ROLES = ["admin", "executive", "champion", "member"] as const;
export type Role = (typeof ROLES)[number];
/** roles whose activity counts as key-user activity */
export const KEY_ROLES: Role[] = ["admin", "executive", "champion"];

const account = {exportName: "accounts", column: "account_id"} as const;

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
      {name: "seats", type: "integer", required: false, min: 0}
    ]
  },
  {
    name: "contracts",
    row: "a subscription term",
    key: "contract_id",
    required: true,
    columns: [
      {name: "contract_id", type: "id", required: true},
      {name: "account_id", type: "id", required: true, references: account},
      {name: "start_date", type: "date", required: true},
      {name: "end_date", type: "date", required: true},
      {name: "arr", type: "number", required: true, min: 0},
      {name: "plan", type: "text", required: false},
      {name: "status", type: "text", required: false},
      {name: "signed_at", type: "date", required: false},
      {name: "renewal_of", type: "id", required: false},
      {name: "cac", type: "number", required: false, min: 0}
    ]
  },
  {
    name: "users",
    row: "a person at a customer",
    key: "user_id",
    required: true,
    columns: [
      {name: "user_id", type: "id", required: true},
      {name: "account_id", type: "id", required: true, references: account},
      {name: "role", type: "role", required: false},
      {name: "email", type: "text", required: false, contact: true}
    ]
  },
  {
    name: "usage_events",
    row: "one action in the product",
    required: true,
    columns: [
      {name: "account_id", type: "id", required: true, references: account},
      {name: "user_id", type: "id", required: true},
      {name: "timestamp", type: "timestamp", required: true},
      {name: "event", type: "text", required: false},
      {name: "module", type: "text", required: false},
      {name: "feature", type: "text", required: false},
      {name: "session_id", type: "text", required: false},
      {name: "duration_s", type: "number", required: false, min: 0},
      {name: "page_views", type: "integer", required: false, min: 0}
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
