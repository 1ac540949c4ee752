// Where a usage export lives when it is a ClickHouse table or view rather than a file:
//   data.files.usage_events: "clickhouse://[user@]host[:port]/database.table"         (HTTP, port 8123 by default)
//                            "clickhouse+https://[user@]host[:port]/database.table"   (HTTPS, port 8443 by default)
// The password never appears here: it comes from PULSE_CLICKHOUSE_PASSWORD alone (a URL with one is refused,
// without repeating it). docs/data-contract.md#a-clickhouse-table, docs/warehouse.md.
import type {PulseConfig} from "../config/schema.js";
import type {ExportName} from "../contract/exports.js";
import {PulseConfigError} from "../errors.js";

export interface ClickHouseSource {
  kind: "clickhouse";
  protocol: "http" | "https";
  host: string;
  port: number;
  /** the ClickHouse user; "default" when the URL names none */
  user: string;
  database: string;
  table: string;
  /** how Pulse names it in messages, the quality report and the rejects: the URL without a password */
  display: string;
}

/** The environment variable the password is read from: never from the config file or the URL. */
export const PASSWORD_VARIABLE = "PULSE_CLICKHOUSE_PASSWORD";

const SCHEMES: Record<string, "http" | "https"> = {"clickhouse:": "http", "clickhouse+http:": "http", "clickhouse+https:": "https"};

/** Whether a data.files value names a ClickHouse table rather than a file. */
export function isClickHouseUrl(value: string): boolean {
  return /^clickhouse(\+https?)?:\/\//i.test(value.trim());
}

/** A database or table name as ClickHouse quotes it (backticks). */
export function chIdent(name: string): string {
  return "`" + name.replaceAll("\\", "\\\\").replaceAll("`", "\\`") + "`";
}

/** The table as SQL: `database`.`table`. */
export function tableSql(source: ClickHouseSource): string {
  return `${chIdent(source.database)}.${chIdent(source.table)}`;
}

/** Parses a clickhouse:// URL; `setting` names where it was written (data.files.usage_events). */
export function parseClickHouseUrl(value: string, setting: string): ClickHouseSource {
  const written = value.trim();
  const scheme = written.slice(0, written.indexOf("//")).toLowerCase();
  const protocol = SCHEMES[scheme];
  const form = "clickhouse://[user@]host[:port]/database.table (or clickhouse+https:// for TLS)";
  if (!protocol) throw new PulseConfigError(setting, `must be a file name or ${form}`);
  // the part before the host: a user, and perhaps (wrongly) a password — looked at before any URL parsing,
  // so that no message can repeat it
  const rest = written.slice(scheme.length + 2);
  const at = rest.lastIndexOf("@", rest.indexOf("/") < 0 ? rest.length : rest.indexOf("/"));
  const userPart = at >= 0 ? rest.slice(0, at) : "";
  if (userPart.includes(":")) {
    throw new PulseConfigError(setting, `must not hold a password: remove it from the URL and set ${PASSWORD_VARIABLE} instead`);
  }
  let url: URL;
  try {
    // a scheme of no special meaning, so that the port is kept as written (https would drop a written 443)
    url = new URL(`pulse-clickhouse://${rest}`);
  } catch {
    throw new PulseConfigError(setting, `is not a URL of the form ${form}`);
  }
  if (url.search || url.hash) throw new PulseConfigError(setting, `takes no ?options or #fragment: ${form}`);
  const path = decodeURIComponent(url.pathname.replace(/^\//, ""));
  const dot = path.indexOf(".");
  const database = dot > 0 ? path.slice(0, dot) : "";
  const table = dot > 0 ? path.slice(dot + 1) : "";
  if (!database || !table || /[/\s]/.test(path)) {
    throw new PulseConfigError(setting, `must name the table as /database.table after the host: ${form}`);
  }
  const user = userPart ? decodeURIComponent(userPart) : "default";
  const port = url.port ? Number(url.port) : protocol === "https" ? 8443 : 8123;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const schemeText = protocol === "https" ? "clickhouse+https" : "clickhouse";
  const hostText = host.includes(":") ? `[${host}]` : host;
  return {
    kind: "clickhouse",
    protocol,
    host,
    port,
    user,
    database,
    table,
    display: `${schemeText}://${userPart ? `${user}@` : ""}${hostText}:${port}/${database}.${table}`
  };
}

/** The ClickHouse table an export is read from, when its data.files entry is a clickhouse:// URL. */
export function warehouseSourceOf(config: PulseConfig, name: ExportName): ClickHouseSource | null {
  const configured = config.data.files[name];
  return configured && isClickHouseUrl(configured) ? parseClickHouseUrl(configured, `data.files.${name}`) : null;
}
