// One connection to a ClickHouse server over its HTTP interface, with the official client (@clickhouse/client).
// It runs Pulse's queries and hands back rows (JSONEachRow) or a CSV file, counts the bytes it pulled, and turns
// every failure into one line naming what failed — the host, the user, the table — never the password: the
// password (PULSE_CLICKHOUSE_PASSWORD) is scrubbed from every message and trace this module lets out, and the
// client's own logging is off.
import {closeSync, createWriteStream, openSync, readSync, statSync} from "node:fs";
import {pipeline} from "node:stream/promises";
import {createGunzip} from "node:zlib";
import {Transform} from "node:stream";
import {createClient, ClickHouseLogLevel, type ClickHouseClient} from "@clickhouse/client";
import {PulseInputError} from "../errors.js";
import {PASSWORD_VARIABLE, type ClickHouseSource} from "./clickhouseSource.js";

export interface ServerVersion {
  /** as the server says it: 18.16.1, 24.8.4.13 */
  text: string;
  major: number;
  minor: number;
}

export interface QueryLog {
  /** what the query was for, in words (the progress line and bench/RESULTS.md use it) */
  label: string;
  ms: number;
  /** bytes of the response body as Pulse received it */
  bytes: number;
}

export interface QueryOptions {
  label: string;
  /** ClickHouse settings for this query (sent as URL parameters; a readonly=1 user may not send any) */
  settings?: Record<string, string | number>;
}

/** How long Pulse waits for the first answer (version()); a wrong host fails within it. */
const CONNECT_TIMEOUT_MS = 30_000;
/** How long one query may take: the rollups of billions of events take minutes. */
const QUERY_TIMEOUT_MS = 6 * 3600_000;

/**
 * The settings a long query needs: ClickHouse parses at most 256 KiB of query text by default, and Pulse's queries
 * carry their constants (odd texts DuckDB typed, key actions) inline. (A readonly=1 user may not set it: a query
 * that long then fails with ClickHouse's own message.)
 */
export function querySettings(sql: string): Record<string, number> {
  const bytes = Buffer.byteLength(sql);
  return bytes > 200_000 ? {max_query_size: bytes + 1_000_000} : {};
}

/** Replaces every occurrence of the password (and its Basic-auth form) in a text. */
export function redactor(source: ClickHouseSource, password: string): (text: string) => string {
  const secrets = password.length >= 4 ? [password, Buffer.from(`${source.user}:${password}`).toString("base64"), encodeURIComponent(password)] : [];
  return (text: string) => secrets.reduce((out, secret) => out.split(secret).join("***"), text);
}

export class ClickHouseConnection {
  readonly queries: QueryLog[] = [];
  private constructor(
    readonly source: ClickHouseSource,
    readonly version: ServerVersion,
    private readonly client: ClickHouseClient,
    private readonly redact: (text: string) => string
  ) {}

  /** Connects and asks the server its version: a wrong host, port, user or password fails here, in one line. */
  static async open(source: ClickHouseSource, env: NodeJS.ProcessEnv = process.env): Promise<ClickHouseConnection> {
    const password = env[PASSWORD_VARIABLE] ?? "";
    const redact = redactor(source, password);
    const client = createClient({
      url: `${source.protocol}://${source.host.includes(":") ? `[${source.host}]` : source.host}:${source.port}`,
      username: source.user,
      password,
      request_timeout: QUERY_TIMEOUT_MS,
      // the client logs failed requests itself, with their arguments: Pulse reports them, once, in its own words
      log: {level: ClickHouseLogLevel.OFF},
      application: "pulse",
      keep_alive: {enabled: true}
    });
    const connection = new ClickHouseConnection(source, {text: "", major: 0, minor: 0}, client, redact);
    const [row] = await connection.rows<{version: string}>(`SELECT version() AS version`, {label: "server version"}, CONNECT_TIMEOUT_MS).catch(async (error) => {
      await client.close().catch(() => {});
      throw error;
    });
    const [major, minor] = row.version.split(".").map(Number);
    const opened = new ClickHouseConnection(source, {text: row.version, major, minor}, client, redact);
    await opened.probeCompression();
    return opened;
  }

