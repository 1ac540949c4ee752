// Framework runs this at build time; stdout is the file: the health page with no filter (the table's
// first page and counts, the KPI cards, the charts' rows) answered by the page's own SQL
// (src/components/healthQueries.js) over the same tables as health.duckdb, so the page draws it
// while DuckDB-Wasm starts.
import {healthFirstView, healthFirstViewSql} from "../../src/shared/healthQueries.js";
import {HEALTH_DATABASE_TABLES} from "../../loaders/site/browserTables.js";
import {derivedAnswers} from "../../loaders/site/siteTable.js";

const {where, queries} = healthFirstViewSql();
process.stdout.write(JSON.stringify(healthFirstView(where, await derivedAnswers(HEALTH_DATABASE_TABLES, queries))));
