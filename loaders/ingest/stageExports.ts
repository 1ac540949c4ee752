// Staging: every export found, read, validated and typed, in dependency order
// (accounts first, so that other exports' account references can be checked against them).
import {EXPORTS, type ExportName} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {PulseDb, sqlIdent, sqlString} from "../db.js";
import {REJECTS_TABLE, validateExport, type ExportQuality} from "../validate/validateExport.js";
import {typedValue} from "../validate/checks.js";
import {checkFile} from "./checkFile.js";
import {findExports} from "./findExports.js";
import {readExport} from "./readExport.js";
import {stageAcceptedEvents} from "../rollups/acceptedEvents.js";
import {stageUsage} from "../rollups/stageUsage.js";

export interface QualityReport {
  data_dir: string;
  /** the date "in the future" was measured from */
  validated_on: string;
  exports: ExportQuality[];
  /** optional exports that were not there */
  absent: ExportName[];
  totals: {rows_read: number; rows_accepted: number; rows_rejected: number};
}

export function todayUtc(config: PulseConfig): string {
  return config.validation.today ?? new Date().toISOString().slice(0, 10);
}

export interface StageOptions {
  /** where the usage files' rollups are kept between builds (loaders/rollups/usageCache.ts); null (the default):
   *  nowhere, every file is rolled up and the rollups are tables of the database */
  rollupCache?: string | null;
  /** also stage the accepted usage events as the table usage_events (pulse data --events; one more read of them) */
  events?: boolean;
}

export async function stageExports(
  db: PulseDb,
  dataDir: string,
  config: PulseConfig,
  onProgress: (message: string) => void = () => {},
  options: StageOptions = {}
): Promise<QualityReport> {
  const found = findExports(dataDir, config);
  const today = todayUtc(config);
  await db.run(REJECTS_TABLE);
  const exports: ExportQuality[] = [];
  const staged: ExportName[] = [];
  for (const spec of EXPORTS) {
    const file = found.find((f) => f.name === spec.name);
    if (!file) {
      await createEmpty(db, spec.name, config);
      continue;
    }
    onProgress(`reading ${spec.name}`);
    let quality: ExportQuality;
    if (spec.name === "usage_events") {
      // the events are read once, into their rollups (the metrics never read an event)
      quality = await stageUsage(db, file, {config, today, cacheDir: options.rollupCache ?? null, progress: onProgress});
      if (options.events) await stageAcceptedEvents(db, file, config, today);
    } else {
      await checkFile(file);
      const raw = await readExport(db, file, config);
      quality = await validateExport(db, raw, config, {today, staged: [...staged]});
      await db.run(`DROP VIEW IF EXISTS checked_${spec.name}; DROP TABLE IF EXISTS typed_${spec.name}; DROP VIEW IF EXISTS ${raw.view}`);
    }
    staged.push(spec.name);
    onProgress(`${spec.name}: ${quality.rows_read} read, ${quality.rows_accepted} accepted, ${quality.rows_rejected} rejected`);
    exports.push(quality);
  }
  await recordStagedExports(db, exports);
  const sum = (key: "rows_read" | "rows_accepted" | "rows_rejected") => exports.reduce((n, e) => n + e[key], 0);
  return {
    data_dir: dataDir,
    validated_on: today,
    exports,
    absent: EXPORTS.filter((s) => !found.some((f) => f.name === s.name)).map((s) => s.name),
    totals: {rows_read: sum("rows_read"), rows_accepted: sum("rows_accepted"), rows_rejected: sum("rows_rejected")}
  };
}

/**
 * staged_exports: one row per export of the contract, whether its file was there and which of its columns it had.
 * The metrics read it to tell "not measured" (no users export, no user ids, no support tickets) from zero.
 */
async function recordStagedExports(db: PulseDb, exports: ExportQuality[]) {
  const rows = EXPORTS.map((spec) => {
    const quality = exports.find((e) => e.export === spec.name);
    const columns = quality ? Object.keys(quality.mapped_columns) : [];
    return `(${sqlString(spec.name)}, ${quality ? "true" : "false"}, [${columns.map(sqlString).join(", ")}]::VARCHAR[])`;
  });
  await db.run(`CREATE OR REPLACE TABLE staged_exports AS SELECT * FROM (VALUES ${rows.join(", ")}) AS t(export, present, columns)`);
}

/** An absent optional export becomes an empty table of the right shape, so every query still runs. */
async function createEmpty(db: PulseDb, name: ExportName, config: PulseConfig) {
  const spec = EXPORTS.find((s) => s.name === name)!;
  const columns = spec.columns
    .filter((c) => config.privacy.includeContactFields || !c.contact)
    .map((c) => `${typedValue(spec, c, config).replaceAll(`"${c.name}"`, "NULL::VARCHAR")} AS ${sqlIdent(c.name)}`);
  await db.run(`CREATE OR REPLACE TABLE ${name} AS SELECT ${columns.join(", ")} WHERE false`);
}
