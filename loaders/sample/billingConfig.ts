// The pulse.config.ts written beside the billing shape's exports (pulse sample --shape billing): it
// names each export's file and maps its columns onto the data contract, so that
// `pulse build --config <folder>/pulse.config.ts` reads the folder as it is. A plain object (no
// import), because the file lives outside the project. docs/sample-data.md#the-billing-shape.

/** the first line of the file; a pulse.config.ts without it is not ours, and is never overwritten */
export const BILLING_CONFIG_MARKER = "// Written by `pulse sample --shape billing` (docs/sample-data.md); it is rewritten with the sample.";
export const BILLING_CONFIG_FILE = "pulse.config.ts";

/** export name → file name in the folder */
export const BILLING_FILES = {
  accounts: "customers.csv",
  contracts: "subscriptions.csv",
  usage_events: "feature_usage.csv.gz",
  churn_events: "churn_events.csv",
  support_tickets: "support_tickets.csv"
} as const;

export type BillingExport = keyof typeof BILLING_FILES;

/** export name → canonical column ← the export's column (the headers of sql/billing/12_exports.sql) */
export const BILLING_COLUMNS: Record<BillingExport, Record<string, string>> = {
  accounts: {
    account_id: "Customer ID",
    name: "Company Name",
    industry: "Industry",
    region: "Region",
    csm_owner: "Account Owner",
    created_at: "Created"
  },
  contracts: {
    contract_id: "Subscription ID",
    account_id: "Customer ID",
    plan: "Plan",
    status: "Status",
    billing_period: "Billing Interval",
    start_date: "Start Date",
    end_date: "Ended At",
    arr: "ARR"
  },
  usage_events: {
    contract_id: "Subscription ID",
    timestamp: "Date",
    module: "Module",
    feature: "Feature",
    event: "Event",
    count: "Event Count",
    duration_s: "Time Spent (s)"
  },
  churn_events: {
    account_id: "Customer ID",
    churned_at: "Churned At",
    reason: "Reason",
    feedback: "Feedback"
  },
  support_tickets: {
    ticket_id: "Ticket ID",
    account_id: "Customer ID",
    opened_at: "Created At",
    closed_at: "Solved At",
    priority: "Priority",
    satisfaction: "CSAT",
    escalated: "Escalated"
  }
};

/** the product-analytics tool's names of the key actions (tracked_event_name in sql/billing/12_exports.sql) */
export const BILLING_KEY_ACTIONS = [
  "Dashboard Created",
  "Dashboard Shared",
  "Report Published",
  "Funnel Saved",
  "Alert Created",
  "Integration Connected",
  "Data Exported"
];

/** the text of the config file: the same every time (it is part of the sample's bytes) */
export function billingConfigText(): string {
  const config = {
    data: {dir: ".", files: BILLING_FILES, columns: BILLING_COLUMNS},
    activity: {keyActions: BILLING_KEY_ACTIONS}
  };
  // JSON with bare keys where a key is an identifier: a TypeScript object literal
  const body = JSON.stringify(config, null, 2).replace(/^(\s*)"([A-Za-z_][A-Za-z0-9_]*)":/gm, "$1$2:");
  return [
    BILLING_CONFIG_MARKER,
    "// The exports of a billing system (customers, subscriptions), a product-analytics tool's daily feature",
    "// usage and a help desk, mapped onto Pulse's data contract. data.dir \".\" is this file's folder:",
    "//   pulse build --config <this folder>/pulse.config.ts",
    `export default ${body};`,
    ""
  ].join("\n");
}
