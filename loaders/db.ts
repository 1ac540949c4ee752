// One DuckDB database for a build: SQL does the work, this wrapper only runs it and hands rows back.
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";

export type Row = Record<string, unknown>;

export class PulseDb {
  private constructor(private readonly instance: DuckDBInstance, private readonly connection: DuckDBConnection) {}

  static async open(options: {threads?: number; memoryLimit?: string} = {}): Promise<PulseDb> {
    const settings: Record<string, string> = {};
    if (options.threads) settings.threads = String(options.threads);
    if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
    const instance = await DuckDBInstance.create(":memory:", settings);
    const connection = await instance.connect();
    // timestamps without a zone are UTC, whatever the machine's zone
    await connection.run("SET TimeZone = 'UTC'");
    return new PulseDb(instance, connection);
  }

  /** Runs one or more statements for their effect. */
  async run(sql: string): Promise<void> {
    try {
      await this.connection.run(sql);
    } catch (error) {
      throw withPulseStack(error);
    }
  }

  /** Runs a query and returns its rows as plain objects (BIGINT as number, DATE as 'YYYY-MM-DD'). */
  async rows<T = Row>(sql: string): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql).catch((error) => {
      throw withPulseStack(error);
    });
    return reader.getRowObjectsJS().map((row) => plain(row)) as T[];
  }

  async value<T = unknown>(sql: string): Promise<T> {
    const [row] = await this.rows(sql);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** DuckDB's errors come from its own threads with no JavaScript trace: give them the one of the Pulse code that ran the SQL (pulse --debug shows it). */
function withPulseStack(error: unknown): unknown {
  if (error instanceof Error && !/\n\s+at /.test(error.stack ?? "")) Error.captureStackTrace(error, withPulseStack);
  return error;
}

function plain(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString().endsWith("T00:00:00.000Z") ? value.toISOString().slice(0, 10) : value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
