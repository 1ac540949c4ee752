// Framework runs this at build time; stdout is the file: each account's weekly visits over the
// last 13 weeks, for the health table's sparklines (SQL in loaders/site/browserTables.ts).
import {SPARKLINES_SQL} from "../../loaders/site/browserTables.js";
import {derivedFile} from "../../loaders/site/siteTable.js";

process.stdout.write(await derivedFile(SPARKLINES_SQL, "parquet"));
