// A product-analytics table mapped through a view (docs/warehouse.md#mapping-a-table-through-a-view): events shaped
// like PostHog's (distinct_id, $group_0 for the organisation, a JSON properties string holding $session_id, module,
// feature and duration), sharded by user — so an account's rows are on both shards — with a view over the local
// table on each shard and a Distributed table over the views: every shard aggregates its own part. The tables
// built from it equal the ones built from a CSV of what the view shows.
import {createWriteStream, cpSync} from "node:fs";
import {join} from "node:path";
import {pipeline} from "node:stream/promises";
import {beforeAll, expect, inject, test} from "vitest";
import {CLUSTER_NAME, clusterAdmin} from "./cluster.js";
import {compareTables, lazyBuild, qualityOf, scratchDir} from "./compareBuilds.js";

const ports = inject("clickhouseHttpPorts");
const sampleDir = inject("sampleDir");
process.env.PULSE_CLICKHOUSE_PASSWORD = inject("clickhousePassword");
const admin = clusterAdmin(ports);
const dir = scratchDir("pulse-ch-posthog-");

/** The view, as docs/warehouse.md gives it (visitParamExtract*: ClickHouse 18.16 has no JSONExtract*). */
const VIEW = `CREATE VIEW pulse.pulse_usage_local AS
  SELECT
    \`$group_0\` AS account_id,
    distinct_id AS user_id,
    timestamp,
    event,
    visitParamExtractString(properties, 'module') AS module,
    visitParamExtractString(properties, 'feature') AS feature,
    visitParamExtractString(properties, '$session_id') AS session_id,
    visitParamExtractFloat(properties, 'duration_s') AS duration_s
  FROM pulse.posthog_events_local
  WHERE team_id = 1`;

beforeAll(async () => {
  await admin.createShardedTable(
    "pulse",
    "posthog_events",
    "uuid String, event String, properties String, timestamp DateTime, team_id Int64, distinct_id String, `$group_0` String",
    {shardingKey: "distinct_id", orderBy: "(team_id, timestamp)"}
  );
  // the sample's usage (its rows with a timestamp), as PostHog records it; and another team's rows, which the view leaves out
  await admin.sql(
    `INSERT INTO pulse.posthog_events
     SELECT toString(cityHash64(account_id, user_id, timestamp, event, session_id)), event,
       concat('{"$session_id":"', ifNull(session_id, ''), '","module":"', ifNull(module, ''), '","feature":"', ifNull(feature, ''),
              '","duration_s":', toString(ifNull(duration_s, 0)), ',"$browser":"Firefox"}'),
       timestamp, if(cityHash64(session_id) % 50 = 0, 2, 1), ifNull(user_id, ''), account_id
     FROM pulse.sample_typed WHERE timestamp IS NOT NULL`,
    {settings: {insert_distributed_sync: 1}}
  );
  await admin.onEveryServer("DROP TABLE IF EXISTS pulse.pulse_usage");
  await admin.onEveryServer("DROP TABLE IF EXISTS pulse.pulse_usage_local");
  await admin.onEveryServer(VIEW);
  await admin.onEveryServer(`CREATE TABLE pulse.pulse_usage AS pulse.pulse_usage_local ENGINE = Distributed(${CLUSTER_NAME}, pulse, pulse_usage_local, rand())`);

  // the same rows in a file: what the view shows, as a CSV (an empty string is an empty field)
  for (const file of ["accounts.csv", "contracts.csv", "users.jsonl"]) cpSync(join(sampleDir, file), join(dir, file));
  const response = await fetch(`http://127.0.0.1:${ports[0]}/?user=default`, {
    method: "POST",
    body: `SELECT account_id, user_id, toString(timestamp) AS timestamp, event, module, feature, session_id, toString(duration_s) AS duration_s
           FROM pulse.pulse_usage FORMAT CSVWithNames`
  });
  await pipeline(response.body as unknown as NodeJS.ReadableStream, createWriteStream(join(dir, "usage_events.csv")));
});

const fromFile = lazyBuild({dataDir: dir});
const fromView = lazyBuild({dataDir: dir, config: {data: {files: {usage_events: `clickhouse://pulse@127.0.0.1:${ports[1]}/pulse.pulse_usage`}}}});

test("a Distributed table over a view on each shard gives the same tables as the view's rows in a CSV", async () => {
  const [file, view] = [await fromFile(), await fromView()];
  expect(view.asOf).toBe(file.asOf);
  const {differences} = await compareTables(file.dir, view.dir, ["rejects"]);
  expect(differences).toEqual([]);
  const usage = (d: string) => qualityOf(d).exports.find((e: {export: string}) => e.export === "usage_events");
  const {rows_read, rows_accepted, rows_rejected, reasons} = usage(file.dir);
  expect(usage(view.dir)).toMatchObject({rows_read, rows_accepted, rows_rejected, reasons});
  // the sample's rows with a timestamp, less the other team's: every one of them read
  const expected = Number((await admin.sql(`SELECT count() FROM pulse.posthog_events WHERE team_id = 1`)).trim());
  expect(usage(view.dir).rows_read).toBe(expected);
  expect(usage(view.dir).mapped_columns).toEqual({
    account_id: "account_id", user_id: "user_id", timestamp: "timestamp", event: "event", module: "module", feature: "feature", session_id: "session_id", duration_s: "duration_s"
  });
});
