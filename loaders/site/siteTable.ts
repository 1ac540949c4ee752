// What the site's data loaders (src/data/*.ts) call: the bytes of one built table.
// `pulse build` builds the tables first and passes their folder in PULSE_TABLES_DIR; a bare
// `observable build` or `observable preview` builds them here (cached per inputs).
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {buildTables} from "../build.js";

async function tablesDir(): Promise<string> {
  const given = process.env.PULSE_TABLES_DIR;
  if (given) return given;
  const built = await buildTables({}, (message) => process.stderr.write(`[pulse] ${message}\n`));
  return built.dir;
}

export async function siteTable(file: string): Promise<Buffer> {
  const dir = await tablesDir();
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`${file} was not built (looked in ${dir})`);
  return readFileSync(path);
}
