// Framework runs this at build time; stdout is the file: the health page's database (accounts with
// the columns the page reads, and each account's 13-week sparkline), a DuckDB file the page
// attaches as it is. Tables in loaders/site/browserTables.ts.
import {HEALTH_DATABASE_TABLES} from "../../loaders/site/browserTables.js";
import {derivedDatabase} from "../../loaders/site/siteTable.js";

process.stdout.write(await derivedDatabase(HEALTH_DATABASE_TABLES));
