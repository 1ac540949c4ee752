// Finds each export in the data folder by its name (accounts.csv, usage_events.parquet, …)
// or by the file name the config gives it. The usage export may also be a folder of files of one
// format (usage_events/2026-11-01.csv, usage_events/2026-11-02.csv, …), read as one export.
import {existsSync, readdirSync, statSync} from "node:fs";
import {basename, join, relative, resolve} from "node:path";
import {EXPORTS, FILE_ENDINGS, type ExportName} from "../contract/exports.js";
import {PulseInputError} from "../errors.js";
import type {PulseConfig} from "../config/schema.js";

export type ExportFormat = "csv" | "jsonl" | "parquet";

export interface FoundExport {
  name: ExportName;
  /** the file, or for an export given as a folder, the folder */
  path: string;
  format: ExportFormat;
  /** the files to read, in order: [path] for a file; for a folder, its files (sorted by their path in it) */
  files: string[];
  /** true when the export is a folder of files */
  folder: boolean;
}

/** Exports that may be a folder of files rather than one file. */
export const FOLDER_EXPORTS: readonly ExportName[] = ["usage_events"];

export function formatOf(path: string): ExportFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".tsv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json") || lower.endsWith(".jsonl.gz")) return "jsonl";
  if (lower.endsWith(".parquet")) return "parquet";
  throw new PulseInputError(path, `is not a format Pulse reads (use ${FILE_ENDINGS.join(", ")})`);
}

/**
 * The files of an export given as a folder: every file in it and its subfolders (a partitioned export such as
 * day=2026-11-01/part-0.parquet is fine), sorted by path. Names starting with '.' or '_' are skipped: hidden files
 * and the markers data tools leave beside their output (_SUCCESS, _committed_…, .part-0.crc). Every other file must
 * be of a format Pulse reads, all of the same format.
 */
export function folderFiles(name: ExportName, folder: string): {files: string[]; format: ExportFormat} {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      if (entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(folder);
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (files.length === 0) throw new PulseInputError(folder, `${name} is a folder with no files in it; put the export's files there`);
  const formats = new Map<ExportFormat, string>();
  for (const file of files) {
    const format = formatOf(file);
    if (!formats.has(format)) formats.set(format, file);
  }
  if (formats.size > 1) {
    const examples = [...formats.values()].map((f) => relative(folder, f)).join(", ");
    throw new PulseInputError(folder, `${name} holds files of more than one format (${examples}); keep one format in the folder`);
  }
  return {files, format: [...formats.keys()][0]};
}

function foundAt(name: ExportName, path: string): FoundExport {
  if (statSync(path).isDirectory()) {
    if (!FOLDER_EXPORTS.includes(name)) throw new PulseInputError(path, `is a folder; ${name} must be one file`);
    return {name, path, folder: true, ...folderFiles(name, path)};
  }
  return {name, path, format: formatOf(path), files: [path], folder: false};
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
    if (configured) {
      const path = resolve(folder, configured);
      if (!existsSync(path)) throw new PulseInputError(path, `${spec.name} export not found (set in data.files.${spec.name})`);
      found.push(foundAt(spec.name, path));
      continue;
    }
    const candidates = FILE_ENDINGS.map((ending) => `${spec.name}${ending}`).filter((file) => present.has(file));
    // an export that may be a folder: a folder of its name (usage_events/) counts as one more candidate
    if (FOLDER_EXPORTS.includes(spec.name) && present.has(spec.name) && statSync(join(folder, spec.name)).isDirectory()) candidates.push(`${spec.name}/`);
    if (candidates.length > 1) {
      throw new PulseInputError(join(folder, candidates[0]), `${spec.name} is there more than once (${candidates.join(", ")}); keep one or name it in data.files.${spec.name}`);
    }
    if (candidates.length === 0) {
      if (spec.required) {
        const endings = FILE_ENDINGS.map((e) => spec.name + e).join(", ");
        const orFolder = FOLDER_EXPORTS.includes(spec.name) ? ` or a folder ${spec.name}/ of such files` : "";
        throw new PulseInputError(join(folder, `${spec.name}.csv`), `${spec.name} export not found: looked for ${endings}${orFolder} in ${folder} (or set data.files.${spec.name})`);
      }
      continue;
    }
    found.push(foundAt(spec.name, join(folder, candidates[0].replace(/\/$/, ""))));
  }
  return found;
}

/** How a file of an export is named in the rejects and the quality report: its name, or for a file of an export
 * given as a folder, the folder's name and the file's path in it (usage_events/2026-11-01.csv). */
export function fileLabel(found: Pick<FoundExport, "path" | "folder">, file: string): string {
  return found.folder ? `${basename(found.path)}/${relative(found.path, file).split("\\").join("/")}` : basename(file);
}
