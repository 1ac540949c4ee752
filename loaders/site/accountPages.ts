// The account page's bucket files (src/shared/accountPages.js says why and what is in one),
// built in DuckDB SQL from the built tables: each account's rows gathered into one JSON entry, the
// entries grouped by bucket, one gzip JSON file per bucket. `pulse build` writes them into the
// site's data/account-pages/ after Framework has rendered the pages (loaders/cli/renderSite.ts):
// 256 files are not worth 256 Framework data loader runs nor unpacking 256 members of an archive
// (~0.1 s each at 50,000 accounts). Under `npm run dev`, src/data/account-pages/[bucket].json.gz.ts
// serves one bucket at a time.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {gzip} from "node:zlib";
import {ACCOUNT_PAGE_BUCKETS, HASH_MODULUS, HASH_MULTIPLIER, accountPageParts, accountPagePath} from "../../src/shared/accountPages.js";
import {sqlIdent, sqlString} from "../db.js";
import {overBuiltTables, tablesDir, withScratchDb} from "./siteTable.js";

/** SQL for accountBucket(column) of src/shared/accountPages.js: the same hash of the id's code points. */
export function accountBucketSql(column: string): string {
  const h = `list_reduce(list_transform(string_split(${column}, ''), c -> unicode(c)::BIGINT), (h, c) -> (h * 31 + c) % ${HASH_MODULUS}, 0::BIGINT)`;
  return `((${h} * ${HASH_MULTIPLIER}) % 65536 // 256)`;
}

const DATE_TYPES = /^(DATE|TIMESTAMP.*)$/;
const gzipAsync = promisify(gzip);

/**
 * Writes every bucket file into dir (NNN.json.gz; a bucket without accounts gets a file too, with
 * no accounts). The JSON is made in SQL: no row of the tables passes through JavaScript, only each
 * bucket's finished text, one at a time.
 */
export async function writeAccountPages(dir: string, tables?: string): Promise<void> {
  tables ??= await tablesDir();
  mkdirSync(dir, {recursive: true});
  await withScratchDb(async (connection) => {
    const rows = async <T>(sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as T[];
    const dates: Record<string, string[]> = {};
    const entries: string[] = [];
    for (const [part, {select, one, order}] of Object.entries(accountPageParts) as [string, {select: string; one?: boolean; order?: string}][]) {
      const table = sqlIdent(`part_${part}`);
      await connection.run(`CREATE TABLE ${table} AS ${overBuiltTables(select, tables)}`);
      const columns = await rows<{column_name: string; column_type: string}>(`SELECT column_name, column_type FROM (DESCRIBE ${table})`);
      dates[part] = columns.filter((c) => DATE_TYPES.test(c.column_type)).map((c) => c.column_name);
      // the account's row as an object, or its rows column by column: {column: [values in the page's order]}
      const kept = columns.map((c) => c.column_name).filter((name) => one || name !== "account_id");
      const json = one
        ? `to_json({${kept.map((name) => `${sqlIdent(name)}: p.${sqlIdent(name)}`).join(", ")}})`
        : `to_json({${kept.map((name) => `${sqlIdent(name)}: list_transform(r, x -> x.${sqlIdent(name)})`).join(", ")}})`;
      const from = one
        ? `${table} p`
        : `(SELECT account_id, list({${kept.map((name) => `${sqlIdent(name)}: ${sqlIdent(name)}`).join(", ")}} ORDER BY ${order}) AS r FROM ${table} GROUP BY account_id) p`;
      await connection.run(`CREATE TABLE ${sqlIdent(`json_${part}`)} AS SELECT p.account_id, ${json} AS j FROM ${from}`);
      entries.push(`${sqlString(JSON.stringify(part))} || ':' || COALESCE(${sqlIdent(`json_${part}`)}.j::VARCHAR, 'null')`);
    }
    const joins = Object.keys(accountPageParts)
      .filter((part) => part !== "account")
      .map((part) => `LEFT JOIN ${sqlIdent(`json_${part}`)} USING (account_id)`)
      .join("\n");
    await connection.run(`CREATE TABLE buckets AS
      SELECT b.bucket,
        ${sqlString(JSON.stringify(dates))} AS dates,
        '{' || COALESCE(string_agg(to_json(e.account_id)::VARCHAR || ':{' || e.entry || '}', ',' ORDER BY e.account_id), '') || '}' AS accounts
      FROM range(${ACCOUNT_PAGE_BUCKETS}) AS b(bucket)
      LEFT JOIN (
        SELECT ${accountBucketSql("account_id")} AS bucket, account_id, ${entries.join(" || ',' || ")} AS entry
        FROM json_account
        ${joins}
      ) e USING (bucket)
      GROUP BY b.bucket`);
    // one bucket's JSON at a time out of DuckDB (~1 MB at 50,000 accounts), gzipped off the main
    // thread while the next is read: faster than DuckDB's own JSON writer, which re-serialises it
    let writing: Promise<void> = Promise.resolve();
    for (let bucket = 0; bucket < ACCOUNT_PAGE_BUCKETS; bucket++) {
      const [{json}] = await rows<{json: string}>(`SELECT '{"dates":' || dates || ',"accounts":' || accounts || '}' AS json FROM buckets WHERE bucket = ${bucket}`);
      const file = join(dir, accountPageFile(bucket));
      await writing;
      writing = gzipAsync(json, {level: 6}).then((bytes) => writeFileSync(file, bytes));
    }
    await writing;
  });
}

/** The name of a bucket's file in data/account-pages/: 007.json.gz */
const accountPageFile = (bucket: number) => accountPagePath(bucket).slice("data/account-pages/".length);

/** One bucket file's bytes (for Framework's preview, which asks for one file at a time). */
export async function accountPageBucket(bucket: number): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "pulse-account-pages-"));
  try {
    await writeAccountPages(dir);
    return readFileSync(join(dir, accountPageFile(bucket)));
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}
