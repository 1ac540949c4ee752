// A real ClickHouse cluster for tests and benchmarks: N clickhouse-server processes (Debian's package) on
// free loopback ports, each with its own folder under a temporary directory, formed into one cluster by a
// <remote_servers> block that names them all as shards. Nothing is mocked: Pulse talks to these servers over
// HTTP exactly as it talks to a production cluster.
//
// Users (users.xml written here, not the system's):
//   default — no password, loopback only: the harness creates tables and loads data with it
//   pulse   — a password (PULSE_CLICKHOUSE_PASSWORD in the tests), readonly = 2: it may read and set
//             settings, not write — what docs/warehouse.md asks of a production user
import {execFile, spawn, type ChildProcess} from "node:child_process";
import {randomBytes} from "node:crypto";
import {createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {createServer} from "node:net";
import {tmpdir} from "node:os";
import {join} from "node:path";

export const CLUSTER_NAME = "pulse_test";

export interface ClickHouseServer {
  httpPort: number;
  tcpPort: number;
  interserverPort: number;
  dir: string;
  /** the guard (sh) that runs the server and stops it when this process lets go (spawnGuarded) */
  process: ChildProcess;
  /** the server's own pid */
  serverPid: Promise<number>;
}

export interface Cluster extends ClusterAdmin {
  servers: ClickHouseServer[];
  /** the read-only user's password (random per cluster) */
  password: string;
  /** the folder holding every server's folder */
  dir: string;
  /** stops every server and removes the folder (unless keep) */
  stop(options?: {keep?: boolean}): Promise<void>;
}

/** Debian's clickhouse-server, or CLICKHOUSE_SERVER. */
export const serverBinary = () => process.env.CLICKHOUSE_SERVER ?? "/usr/sbin/clickhouse-server";

export function clickhouseInstalled(): boolean {
  return existsSync(serverBinary());
}

/** A port nothing listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const {port} = server.address() as {port: number};
      server.close(() => resolve(port));
    });
  });
}

function configXml(dir: string, ports: {http: number; tcp: number; interserver: number}, shards: {tcp: number}[]): string {
  const shardXml = shards.map((s) => `      <shard><replica><host>127.0.0.1</host><port>${s.tcp}</port></replica></shard>`).join("\n");
  return `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>${dir}/log/server.log</log>
    <errorlog>${dir}/log/server.err.log</errorlog>
    <size>10M</size>
    <count>1</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${ports.http}</http_port>
  <tcp_port>${ports.tcp}</tcp_port>
  <interserver_http_port>${ports.interserver}</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
  <remote_servers>
    <${CLUSTER_NAME}>
${shardXml}
    </${CLUSTER_NAME}>
  </remote_servers>
</yandex>
`;
}

function usersXml(password: string): string {
  return `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
      <max_threads>2</max_threads>
      <!-- 18.16 calls LowCardinality experimental; the tests make such a column -->
      <allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>
    </default>
    <reader>
      <readonly>2</readonly>
      <max_memory_usage>4000000000</max_memory_usage>
      <max_threads>2</max_threads>
    </reader>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
    <pulse>
      <password>${password}</password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>reader</profile>
      <quota>default</quota>
    </pulse>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;
}

/**
 * Until the server answers as itself: a query as `pulse` with this cluster's password, not a bare /ping, which any
 * server on the port would answer — a second run's server that took the port first is not ours. Rejects when the
 * server exits (a port taken between the pick and the bind: startCluster tries again with other ports).
 */
async function waitUntilUp(server: ClickHouseServer, password: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  const url = `http://127.0.0.1:${server.httpPort}/?${new URLSearchParams({user: "pulse", password, query: "SELECT 1"})}`;
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null) throw new ServerExited(`clickhouse-server on port ${server.httpPort} exited (${server.process.exitCode}): ${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok && server.process.exitCode === null) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`clickhouse-server on port ${server.httpPort} did not answer within 60 s: ${log()}`);
}

class ServerExited extends Error {}

/**
 * clickhouse-server under a guard that stops it when this process lets go of it, however that happens: the guard
 * (sh) holds the read end of a pipe from this process and sends the server SIGTERM when the pipe closes — on stop(),
 * or when this process ends, a SIGKILL and a crash included — so no server outlives the run that started it. The
 * guard prints the server's pid first (for the SIGKILL of last resort) and exits with the server's status.
 */
function spawnGuarded(configPath: string, cwd: string): {child: ChildProcess; serverPid: Promise<number>} {
  const guard = [
    "exec 3<&0",
    '"$0" "$@" </dev/null >/dev/null 3<&- &',
    "server=$!",
    'echo "$server"',
    '{ cat <&3 >/dev/null; kill -TERM "$server" 2>/dev/null; } &',
    "exec 3<&-",
    'wait "$server"'
  ].join("\n");
  const child = spawn("sh", ["-c", guard, serverBinary(), `--config-file=${configPath}`], {cwd, stdio: ["pipe", "pipe", "pipe"]});
  child.on("error", () => {});
  child.stdin!.on("error", () => {});
  const serverPid = new Promise<number>((resolve) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(Number(out.split("\n")[0]));
    });
    child.once("exit", () => resolve(0));
  });
  return {child, serverPid};
}

type ServerPorts = {http: number; tcp: number; interserver: number};

/** Whether nothing listens on the port now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** `count` servers, each in root/shardN, on the given ports or fresh ones; all stopped again if one does not come up. */
async function startServers(count: number, root: string, password: string, given: ServerPorts[] | null): Promise<ClickHouseServer[]> {
  const ports: ServerPorts[] = given ? [...given] : [];
  const taken = new Set<number>();
  const pick = async () => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  if (!given) for (let i = 0; i < count; i++) ports.push({http: await pick(), tcp: await pick(), interserver: await pick()});
  const servers: ClickHouseServer[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const dir = join(root, `shard${i + 1}`);
      for (const sub of ["data", "tmp", "user_files", "format_schemas", "log"]) mkdirSync(join(dir, sub), {recursive: true});
      writeFileSync(join(dir, "config.xml"), configXml(dir, ports[i], ports));
      writeFileSync(join(dir, "users.xml"), usersXml(password));
      rmSync(join(dir, "log/server.err.log"), {force: true});
      const {child, serverPid} = spawnGuarded(join(dir, "config.xml"), dir);
      let stderr = "";
      child.stderr!.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
      servers.push({httpPort: ports[i].http, tcpPort: ports[i].tcp, interserverPort: ports[i].interserver, dir, process: child, serverPid});
      const log = () => `${stderr}${tail(join(dir, "log/server.err.log"))}`;
      await waitUntilUp(servers[i], password, log);
    }
  } catch (error) {
    await stopServers(servers);
    throw error;
  }
  return servers;
}

/**
 * Starts `shards` servers as one cluster (CLUSTER_NAME); each is one shard. Ports are free ones the OS picks; should
 * another process take one before the server binds it (a second test run at the same time), the servers are stopped
 * and started again on other ports, up to 3 times. A cluster in a folder of its own (`dir`, kept between runs: the
 * benchmark's) keeps its ports too (dir/ports.json), while they are free: its URL, and so the warehouse cache keyed
 * by it, stays the same from one run to the next.
 */
export async function startCluster(options: {shards?: number; dir?: string} = {}): Promise<Cluster> {
  const count = options.shards ?? 2;
  const root = options.dir ?? mkdtempSync(join(tmpdir(), "pulse-clickhouse-"));
  const password = randomBytes(12).toString("hex");
  const portsFile = options.dir ? join(root, "ports.json") : null;
  let kept: ServerPorts[] | null = null;
  if (portsFile && existsSync(portsFile)) {
    const saved = JSON.parse(readFileSync(portsFile, "utf8")) as ServerPorts[];
    const all = saved.flatMap((p) => [p.http, p.tcp, p.interserver]);
    if (saved.length === count && (await Promise.all(all.map(isFree))).every(Boolean)) kept = saved;
  }
  let servers: ClickHouseServer[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      servers = await startServers(count, root, password, attempt === 1 ? kept : null);
      if (portsFile) writeFileSync(portsFile, JSON.stringify(servers.map((s) => ({http: s.httpPort, tcp: s.tcpPort, interserver: s.interserverPort}))) + "\n");
      break;
    } catch (error) {
      if (!(error instanceof ServerExited) || attempt === 3) {
        if (!options.dir) rmSync(root, {recursive: true, force: true});
        throw error;
      }
    }
  }

  const admin = clusterAdmin(servers.map((s) => s.httpPort));
  return {
    ...admin,
    servers,
    password,
    dir: root,
    async stop({keep = false} = {}) {
      await stopServers(servers);
      if (!keep && !options.dir) rmSync(root, {recursive: true, force: true});
    }
  };
}

export interface ClusterAdmin {
  /** the servers' HTTP ports, shard 1 first */
  httpPorts: number[];
  /** runs SQL as `default` on one server (the first unless given), returns its text output */
  sql(query: string, options?: {server?: number; input?: string | NodeJS.ReadableStream; settings?: Record<string, string | number>}): Promise<string>;
  /** the same statement on every server (databases and local tables) */
  onEveryServer(query: string): Promise<void>;
  /**
   * A table sharded over every server: `${name}_local` (MergeTree) on each, and `${name}` (Distributed over
   * them, rows spread by cityHash64(shardingKey)) on each too, so that any server answers for the whole table.
   */
  createShardedTable(database: string, name: string, columns: string, options?: {shardingKey?: string; orderBy?: string}): Promise<void>;
  /** Inserts into a (Distributed) table and waits until every shard has its rows. */
  insert(table: string, format: string, input: string | NodeJS.ReadableStream): Promise<void>;
}

/** Admin access (user `default`) to servers already running, by their HTTP ports: for tests in other processes. */
export function clusterAdmin(httpPorts: number[]): ClusterAdmin {
  const sql: ClusterAdmin["sql"] = async (query, {server = 0, input, settings = {}} = {}) => {
    const params = new URLSearchParams({user: "default", ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)]))});
    if (input === undefined) return httpText(`http://127.0.0.1:${httpPorts[server]}/?${params}`, query);
    // data after the query: the query goes in the URL, the data is the body (streamed)
    params.set("query", query);
    return httpText(`http://127.0.0.1:${httpPorts[server]}/?${params}`, input);
  };
  const onEveryServer = async (query: string) => {
    for (let i = 0; i < httpPorts.length; i++) await sql(query, {server: i});
  };
  return {
    httpPorts,
    sql,
    onEveryServer,
    async createShardedTable(database, name, columns, {shardingKey = "account_id", orderBy = "tuple()"} = {}) {
      await onEveryServer(`CREATE DATABASE IF NOT EXISTS ${database}`);
      await onEveryServer(`DROP TABLE IF EXISTS ${database}.${name}`);
      await onEveryServer(`DROP TABLE IF EXISTS ${database}.${name}_local`);
      await onEveryServer(`CREATE TABLE ${database}.${name}_local (${columns}) ENGINE = MergeTree ORDER BY ${orderBy}`);
      await onEveryServer(
        `CREATE TABLE ${database}.${name} AS ${database}.${name}_local ENGINE = Distributed(${CLUSTER_NAME}, ${database}, ${name}_local, cityHash64(${shardingKey}))`
      );
    },
    async insert(table, format, input) {
      await sql(`INSERT INTO ${table} FORMAT ${format}`, {input, settings: {insert_distributed_sync: 1}});
    }
  };
}

