// Once per run of the clickhouse project: a real 2-shard ClickHouse cluster on loopback (cluster.ts), a small
// generated sample (60 accounts, its usage events as CSV, with the sample's deliberately bad rows), and the
// sample's events loaded into the cluster twice, from the very file the file-path build reads:
//   pulse.sample_text  every column String, as the CSV has it (what a table of raw text looks like)
//   pulse.sample_typed DateTime, Float64, Int64 and Nullable columns (what a product-analytics table looks like)
// each a Distributed table over a MergeTree table on both shards. The tests build from the file and from these
// tables and compare. Stopped (and its folders removed) at the end.
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {TestProject} from "vitest/node";
import {generateSample} from "../../loaders/sample/generateSample.js";
import {fileStream, startCluster} from "./cluster.js";

declare module "vitest" {
  export interface ProvidedContext {
    clickhouseHttpPorts: number[];
    clickhousePassword: string;
    /** a folder holding the sample exports, usage_events.csv among them */
    sampleDir: string;
  }
}

export const SAMPLE_TEXT_COLUMNS = `account_id String, user_id String, timestamp String, event String, module String, feature String, session_id String, duration_s String, page_views String`;

export const SAMPLE_TYPED_COLUMNS = `account_id String, user_id Nullable(String), timestamp Nullable(DateTime), event String, module Nullable(String),
  feature Nullable(String), session_id Nullable(String), duration_s Nullable(Float64), page_views Nullable(Int64)`;

export default async function setup(project: TestProject) {
  const work = mkdtempSync(join(tmpdir(), "pulse-clickhouse-test-"));
  const sampleDir = join(work, "sample");
  await generateSample({outDir: sampleDir, accounts: 60, eventsFormat: "csv"});
  const cluster = await startCluster();
  try {
    await cluster.createShardedTable("pulse", "sample_text", SAMPLE_TEXT_COLUMNS);
    await cluster.insert("pulse.sample_text", "CSVWithNames", fileStream(join(sampleDir, "usage_events.csv")));
    await cluster.createShardedTable("pulse", "sample_typed", SAMPLE_TYPED_COLUMNS);
    await cluster.sql(
      `INSERT INTO pulse.sample_typed SELECT account_id, nullIf(user_id, ''), toDateTimeOrNull(nullIf(timestamp, '')), event, nullIf(module, ''),
         nullIf(feature, ''), nullIf(session_id, ''), toFloat64OrNull(nullIf(duration_s, '')), toInt64OrNull(nullIf(page_views, ''))
       FROM pulse.sample_text`,
      {settings: {insert_distributed_sync: 1}}
    );
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  project.provide("clickhouseHttpPorts", cluster.httpPorts);
  project.provide("clickhousePassword", cluster.password);
  project.provide("sampleDir", sampleDir);
  return async () => {
    await cluster.stop();
    rmSync(work, {recursive: true, force: true});
  };
}
