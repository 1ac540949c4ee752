// Framework runs this at build time; stdout is the file: each filter's values (owners, tiers,
// segments, regions, industries, bands) as JSON, so every page draws its filter bar at once,
// before the in-browser database is ready. SQL in loaders/site/browserTables.ts.
import {FILTER_OPTIONS_SQL} from "../../loaders/site/browserTables.js";
import {derivedRows} from "../../loaders/site/siteTable.js";

const [options] = await derivedRows(FILTER_OPTIONS_SQL);
process.stdout.write(JSON.stringify(options ?? {}));
