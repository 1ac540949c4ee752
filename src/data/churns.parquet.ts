// Framework runs this at build time; stdout is the file: churns.parquet as built (one row per churn:
// churned, notice, contradicted, no_contract; loaders/metrics/sql/facts/fct_churns.sql), for the
// "Why customers left" page.
import {siteTable} from "../../loaders/site/siteTable.js";

process.stdout.write(await siteTable("churns.parquet"));
