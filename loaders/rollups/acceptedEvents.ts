// The accepted usage events themselves, typed, as the table usage_events: only for `pulse data --events` (and tests),
// since no metric reads an event (they read the rollups). One more read of every file of the export, in its order.
import {exportSpec} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlIdent} from "../db.js";
import {fileLabel, type FoundExport} from "../ingest/findExports.js";
import {readExport} from "../ingest/readExport.js";
import {rawColumns, typedColumns} from "../validate/checks.js";
import {usageChecks} from "./rollUpFiles.js";

export async function stageAcceptedEvents(db: PulseDb, found: FoundExport, config: PulseConfig, today: string): Promise<void> {
  const spec = exportSpec("usage_events");
  const helpers = new Set(rawColumns(spec));
  const columns = typedColumns(spec, config)
    .map((projection) => /AS ("(?:[^"]|"")+")$/.exec(projection)![1])
    .filter((name) => !helpers.has(name));
  await db.run(`DROP TABLE IF EXISTS usage_events`);
  for (const file of found.files) {
    const raw = await readExport(db, found, config, {file, label: fileLabel(found, file), view: "raw_usage_file"});
    const checks = usageChecks(Object.keys(raw.mapped), {config, today});
    const accepted = checks.length ? `WHERE NOT (${checks.map((c) => `(${c.fails})`).join(" OR ")})` : "";
    // a row keyed by its contract gets the contract's account, as in the rollups
    const account = raw.mapped.contract_id
      ? `COALESCE(t.account_id, (SELECT c.account_id FROM contracts c WHERE c.contract_id = t.contract_id)) AS account_id`
      : "t.account_id";
    const select = `SELECT ${columns.map((c) => (c === '"account_id"' ? account : `t.${c}`)).join(", ")}
      FROM (SELECT ${typedColumns(spec, config).join(", ")} FROM ${sqlIdent(raw.view)}) t ${accepted}`;
    const exists = await db.value<number>(`SELECT count(*) FROM information_schema.tables WHERE table_name = 'usage_events'`);
    await db.run(exists ? `INSERT INTO usage_events ${select}` : `CREATE TABLE usage_events AS ${select}`);
  }
}
