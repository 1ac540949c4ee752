// Finds each export in the data folder by its name (accounts.csv, usage_events.parquet, …)
// or by the file name the config gives it.
import {existsSync, readdirSync, statSync} from "node:fs";
import {basename, join, resolve} from "node:path";
import {EXPORTS, FILE_ENDINGS, type ExportName} from "../contract/exports.js";
import {PulseInputError} from "../errors.js";
import type {PulseConfig} from "../config/schema.js";
import {isClickHouseUrl} from "../warehouse/clickhouseSource.js";

export type ExportFormat = "csv" | "jsonl" | "parquet";

export interface FoundExport {
  name: ExportName;
  path: string;
  format: ExportFormat;
}

export function formatOf(path: string): ExportFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".tsv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json") || lower.endsWith(".jsonl.gz")) return "jsonl";
  if (lower.endsWith(".parquet")) return "parquet";
  throw new PulseInputError(path, `is not a format Pulse reads (use ${FILE_ENDINGS.join(", ")})`);
}

/** The exports present in `dir`; a missing required export is an error naming the files looked for. */
export function findExports(dir: string, config: PulseConfig): FoundExport[] {
  const folder = resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new PulseInputError(folder, "data folder does not exist");
  }
  const present = new Set(readdirSync(folder));
  const found: FoundExport[] = [];
  for (const spec of EXPORTS) {
    const configured = config.data.files[spec.name];
    // a ClickHouse table is no file: stageExports reads it through loaders/warehouse/ (warehouseSourceOf)
    if (configured && isClickHouseUrl(configured)) continue;
    if (configured) {
      const path = resolve(folder, configured);
      if (!existsSync(path)) throw new PulseInputError(path, `${spec.name} export not found (set in data.files.${spec.name})`);
      found.push({name: spec.name, path, format: formatOf(path)});
      continue;
    }
    const candidates = FILE_ENDINGS.map((ending) => `${spec.name}${ending}`).filter((file) => present.has(file));
    if (candidates.length > 1) {
      throw new PulseInputError(join(folder, candidates[0]), `${spec.name} is there more than once (${candidates.join(", ")}); keep one or name it in data.files.${spec.name}`);
    }
    if (candidates.length === 0) {
      if (spec.required) {
        throw new PulseInputError(
          join(folder, `${spec.name}.csv`),
          `${spec.name} export not found: looked for ${FILE_ENDINGS.map((e) => spec.name + e).join(", ")} in ${folder} (or set data.files.${spec.name})`
        );
      }
      continue;
    }
    const path = join(folder, candidates[0]);
    found.push({name: spec.name, path, format: formatOf(path)});
  }
  return found;
}

export function displayName(path: string): string {
  return basename(path);
}
