// Framework runs this at build time; stdout is the file: the one row of metric_settings (the as-of
// date and every threshold, weight and churn-watch rule of this build) as a JSON object. A page reads
// it with FileAttachment(...).json() before the in-browser database is ready.
import {derivedRows} from "../../loaders/site/siteTable.js";

const [settings] = await derivedRows(`SELECT * FROM {metric_settings}`);
process.stdout.write(JSON.stringify(settings));
