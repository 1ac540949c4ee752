// Framework runs this at build time; stdout is the file: the overview's "Book of business" with no
// filter (the selection strip, ARR by health band, tier mix, funnel, renewals, the largest ARR at
// risk), answered by the page's own SQL (shared/overviewQueries.js) over the same tables as
// overview.duckdb, so the page draws it without the in-browser engine.
import {overviewSql} from "../shared/overviewQueries.js";
import {OVERVIEW_DATABASE_TABLES} from "../../loaders/site/browserTables.js";
import {derivedAnswers} from "../../loaders/site/siteTable.js";

const where = "TRUE";
process.stdout.write(JSON.stringify({where, answers: await derivedAnswers(OVERVIEW_DATABASE_TABLES, overviewSql(where))}));
