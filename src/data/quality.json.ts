// Framework runs this at build time; stdout is the file: the data-quality report.
import {siteTable} from "../../loaders/site/siteTable.js";

process.stdout.write(await siteTable("quality.json"));
