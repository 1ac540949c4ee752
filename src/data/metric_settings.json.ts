// Framework runs this at build time; stdout is the file: the one row of metric_settings (the as-of
// date and every threshold, weight and churn-watch rule of this build) as a JSON object. A page reads
// it with FileAttachment(...).json() before the in-browser database is ready. With it,
// health_components_unmeasured: the health score's components measured for no account in this build
// ({id, label, why}, from health_components.parquet), which the health table shows in one sentence
// instead of a column of "not measured".
import {derivedRows} from "../../loaders/site/siteTable.js";

const [settings] = await derivedRows(`SELECT * FROM {metric_settings}`);
const unmeasured = await derivedRows(`
  SELECT component AS id, any_value(label) AS label, any_value(measured) AS why
  FROM {health_components}
  GROUP BY component HAVING NOT bool_or(measured_for_account)
  ORDER BY min(position)`);
process.stdout.write(JSON.stringify({...settings, health_components_unmeasured: unmeasured}));
