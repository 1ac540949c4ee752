// Appends one benchmark result, with date and machine, to bench/results.jsonl
// (bench/RESULTS.md is the human summary of these lines).
import {appendFileSync} from "node:fs";

export function recordResult(result: Record<string, unknown>): void {
  const line = {date: new Date().toISOString().slice(0, 10), node: process.version, ...result};
  appendFileSync(new URL("./results.jsonl", import.meta.url), JSON.stringify(line) + "\n");
}