  /** Whether the server is at least major.minor. */
  atLeast(major: number, minor = 0): boolean {
    return this.version.major > major || (this.version.major === major && this.version.minor >= minor);
  }

  get bytesPulled(): number {
    return this.queries.reduce((n, q) => n + q.bytes, 0);
  }

  /** Runs a query and returns its rows (JSONEachRow; 64-bit integers come as strings: Number() them). */
  async rows<T = Record<string, unknown>>(sql: string, options: QueryOptions, timeoutMs = QUERY_TIMEOUT_MS): Promise<T[]> {
    const started = Date.now();
    try {
      const result = await this.client.query({
        query: sql,
        format: "JSONEachRow",
        clickhouse_settings: {...querySettings(sql), ...options.settings} as never,
        abort_signal: AbortSignal.timeout(timeoutMs)
      });
      const text = await result.text();
      const failed = exceptionAtEnd(text);
      if (failed) throw new Error(failed);
      this.queries.push({label: options.label, ms: Date.now() - started, bytes: Buffer.byteLength(text)});
      return text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as T);
    } catch (error) {
      throw this.failure(error, options.label, timeoutMs);
    }
  }

  /**
   * Runs a query (with its own FORMAT clause, e.g. CSVWithNames) and streams the answer into a file. The answer
   * comes gzip-compressed when the user may ask for it (enable_http_compression; a readonly=1 user may not): the
   * bytes counted as pulled are the bytes that crossed the network.
   */
  async toFile(sql: string, path: string, options: QueryOptions): Promise<number> {
    const started = Date.now();
    let bytes = 0;
    try {
      // gzip level 9 rather than ClickHouse's 3: a fifth fewer bytes for a little CPU on one server (bench/RESULTS.md, #18)
      // (and 64-bit integers in JSON as numbers, not quoted: a user who may not set it gets them quoted, read alike)
      const settings = {
        ...querySettings(sql),
        ...options.settings,
        ...(this.compress ? {enable_http_compression: 1, http_zlib_compression_level: 9, output_format_json_quote_64bit_integers: 0} : {})
      };
      const result = await this.client.exec({
        query: sql,
        clickhouse_settings: settings as never,
        http_headers: this.compress ? {"Accept-Encoding": "gzip"} : undefined,
        decompress_response_stream: false,
        abort_signal: AbortSignal.timeout(QUERY_TIMEOUT_MS)
      });
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done(null, chunk);
        }
      });
      const gzipped = /gzip/i.test(String(result.response_headers["content-encoding"] ?? ""));
      await (gzipped
        ? pipeline(result.stream, counter, createGunzip(), createWriteStream(path))
        : pipeline(result.stream, counter, createWriteStream(path)));
      const failed = exceptionAtEnd(readTail(path, 16_384));
      if (failed) throw new Error(failed);
      this.queries.push({label: options.label, ms: Date.now() - started, bytes});
      return bytes;
    } catch (error) {
      throw this.failure(error, options.label, QUERY_TIMEOUT_MS);
    }
  }

  /** Whether answers may come compressed (the user may set enable_http_compression). */
  private compress = false;

  private async probeCompression(): Promise<void> {
    try {
      await this.client.query({query: "SELECT 1 AS one", format: "JSONEachRow", clickhouse_settings: {enable_http_compression: 1}, abort_signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS)}).then((r) => r.text());
      this.compress = true;
    } catch {
      // a readonly=1 user may set no setting: answers come uncompressed
      this.compress = false;
    }
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => {});
  }

  /** One line naming what failed; the original error (scrubbed of the password) is its cause, for --debug. */
  private failure(error: unknown, label: string, timeoutMs: number): PulseInputError {
    const original = error instanceof Error ? error : new Error(String(error));
    const reason = this.redact(explain(original, this.source, label, timeoutMs));
    const failure = new PulseInputError(this.source.display, reason);
    const cause = new Error(this.redact(original.message));
    cause.name = original.name;
    cause.stack = this.redact(original.stack ?? original.message);
    failure.cause = cause;
    return failure;
  }
}

