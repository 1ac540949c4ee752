// Framework runs this at build time; stdout is the file: the churn events the backtest does not count, by status
// (notice, contradicted, no_contract: churns.parquet, docs/metrics.md#churn), so the Backtest page can say so.
import {derivedRows} from "../../loaders/site/siteTable.js";

const rows = await derivedRows(`SELECT status, count(*) AS events, sum(arr_lost) AS arr FROM {churns} WHERE status <> 'churned' GROUP BY status ORDER BY status`);
process.stdout.write(JSON.stringify(rows));
