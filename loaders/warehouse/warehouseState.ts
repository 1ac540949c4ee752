// What a build's fingerprint takes from an export that lives in ClickHouse: the state of its table, so that new
// or changed events give fresh tables and an unchanged table reuses the last build (loaders/build.ts).
import type {PulseConfig} from "../config/schema.js";
import {EXPORT_NAMES} from "../contract/exports.js";
import {warehouseSourceOf} from "./stageFromWarehouse.js";

export async function warehouseState(config: PulseConfig): Promise<string> {
  const sources = EXPORT_NAMES.map((name) => warehouseSourceOf(config, name)).filter((s) => s !== null);
  if (sources.length === 0) return "";
  // until the table's state is read, a build from ClickHouse is never reused
  return `warehouse:${Date.now()}:${Math.random()}`;
}