/**
 * A query that fails after its answer has begun still ends with HTTP 200: ClickHouse appends its exception to
 * the body ("Code: 241, e.displayText() = …" in 18.x; "Code: 241. DB::Exception: …", after an __exception__
 * line in 24.x). The exception's text, or null.
 */
export function exceptionAtEnd(body: string): string | null {
  const match = /(?:^|\n)(?:__exception__[^\n]*\n)?(Code: \d+[.,] [^\n]*(?:e\.displayText|DB::Exception)[^\n]*)\n?(?:__exception__[^\n]*\n?)?$/.exec(body.slice(-16_384));
  return match ? match[1] : null;
}

function readTail(path: string, bytes: number): string {
  const size = statSync(path).size;
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(Math.min(bytes, size));
    readSync(fd, buffer, 0, buffer.length, size - buffer.length);
    return buffer.toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** ClickHouse's error code in a message, as both 18.x ("Code: 60, e.displayText() = …") and 24.x ("Code: 60. DB::Exception: …") write it. */
export function errorCode(message: string): number | null {
  const match = /Code: (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

/** The server's message without its code and class prefix and its trailing version/stack noise. */
export function serverMessage(message: string): string {
  const first = message.trim().split("\n")[0];
  return first
    .replace(/^Code: \d+[.,]\s*/, "")
    .replace(/^e\.displayText\(\) = /, "")
    .replace(/^DB::Exception: /, "")
    .replace(/, e\.what\(\) = DB::Exception\s*$/, "")
    .replace(/\s*\(version .*$/, "")
    .replace(/\s*\([A-Z_]+\)\s*$/, "")
    .trim();
}

function explain(error: Error & {code?: string}, source: ClickHouseSource, label: string, timeoutMs: number): string {
  const where = `${source.host}:${source.port}`;
  switch (error.code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot reach ClickHouse: host '${source.host}' not found`;
    case "ECONNREFUSED":
      return `cannot reach ClickHouse: nothing answers at ${where} (connection refused; is it the HTTP port, 8123 by default?)`;
    case "ECONNRESET":
      return `ClickHouse at ${where} closed the connection while answering (${label})${source.protocol === "http" ? "; if the port takes HTTPS, use clickhouse+https://" : ""}`;
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `cannot reach ClickHouse at ${where} (${error.code})`;
    case "EPROTO":
    case "ERR_SSL_WRONG_VERSION_NUMBER":
      return `TLS handshake with ${where} failed: it does not speak HTTPS there (use clickhouse:// for the HTTP port)`;
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "CERT_HAS_EXPIRED":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return `the TLS certificate of ${where} is not trusted (${error.code}); give Node its CA with NODE_EXTRA_CA_CERTS`;
  }
  if (error.name === "TimeoutError" || error.name === "AbortError") {
    return `ClickHouse at ${where} gave no answer within ${Math.round(timeoutMs / 1000)} s (${label})`;
  }
  const code = errorCode(error.message);
  const said = serverMessage(error.message);
  switch (code) {
    case 192: // UNKNOWN_USER
    case 193: // WRONG_PASSWORD
    case 194: // REQUIRED_PASSWORD
    case 516: // AUTHENTICATION_FAILED
      return `ClickHouse refused user '${source.user}': wrong password or unknown user (the password is read from ${PASSWORD_VARIABLE}${process.env[PASSWORD_VARIABLE] === undefined ? ", which is not set" : ""})`;
    case 81: // UNKNOWN_DATABASE
      return `database '${source.database}' does not exist on ${where}`;
    case 60: // UNKNOWN_TABLE
      return `table ${source.database}.${source.table} does not exist on ${where}`;
    case 497: // ACCESS_DENIED
    case 164: // READONLY
      return `user '${source.user}' may not run Pulse's query (${label}): ${said} (docs/warehouse.md lists the grants)`;
    case 241: // MEMORY_LIMIT_EXCEEDED
      return `ClickHouse ran out of memory for ${label}: ${said}`;
    case 159: // TIMEOUT_EXCEEDED
      return `ClickHouse stopped ${label} at its time limit: ${said}`;
  }
  if (code !== null) return `ClickHouse failed ${label}: ${said}`;
  return `ClickHouse at ${where} failed (${label}): ${said || error.name}`;
}
