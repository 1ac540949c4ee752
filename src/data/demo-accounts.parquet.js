// Temporary demo data for the infrastructure page (src/index.md) and the e2e test.
// 1,000 made-up accounts with the columns of the real accounts snapshot; deterministic
// (hash of the row number, no random()). Replaced by src/data/accounts.parquet.ts later.
// Framework runs this at build time; stdout is the file.
import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";

const dir = await mkdtemp(join(tmpdir(), "pulse-demo-"));
const file = join(dir, "demo-accounts.parquet");
const connection = await (await DuckDBInstance.create(":memory:")).connect();

await connection.run(`
COPY (
  WITH base AS (
    SELECT i, (hash(i) % 1000003)::BIGINT AS h, (hash(i * 7 + 3) % 1000003)::BIGINT AS g
    FROM range(1000) AS t(i)
  ), scored AS (
    SELECT *,
      (h % 101)::INTEGER AS health_score,
      round(5000 + (g % 400) * (g % 400) * 2.5, -2)::DOUBLE AS arr,
      ((g // 7) % 400)::INTEGER - 30 AS days_to_renewal
    FROM base
  )
  SELECT
    printf('A%04d', i) AS account_id,
    printf('Account %04d', i) AS name,
    ['Alice Wong', 'Bruno Díaz', 'Chen Li', 'Dana O''Neil', 'Eve Martin'][1 + (h // 101) % 5] AS csm_owner,
    ['EMEA', 'NA', 'APAC', 'LATAM'][1 + (h // 13) % 4] AS region,
    ['Software', 'Retail', 'Finance', 'Health, Care', 'Manufacturing'][1 + (g // 11) % 5] AS industry,
    arr,
    CASE WHEN arr >= 300000 THEN 'S' WHEN arr < 30000 THEN 'C'
         WHEN (h // 3) % 2 = 0 THEN 'A' ELSE 'B' END AS tier,
    ['high_freq_high_value', 'high_freq_low_value', 'low_freq_high_value', 'low_freq_low_value'][1 + (g // 5) % 4] AS segment,
    ['low', 'medium', 'high'][1 + (h // 17) % 3] AS grid_breadth,
    ['low', 'medium', 'high'][1 + (g // 19) % 3] AS grid_depth,
    health_score,
    CASE WHEN health_score >= 70 THEN 'green' WHEN health_score >= 40 THEN 'yellow' ELSE 'red' END AS health_band,
    ['onboarding', 'internal_rollout', 'stable_use', 'renewal_window'][1 + (h // 23) % 4] AS lifecycle_stage,
    DATE '2026-06-30' + days_to_renewal AS contract_end,
    days_to_renewal,
    ((h // 29) % 40)::INTEGER AS visits_30d,
    ((g // 31) % 25)::INTEGER AS active_users_30d,
    round(((h // 37) % 3000) / 3.0, 1) AS duration_30d_minutes,
    health_score < 40 AND days_to_renewal <= 90 AS churn_watch,
    CASE WHEN health_score < 40 AND days_to_renewal <= 90 THEN ['health_band_red', 'renewal_within_90_days']
         ELSE []::VARCHAR[] END AS churn_reasons
  FROM scored
  ORDER BY i
) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);

process.stdout.write(await readFile(file));
await rm(dir, {recursive: true, force: true});
