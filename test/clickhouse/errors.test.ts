// How a build from ClickHouse fails, as a scheduler's log shows it: `pulse data` exits 1 with one line after the
// progress lines naming what is wrong — the host, the user, the table, the column — and the password
// (PULSE_CLICKHOUSE_PASSWORD) appears nowhere: not in that line, not in the progress, not in --debug's trace.
import {spawn} from "node:child_process";
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, describe, expect, inject, test} from "vitest";

const repo = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "pulse-ch-errors-"));
afterAll(() => rmSync(work, {recursive: true, force: true}));
const ports = inject("clickhouseHttpPorts");
const password = inject("clickhousePassword");
const sampleDir = inject("sampleDir");
/** a wrong password that is easy to find in any output */
const WRONG = "Wrong-Pa55word-do-not-print";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let configs = 0;
function pulseData(config: Record<string, unknown>, {env = {}, debug = false}: {env?: Record<string, string>; debug?: boolean} = {}): Promise<Run> {
  const configPath = join(work, `config-${++configs}.mjs`);
  writeFileSync(configPath, `export default ${JSON.stringify(config)};\n`);
  const args = ["data", "--data", sampleDir, "--config", configPath, "--out", join(work, `tables-${configs}`), ...(debug ? ["--debug"] : [])];
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(repo, "bin/pulse.js"), ...args], {
      cwd: repo,
      env: {...process.env, PULSE_CACHE: join(work, "cache"), CI: "true", PULSE_DEBUG: "", PULSE_CLICKHOUSE_PASSWORD: password, ...env}
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("close", (code) => done({code, stdout, stderr}));
  });
}

const usageAt = (url: string, extra: Record<string, unknown> = {}) => ({data: {files: {usage_events: url}, ...extra}});

/** The one line a failed run ends with; and no password anywhere in what it printed. */
function failure(run: Run): string {
  expect(run.code, run.stderr).toBe(1);
  const lines = run.stderr.split("\n").filter((line) => line !== "");
  const progress = lines.map((line) => line.startsWith("[pulse ")).lastIndexOf(true);
  expect(lines.slice(progress + 1), run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expectNoPassword(run);
  return lines[lines.length - 1];
}

function expectNoPassword(run: Run) {
  for (const secret of [password, WRONG, Buffer.from(`pulse:${password}`).toString("base64"), Buffer.from(`pulse:${WRONG}`).toString("base64")]) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

const table = (port: number, name = "pulse.sample_typed") => `clickhouse://pulse@127.0.0.1:${port}/${name}`;

describe("one line naming what is wrong, and never the password", () => {
  test("a host that does not exist", async () => {
    const url = "clickhouse://pulse@no-such-host.invalid:8123/pulse.sample_typed";
    expect(failure(await pulseData(usageAt(url)))).toBe(`pulse data: ${url}: cannot reach ClickHouse: host 'no-such-host.invalid' not found`);
  });

  test("a port where nothing listens", async () => {
    // port 9 (discard) on loopback: nothing listens there on these machines
    expect(failure(await pulseData(usageAt(table(9))))).toBe(
      `pulse data: ${table(9)}: cannot reach ClickHouse: nothing answers at 127.0.0.1:9 (connection refused; is it the HTTP port, 8123 by default?)`
    );
  });

  test("a wrong password, and none at all", async () => {
    const expected = `pulse data: ${table(ports[0])}: ClickHouse refused user 'pulse': wrong password or unknown user (the password is read from PULSE_CLICKHOUSE_PASSWORD)`;
    expect(failure(await pulseData(usageAt(table(ports[0])), {env: {PULSE_CLICKHOUSE_PASSWORD: WRONG}}))).toBe(expected);
    // with --debug: the same line, then a trace that holds neither password
    const debug = await pulseData(usageAt(table(ports[0])), {env: {PULSE_CLICKHOUSE_PASSWORD: WRONG}, debug: true});
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain(expected);
    expect(debug.stderr).toMatch(/\n {4}at /);
    expectNoPassword(debug);

    const none = await pulseData(usageAt(table(ports[0])), {env: {PULSE_CLICKHOUSE_PASSWORD: ""}});
    expect(failure(none)).toBe(expected);
  });

  test("an unknown user", async () => {
    const url = `clickhouse://nobody@127.0.0.1:${ports[0]}/pulse.sample_typed`;
    expect(failure(await pulseData(usageAt(url)))).toBe(
      `pulse data: ${url}: ClickHouse refused user 'nobody': wrong password or unknown user (the password is read from PULSE_CLICKHOUSE_PASSWORD)`
    );
  });

  test("a table or database that does not exist", async () => {
    expect(failure(await pulseData(usageAt(table(ports[0], "pulse.no_such_table"))))).toBe(
      `pulse data: ${table(ports[0], "pulse.no_such_table")}: table pulse.no_such_table does not exist on 127.0.0.1:${ports[0]}`
    );
    expect(failure(await pulseData(usageAt(table(ports[0], "no_such_db.events"))))).toBe(
      `pulse data: ${table(ports[0], "no_such_db.events")}: database 'no_such_db' does not exist on 127.0.0.1:${ports[0]}`
    );
  });

  test("a required column the table lacks, mapped or not", async () => {
    const mapped = await pulseData(usageAt(table(ports[0]), {columns: {usage_events: {timestamp: "event_time"}}}));
    expect(failure(mapped)).toBe(
      `pulse data: ${table(ports[0])}: column 'timestamp': required column not found (mapped from 'event_time' in data.columns.usage_events); ` +
        `the table has: account_id, user_id, timestamp, event, module, feature, session_id, duration_s, page_views`
    );
    const unmapped = await pulseData(usageAt(table(ports[0]), {columns: {usage_events: {account_id: "team_id"}}}));
    expect(failure(unmapped)).toMatch(/: column 'account_id': required column \(or contract_id\) not found \(mapped from 'team_id' in data\.columns\.usage_events\); the table has: /);
  });

  test("a column of a type Pulse cannot read as what it is mapped to", async () => {
    // the event name (String) mapped as the timestamp is read as text: its values are not timestamps and are
    // rejected one by one; an Int64 (page_views) as the timestamp is refused for the whole table
    const run = await pulseData(usageAt(table(ports[0]), {columns: {usage_events: {timestamp: "page_views", page_views: "duration_s"}}}));
    expect(failure(run)).toBe(
      `pulse data: ${table(ports[0])}: column 'timestamp': is Nullable(Int64) in column 'page_views', which Pulse does not read as a timestamp (DateTime, DateTime64, Date, Date32 or String): convert it in a view (docs/warehouse.md)`
    );
  });

  test("a password in the URL is refused without being repeated", async () => {
    const run = await pulseData(usageAt(`clickhouse://pulse:${WRONG}@127.0.0.1:${ports[0]}/pulse.sample_typed`));
    expect(failure(run)).toMatch(/^pulse data: configuration file .*: data\.files\.usage_events must not hold a password: remove it from the URL and set PULSE_CLICKHOUSE_PASSWORD instead$/);
  });

  test("a build that works prints no password either, with --debug", async () => {
    const run = await pulseData(usageAt(table(ports[0])), {debug: true});
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/ClickHouse \d+\.\d+[\d.]*: reading pulse\.sample_typed/);
    expectNoPassword(run);
  });
});
