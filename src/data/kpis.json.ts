// Framework runs this at build time; stdout is the file: the business KPIs (the kpis table, one row per
// month end and the as-of date) with the thresholds they are judged by (from metric_settings), as JSON.
// A few kilobytes, so the overview shows its headline numbers before the in-browser database (a 34 MB
// engine) is ready. The numbers are the kpis table's, unchanged: DuckDB writes them as JSON. The settings
// also say what the exports can measure, and the support filter's satisfaction scale (filters.js).
import {derivedRows} from "../../loaders/site/siteTable.js";

const [settings] = await derivedRows(
  `SELECT as_of, kpi_period_months, gross_margin, renewal_critical_rate, healthy_ltv_to_cac, concentration_top_share,
          users_measured, key_users_measured, support_measured, churn_events_given, support_window_days, support_satisfaction_scale
   FROM {metric_settings}`
);
const periods = await derivedRows(`SELECT * FROM {kpis} ORDER BY period_end`);
process.stdout.write(JSON.stringify({settings, periods}));
