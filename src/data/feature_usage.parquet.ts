// Framework runs this at build time; stdout is the file. The table is built in loaders/.
import {siteTable} from "../../loaders/site/siteTable.js";

process.stdout.write(await siteTable("feature_usage.parquet"));
