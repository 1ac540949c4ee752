// Framework runs this at build time; stdout is the file: the columns of accounts the overview page
// reads, and no others (SQL in loaders/site/browserTables.ts).
import {OVERVIEW_ACCOUNTS_SQL} from "../../loaders/site/browserTables.js";
import {derivedFile} from "../../loaders/site/siteTable.js";

process.stdout.write(await derivedFile(OVERVIEW_ACCOUNTS_SQL, "parquet"));