function tail(path: string): string {
  try {
    return readFileSync(path, "utf8").slice(-2000);
  } catch {
    return "";
  }
}

async function httpText(url: string, body: string | NodeJS.ReadableStream): Promise<string> {
  const response = await fetch(url, {method: "POST", body: body as BodyInit, ...(typeof body === "string" ? {} : {duplex: "half"})} as RequestInit);
  const text = await response.text();
  if (!response.ok) throw new Error(`ClickHouse: ${text.trim()}`);
  return text;
}

/** Closes each guard's pipe (the guard sends its server SIGTERM), then waits for each to exit (SIGKILL after 20 s). */
async function stopServers(servers: ClickHouseServer[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          const child = server.process;
          const done = () => {
            child.stdin?.destroy();
            resolve();
          };
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const timer = setTimeout(async () => {
            const pid = await server.serverPid;
            if (pid > 0) {
              try {
                process.kill(pid, "SIGKILL");
              } catch {
                // gone already
              }
            }
          }, 20_000);
          child.once("exit", () => {
            clearTimeout(timer);
            done();
          });
          child.stdin!.end();
        })
    )
  );
}

/** A file streamed as the body of an INSERT (e.g. `INSERT INTO db.t FORMAT CSVWithNames`). */
export function fileStream(path: string): NodeJS.ReadableStream {
  return createReadStream(path);
}

/** clickhouse-client on one server's TCP port (for what HTTP does not do as well: none so far). */
export function clickhouseClient(server: ClickHouseServer, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("clickhouse-client", ["--port", String(server.tcpPort), ...args], {maxBuffer: 64 << 20}, (error, stdout, stderr) => {
      if (error) reject(new Error(`clickhouse-client: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}
