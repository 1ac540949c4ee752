// A usage export in ClickHouse is named by a URL in data.files.usage_events; the password never is.
import {describe, expect, test} from "vitest";
import {validateConfig} from "../../loaders/config/validateConfig.js";
import type {PulseConfigInput} from "../../loaders/config/schema.js";
import {isClickHouseUrl, parseClickHouseUrl} from "../../loaders/warehouse/clickhouseSource.js";
import {errorCode, exceptionAtEnd, redactor, serverMessage} from "../../loaders/warehouse/clickhouseConnection.js";
import {baseType, doubleBits, epochMicros} from "../../loaders/warehouse/usageTyping.js";

const parse = (url: string) => parseClickHouseUrl(url, "data.files.usage_events");

describe("a clickhouse:// URL", () => {
  test("names the host, port, user, database and table; HTTP on 8123 unless said", () => {
    expect(parse("clickhouse://analytics.internal/posthog.events")).toEqual({
      kind: "clickhouse",
      protocol: "http",
      host: "analytics.internal",
      port: 8123,
      user: "default",
      database: "posthog",
      table: "events",
      display: "clickhouse://analytics.internal:8123/posthog.events"
    });
    expect(parse("clickhouse://pulse_reader@10.0.0.5:18123/analytics.usage_by_day")).toMatchObject({user: "pulse_reader", port: 18123, table: "usage_by_day"});
    expect(parse("clickhouse://pulse@ch.example.com/db.events").display).toBe("clickhouse://pulse@ch.example.com:8123/db.events");
  });

  test("clickhouse+https:// is TLS, on 8443 unless said", () => {
    expect(parse("clickhouse+https://pulse@ch.example.com/db.events")).toMatchObject({protocol: "https", port: 8443, display: "clickhouse+https://pulse@ch.example.com:8443/db.events"});
    expect(parse("clickhouse+https://ch.example.com:443/db.events")).toMatchObject({protocol: "https", port: 443});
    expect(parse("clickhouse+http://ch.example.com/db.events")).toMatchObject({protocol: "http", port: 8123});
  });

  test("a table name may hold dots after the database's (the first dot splits them)", () => {
    expect(parse("clickhouse://h/db.events.v2")).toMatchObject({database: "db", table: "events.v2"});
  });

  test("is told from a file name", () => {
    expect(isClickHouseUrl("clickhouse://h/db.t")).toBe(true);
    expect(isClickHouseUrl("ClickHouse+HTTPS://h/db.t")).toBe(true);
    expect(isClickHouseUrl("usage_events.csv")).toBe(false);
    expect(isClickHouseUrl("clickhouse-export.csv")).toBe(false);
  });

  test.each([
    ["clickhouse://pulse:s3cret-pw@h/db.t", "configuration: data.files.usage_events must not hold a password: remove it from the URL and set PULSE_CLICKHOUSE_PASSWORD instead"],
    ["clickhouse://h/events", "configuration: data.files.usage_events must name the table as /database.table after the host: clickhouse://[user@]host[:port]/database.table (or clickhouse+https:// for TLS)"],
    ["clickhouse://h/db.t?secure=1", "configuration: data.files.usage_events takes no ?options or #fragment: clickhouse://[user@]host[:port]/database.table (or clickhouse+https:// for TLS)"],
    ["clickhouse://h:notaport/db.t", "configuration: data.files.usage_events is not a URL of the form clickhouse://[user@]host[:port]/database.table (or clickhouse+https:// for TLS)"]
  ])("%s is refused in one line", (url, message) => {
    expect(() => parse(url)).toThrow(message);
    expect(() => parse(url)).not.toThrow(/s3cret/);
  });

  test("validateConfig checks it, and only usage_events may be one", () => {
    const wrong = (input: unknown) => () => validateConfig(input as PulseConfigInput);
    expect(validateConfig({data: {files: {usage_events: "clickhouse://h/db.t"}}}).data.files.usage_events).toBe("clickhouse://h/db.t");
    expect(wrong({data: {files: {accounts: "clickhouse://h/db.accounts"}}})).toThrow(
      "configuration: data.files.accounts cannot be a ClickHouse table: only usage_events can (the other exports are files)"
    );
    expect(wrong({data: {files: {usage_events: "clickhouse://u:pw123456@h/db.t"}}})).toThrow(/must not hold a password/);
    expect(validateConfig({}).warehouse).toEqual({rejectExamples: 100});
    expect(wrong({warehouse: {rejectExamples: 2.5}})).toThrow("configuration: warehouse.rejectExamples must be a whole number, got 2.5");
    expect(wrong({warehouse: {rejectExamples: -1}})).toThrow("configuration: warehouse.rejectExamples must be between 0 and 100000, got -1");
  });
});

describe("ClickHouse's answers", () => {
  test("error codes and messages, as 18.x and 24.x write them", () => {
    const old = "Code: 60, e.displayText() = DB::Exception: Table analytics.nope doesn't exist., e.what() = DB::Exception\n";
    const current = "Code: 60. DB::Exception: Table analytics.nope does not exist. (UNKNOWN_TABLE) (version 24.8.4.13 (official build))";
    expect(errorCode(old)).toBe(60);
    expect(errorCode(current)).toBe(60);
    expect(serverMessage(old)).toBe("Table analytics.nope doesn't exist.");
    expect(serverMessage(current)).toBe("Table analytics.nope does not exist.");
  });

  test("an exception appended to an answer already begun is found at its end", () => {
    expect(exceptionAtEnd('"a",1\n"b",2\nCode: 241, e.displayText() = DB::Exception: Memory limit (for query) exceeded, e.what() = DB::Exception\n')).toMatch(/^Code: 241, /);
    expect(exceptionAtEnd('"a",1\n__exception__\nCode: 241. DB::Exception: Memory limit exceeded. (MEMORY_LIMIT_EXCEEDED) (version 24.12.1.1)\n__exception__\n')).toMatch(/^Code: 241\. /);
    expect(exceptionAtEnd('"a",1\n"Code: 5, not an error",2\n')).toBeNull();
  });

  test("the password, and its Basic-auth form, are scrubbed from any text", () => {
    const source = parse("clickhouse://pulse@h/db.t");
    const redact = redactor(source, "hunter2-secret");
    const basic = Buffer.from("pulse:hunter2-secret").toString("base64");
    expect(redact(`failed with hunter2-secret and Basic ${basic}`)).toBe("failed with *** and Basic ***");
  });
});

describe("typing helpers", () => {
  test("the type inside Nullable and LowCardinality", () => {
    expect(baseType("LowCardinality(Nullable(String))")).toBe("String");
    expect(baseType("Nullable(DateTime('Asia/Tokyo'))")).toBe("DateTime('Asia/Tokyo')");
    expect(baseType("Decimal(12, 4)")).toBe("Decimal(12, 4)");
  });

  test("dates as microseconds since 1970, doubles as their 64 bits", () => {
    // 2026-01-01 is 20,454 days after 1970-01-01 (ClickHouse's toUInt16(toDate('2026-01-01')) says the same)
    expect(epochMicros("2026-01-01")).toBe(20_454 * 86_400 * 1_000_000);
    // 1.5 = 0x3FF8000000000000
    expect(doubleBits(1.5)).toBe(String(0x3ff8000000000000n));
    expect(doubleBits(-2)).toBe(String(BigInt.asIntN(64, 0xc000000000000000n)));
  });
});
