// Incremental builds from ClickHouse: the days before the last complete day are kept in the cache and not asked
// for again unless their rows changed; what comes out equals a build from an empty cache, whatever changed.
import {rmSync} from "node:fs";
import {join} from "node:path";
import {beforeAll, describe, expect, inject, test} from "vitest";
import {clusterAdmin} from "./cluster.js";
import {build, compareTables, qualityOf, scratchDir} from "./compareBuilds.js";
import {SAMPLE_TYPED_COLUMNS} from "./globalSetup.js";

const ports = inject("clickhouseHttpPorts");
const sampleDir = inject("sampleDir");
process.env.PULSE_CLICKHOUSE_PASSWORD = inject("clickhousePassword");
const admin = clusterAdmin(ports);
const url = `clickhouse://pulse@127.0.0.1:${ports[0]}/pulse.incremental`;
const caches = scratchDir("pulse-ch-incremental-");
const cacheOf = (name: string) => join(caches, name);

/** A build with its warehouse cache in a folder of its own; its table set removed after, so a later build computes. */
async function warehouseBuild(today: string, cache: string) {
  const saved = process.env.PULSE_CACHE;
  process.env.PULSE_CACHE = cache;
  const lines: string[] = [];
  try {
    return {built: await build({dataDir: sampleDir, config: {data: {files: {usage_events: url}}, validation: {today}}, progress: (m) => lines.push(m)}), lines};
  } finally {
    process.env.PULSE_CACHE = saved;
  }
}

/** The same table state built from an empty cache must give the same tables. */
async function expectSameAsCold(today: string, incremental: Awaited<ReturnType<typeof warehouseBuild>>) {
  const cold = await warehouseBuild(today, cacheOf(`cold-${Date.now()}`));
  expect(cold.lines.some((l) => /unchanged days from the cache/.test(l))).toBe(false);
  const {differences} = await compareTables(incremental.built.dir, cold.built.dir);
  expect(differences).toEqual([]);
  expect(qualityOf(incremental.built.dir).exports).toEqual(qualityOf(cold.built.dir).exports);
  rmSync(cold.built.dir, {recursive: true, force: true});
}

const asked = (lines: string[]) => lines.find((l) => /unchanged days from the cache/.test(l));

describe("a daily schedule against ClickHouse", () => {
  const cache = cacheOf("schedule");
  beforeAll(async () => {
    await admin.createShardedTable("pulse", "incremental", SAMPLE_TYPED_COLUMNS);
    await admin.sql(`INSERT INTO pulse.incremental SELECT * FROM pulse.sample_typed`, {settings: {insert_distributed_sync: 1}});
  });

  test("the first build asks for every day and keeps those before the last complete day", async () => {
    const first = await warehouseBuild("2026-11-16", cache);
    expect(asked(first.lines)).toBeUndefined();
    rmSync(first.built.dir, {recursive: true, force: true});
  });

  test("a new day: only it and the days from the last complete one are asked for; the tables equal a cold build's", async () => {
    // the last day's events again, a day later
    await admin.sql(`INSERT INTO pulse.incremental SELECT account_id, user_id, timestamp + 86400, event, module, feature, concat(session_id, '-next'), duration_s, page_views
      FROM pulse.sample_typed WHERE toDate(timestamp) = '2026-11-15'`, {settings: {insert_distributed_sync: 1}});
    const next = await warehouseBuild("2026-11-17", cache);
    // the sample's usage runs from 2025-05-16 to 2026-11-15 (549 days), plus 3 days in 2099 (its rows in the
    // future) and 5 rows without a timestamp. The first build (today 11-16, last complete day 11-15) kept the 548
    // days before 11-15; this one (today 11-17) reuses them and asks for 11-15, 11-16, the 3 days in 2099 and the
    // rows without a timestamp: 6
    expect(asked(next.lines)).toMatch(/^usage_events: 548 unchanged days from the cache, 6 asked of ClickHouse$/);
    await expectSameAsCold("2026-11-17", next);
    rmSync(next.built.dir, {recursive: true, force: true});
  });

  test("a changed old day is asked for again", async () => {
    // one more event on 2026-03-10 (an old day), and one removed from 2026-03-11
    await admin.sql(`INSERT INTO pulse.incremental SELECT account_id, user_id, timestamp + 1, event, module, feature, session_id, duration_s, page_views
      FROM pulse.sample_typed WHERE toDate(timestamp) = '2026-03-10' ORDER BY timestamp, account_id, session_id LIMIT 1`, {settings: {insert_distributed_sync: 1}});
    // (ifNull: a mutation keeps the rows for which NOT(condition) is 1, and in 18.16 any function of a NULL is NULL —
    // NULL AND 0 too — so a condition on the timestamp alone would delete the sample's 5 rows without a timestamp)
    await admin.onEveryServer(
      `ALTER TABLE pulse.incremental_local DELETE WHERE ifNull(toDate(timestamp) = '2026-03-11', 0) AND event = 'page_view' AND module = 'alerts'`
    );
    // the mutation runs in the background: wait until every shard says it is done
    for (let server = 0; server < ports.length; server++) {
      while ((await admin.sql(`SELECT count() FROM system.mutations WHERE database = 'pulse' AND table = 'incremental_local' AND NOT is_done`, {server})).trim() !== "0") {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const next = await warehouseBuild("2026-11-17", cache);
    // kept by the last build: the 549 days before 11-16; changed: 03-10 and 03-11, asked again with 11-16, the 3
    // days in 2099 and the rows without a timestamp: 7
    expect(asked(next.lines)).toMatch(/^usage_events: 547 unchanged days from the cache, 7 asked of ClickHouse$/);
    await expectSameAsCold("2026-11-17", next);
  });
});
