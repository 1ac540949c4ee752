// Framework runs this at build time; stdout is the file: the overview's database (the columns of accounts
// and health_history it reads, and the funnel over all cohorts), a DuckDB file the page attaches as it is:
// nothing to decode on the page's thread. Tables in loaders/site/browserTables.ts.
import {OVERVIEW_DATABASE_TABLES} from "../../loaders/site/browserTables.js";
import {derivedDatabase} from "../../loaders/site/siteTable.js";

process.stdout.write(await derivedDatabase(OVERVIEW_DATABASE_TABLES));
