// Customer-success metrics over the staged tables, as of one date.
// Returns the tables to write: output name (accounts, kpis, …) → table in the build database.
import type {PulseConfig} from "../config/schema.js";
import type {PulseDb} from "../db.js";

export async function computeMetrics(_db: PulseDb, _config: PulseConfig, _asOf: string, _progress: (m: string) => void = () => {}): Promise<Record<string, string>> {
  return {};
}
