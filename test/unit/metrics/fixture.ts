// Small hand-made fixtures for the metric tests: exports written as CSV to a temporary folder, staged by the
// real ingestion (stageExports), then computeMetrics as of a given date. Each test writes the rows it needs and
// the arithmetic of its expected values next to them.
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {vi} from "vitest";
import type {PulseConfigInput} from "../../../loaders/config/schema.js";
import {validateConfig} from "../../../loaders/config/validateConfig.js";
import {PulseDb, type Row} from "../../../loaders/db.js";
import {stageExports} from "../../../loaders/ingest/stageExports.js";
import {computeMetrics} from "../../../loaders/metrics/computeMetrics.js";

// Each fixture is a real DuckDB build (about half a second, more on a busy machine): allow for it.
vi.setConfig({testTimeout: 60_000, hookTimeout: 60_000});

type Value = string | number | boolean | null | undefined;
export type Rows = Record<string, Value>[];

export interface Exports {
  accounts: Rows;
  contracts?: Rows;
  users?: Rows;
  usage_events?: Rows;
  leads?: Rows;
  churn_events?: Rows;
  support_tickets?: Rows;
}

const COLUMNS: Record<keyof Exports, string[]> = {
  accounts: ["account_id", "name", "industry", "region", "csm_owner", "created_at", "seats"],
  contracts: ["contract_id", "account_id", "start_date", "end_date", "arr", "plan", "status", "signed_at", "renewal_of", "cac"],
  users: ["user_id", "account_id", "role"],
  usage_events: ["account_id", "user_id", "timestamp", "event", "module", "feature", "session_id", "duration_s", "page_views"],
  leads: ["lead_id", "account_id", "visited_at", "registered_at", "trial_at", "opportunity_at", "signed_at"],
  churn_events: ["account_id", "churned_at", "reason", "feedback"],
  support_tickets: ["ticket_id", "account_id", "opened_at", "closed_at", "priority", "satisfaction", "escalated"]
};

/** Columns written only when a row of the fixture has them (the shapes of billing exports). */
const WHEN_GIVEN: Partial<Record<keyof Exports, string[]>> = {
  contracts: ["billing_period"],
  usage_events: ["contract_id", "count"]
};

/** Exports written only when the fixture has rows for them (an absent export is not the same as an empty one). */
const OPTIONAL: (keyof Exports)[] = ["leads", "churn_events", "support_tickets"];

function csvCell(value: Value): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes the exports as CSV files into a new temporary folder; `omit` drops columns (e.g. renewal_of), `absent`
 * leaves exports out altogether (e.g. no users export).
 */
export function writeExports(exports: Exports, omit: Partial<Record<keyof Exports, string[]>> = {}, absent: (keyof Exports)[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), "pulse-metrics-"));
  for (const name of Object.keys(COLUMNS) as (keyof Exports)[]) {
    const rows = exports[name];
    if ((OPTIONAL.includes(name) && rows === undefined) || absent.includes(name)) continue;
    const given = (WHEN_GIVEN[name] ?? []).filter((c) => (rows ?? []).some((row) => row[c] !== undefined));
    const columns = [...COLUMNS[name], ...given].filter((c) => !(omit[name] ?? []).includes(c));
    const lines = [columns.join(","), ...(rows ?? []).map((row) => columns.map((c) => csvCell(row[c])).join(","))];
    writeFileSync(join(dir, `${name}.csv`), lines.join("\n") + "\n");
  }
  return dir;
}

export interface Built {
  db: PulseDb;
  asOf: string;
  tables: Record<string, string>;
  rows<T = Row>(sql: string): Promise<T[]>;
  /** the accounts output row of one account */
  account(id: string): Promise<Row>;
  /** the kpis row of one period end (default: the as-of period) */
  kpis(periodEnd?: string): Promise<Row>;
  close(): void;
}

/** Stages the exports and computes the metrics as of `asOf`. Validation's "today" is fixed far enough ahead. */
export async function buildMetrics(
  exports: Exports,
  options: {asOf: string; config?: PulseConfigInput; omit?: Partial<Record<keyof Exports, string[]>>; absent?: (keyof Exports)[]}
): Promise<Built> {
  const dir = writeExports(exports, options.omit, options.absent);
  const config = validateConfig({...options.config, validation: {today: "2027-12-31", ...options.config?.validation}});
  const db = await PulseDb.open({threads: 1});
  try {
    await stageExports(db, dir, config);
    const tables = await computeMetrics(db, config, options.asOf);
    return {
      db,
      asOf: options.asOf,
      tables,
      rows: (sql) => db.rows(sql),
      async account(id) {
        const [row] = await db.rows(`SELECT * FROM ${tables.accounts} WHERE account_id = '${id}'`);
        if (!row) throw new Error(`no accounts row for ${id}`);
        return row;
      },
      async kpis(periodEnd = options.asOf) {
        const [row] = await db.rows(`SELECT * FROM ${tables.kpis} WHERE period_end = DATE '${periodEnd}'`);
        if (!row) throw new Error(`no kpis row for ${periodEnd}`);
        return row;
      },
      close: () => db.close()
    };
  } catch (error) {
    db.close();
    throw error;
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

/** A date `days` after `date` (negative: before), as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * `count` visits (each one event with its own session id) by `user` on `day`, at 10:00, 10:01, …
 * Each event lasts `seconds` (default 60) and uses `module` / `feature` (default m1 / f1).
 */
export function visits(
  account: string,
  user: string,
  day: string,
  count: number,
  options: {seconds?: number; module?: string; feature?: string; event?: string; pageViews?: number; tag?: string} = {}
): Rows {
  return Array.from({length: count}, (_, i) => ({
    account_id: account,
    user_id: user,
    timestamp: `${day}T10:${String(i).padStart(2, "0")}:00Z`,
    event: options.event ?? "page_view",
    module: options.module ?? "m1",
    feature: options.feature ?? "f1",
    session_id: `${account}-${user}-${day}-${options.tag ?? ""}${i}`,
    duration_s: options.seconds ?? 60,
    page_views: options.pageViews ?? 1
  }));
}

/** One account row with a name and the given columns. */
export function account(id: string, extra: Record<string, Value> = {}): Record<string, Value> {
  return {account_id: id, name: `Account ${id}`, ...extra};
}

/** One contract row. */
export function contract(
  id: string,
  accountId: string,
  start: string,
  end: string,
  arr: number,
  extra: Record<string, Value> = {}
): Record<string, Value> {
  return {contract_id: id, account_id: accountId, start_date: start, end_date: end, arr, ...extra};
}
