// Framework runs this at build time; stdout is the file: the health page with no filter (the table's
// first page and counts, the KPI cards, the charts' rows) answered by the page's own SQL
// (src/components/healthQueries.js) over the same tables as health.duckdb, so the page draws it
// while DuckDB-Wasm starts.
import {healthFirstViewSql} from "../../src/components/healthQueries.js";
import {HEALTH_DATABASE_TABLES} from "../../loaders/site/browserTables.js";
import {derivedAnswers} from "../../loaders/site/siteTable.js";

const {where, queries} = healthFirstViewSql();
const answers = await derivedAnswers(HEALTH_DATABASE_TABLES, queries);
const counted = (count: Record<string, unknown>[]) => ({found: Number(count[0].found), total: Number(count[0].total)});
process.stdout.write(
  JSON.stringify({
    where,
    table: {rows: answers.tableRows, ...counted(answers.tableCount)},
    movedDown: {rows: answers.movedDownRows, ...counted(answers.movedDownCount)},
    totals: answers.totals[0],
    scoreBins: answers.scoreBins,
    segments: answers.segments,
    grid: answers.grid,
    moves: answers.moves,
    former: answers.former[0].former
  })
);
