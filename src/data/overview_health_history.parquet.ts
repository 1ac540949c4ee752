// Framework runs this at build time; stdout is the file: the columns of health_history the overview page
// reads, and no others (SQL in loaders/site/browserTables.ts).
import {OVERVIEW_HISTORY_SQL} from "../../loaders/site/browserTables.js";
import {derivedFile} from "../../loaders/site/siteTable.js";

process.stdout.write(await derivedFile(OVERVIEW_HISTORY_SQL, "parquet"));
