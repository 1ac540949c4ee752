// The sample's shapes: the same generated customers, written as a set of exports. `standard` writes
// the data contract's own names and columns; `billing` writes what a billing system, a
// product-analytics tool and a help desk give, with a pulse.config.ts that maps them
// (billingConfig.ts). Each shape adds its own steps (sql/<shape>/) after the shared ones (sql/).
// docs/sample-data.md describes both.

import {BILLING_CONFIG_FILE, BILLING_FILES, billingConfigText} from "./billingConfig.js";

export type SampleShape = "standard" | "billing";
export const SAMPLE_SHAPES: SampleShape[] = ["standard", "billing"];

export type EventsFormat = "parquet" | "csv" | "csv.gz";
export const EVENTS_FORMATS: EventsFormat[] = ["parquet", "csv", "csv.gz"];

export interface GenerationStep {
  /** path under ./sql */
  file: string;
  stage: string;
}

/** one export file: the table it is written from and its order (a total order, for byte-identical files) */
export interface ExportFile {
  /** the data-contract export the file stands for (the summary's key) */
  exportName: string;
  /** the table of the shape's exports step */
  table: string;
  fileName: string;
  columns: string;
  orderBy: string;
}

export interface ShapeSpec {
  /** steps after the shared ones, in order */
  steps: GenerationStep[];
  /** run last, when bad rows are on */
  badRowsStep: GenerationStep;
  /**
   * In the order they are written and then moved into the folder. The accounts file comes last: a
   * folder with it holds a complete sample (loaders/build.ts relies on that for accounts.csv).
   */
  exportFiles(eventsFormat: EventsFormat): ExportFile[];
  /** a configuration file written beside the exports, after them */
  configFile?: {fileName: string; text: () => string};
  /** files only the other shape writes: a folder holding one is refused, the two would mix */
  otherShapeFiles: string[];
}

const STANDARD_FILES = ["accounts.csv", "contracts.csv", "users.jsonl", "leads.csv", ...EVENTS_FORMATS.map((f) => `usage_events.${f}`)];
const BILLING_ONLY_FILES = [BILLING_FILES.accounts, BILLING_FILES.contracts, BILLING_FILES.usage_events];

export const SHAPES: Record<SampleShape, ShapeSpec> = {
  standard: {
    steps: [{file: "standard/11_exports.sql", stage: "export tables"}],
    badRowsStep: {file: "standard/12_bad_rows.sql", stage: "bad rows"},
    exportFiles: (eventsFormat) => [
      {
        exportName: "usage_events",
        table: "usage_events",
        fileName: `usage_events.${eventsFormat}`,
        columns: `account_id, user_id, "timestamp", event, module, feature, session_id, duration_s, page_views`,
        orderBy: `"timestamp" NULLS LAST, session_no, seq`
      },
      {exportName: "users", table: "users", fileName: "users.jsonl", columns: "*", orderBy: "ALL"},
      {exportName: "contracts", table: "contracts", fileName: "contracts.csv", columns: "*", orderBy: "ALL"},
      {exportName: "leads", table: "leads", fileName: "leads.csv", columns: "*", orderBy: "ALL"},
      {exportName: "churn_events", table: "churn_events", fileName: "churn_events.csv", columns: "*", orderBy: "ALL"},
      {exportName: "support_tickets", table: "support_tickets", fileName: "support_tickets.csv", columns: "*", orderBy: "ALL"},
      {exportName: "accounts", table: "accounts", fileName: "accounts.csv", columns: "*", orderBy: "ALL"}
    ],
    otherShapeFiles: BILLING_ONLY_FILES
  },
  billing: {
    steps: [
      {file: "billing/11_subscriptions.sql", stage: "subscriptions"},
      {file: "billing/12_exports.sql", stage: "export tables (daily feature usage)"}
    ],
    badRowsStep: {file: "billing/13_bad_rows.sql", stage: "bad rows"},
    exportFiles: () => [
      {
        exportName: "usage_events",
        table: "feature_usage",
        fileName: BILLING_FILES.usage_events,
        columns: "*",
        orderBy: `"Date", "Subscription ID", "Module", "Feature" NULLS FIRST, "Event", "Event Count", "Time Spent (s)"`
      },
      {exportName: "contracts", table: "subscriptions", fileName: BILLING_FILES.contracts, columns: "*", orderBy: `"Start Date", "Subscription ID"`},
      {
        exportName: "churn_events",
        table: "churn_events",
        fileName: BILLING_FILES.churn_events,
        columns: "*",
        orderBy: `"Churned At", "Customer ID", "Reason", "Feedback" NULLS FIRST`
      },
      {exportName: "support_tickets", table: "support_tickets", fileName: BILLING_FILES.support_tickets, columns: "*", orderBy: `"Created At", "Ticket ID"`},
      {exportName: "accounts", table: "customers", fileName: BILLING_FILES.accounts, columns: "*", orderBy: `"Created", "Customer ID"`}
    ],
    configFile: {fileName: BILLING_CONFIG_FILE, text: billingConfigText},
    otherShapeFiles: STANDARD_FILES
  }
};
