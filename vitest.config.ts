import {defineConfig} from "vitest/config";

// Four projects: fast unit/integration tests; the pulse command as a scheduler runs it; end-to-end tests
// that build the site once (test/e2e/globalSetup.ts), serve it under /reports/pulse/ and drive Debian's
// Chromium, one file at a time; and the ClickHouse source against a real 2-shard cluster that
// test/clickhouse/globalSetup.ts starts on loopback (Debian's clickhouse-server).
//   npx vitest run --project unit
//   npx vitest run --project cli
//   npx vitest run --project e2e
//   npx vitest run --project clickhouse
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
          environment: "node"
        }
      },
      {
        test: {
          // the pulse command as a scheduler runs it: builds sites from a small sample, one file at a time
          name: "cli",
          include: ["test/cli/**/*.test.ts"],
          environment: "node",
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false
        }
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.e2e.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/globalSetup.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          maxWorkers: 1
        }
      },
      {
        test: {
          // usage events in a ClickHouse cluster: validated and rolled up there, compared with the file path
          name: "clickhouse",
          include: ["test/clickhouse/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/clickhouse/globalSetup.ts"],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false
        }
      }
    ]
  }
});
