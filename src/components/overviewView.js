// The overview's "Book of business" for the reader's filters: with no filter, the build's answers
// (overview_first_view.json), drawn without the in-browser database; with filters, the same queries
// (shared/overviewQueries.js) asked of the database, which is fetched only then, on the first touch of
// the filter bar, or ahead on a fast connection once the page is idle (engineOnDemand.js).
//
//   const book = overviewView({firstView, database: () => FileAttachment("data/overview.duckdb").arrayBuffer(), controls: bar});
//   const {selection, bandMonths, tiers, renewals, funnel, atRisk} = await book(whereClause(filters, {settings}));
import {overviewAnswers, overviewSql} from "../shared/overviewQueries.js";
import {engineOnDemand} from "./engineOnDemand.js";

/**
 * @param {{firstView: {where: string, answers: Record<string, any[]>}, database: () => Promise<ArrayBuffer>, controls?: Element}} options
 *   firstView: the build's answers; database: fetches overview.duckdb; controls: the filter bar
 * @returns {(where: string) => Promise<Record<string, any>>}
 */
export function overviewView({firstView, database, controls}) {
  const engine = engineOnDemand(() => import("./db.js").then(({pulseDb}) => {
    const file = database();
    const db = pulseDb({accounts: {database: file}, health_history: {database: file}, funnel: {database: file}});
    // the filters are answered from here on (the page's timeline, for the benchmark and the tests)
    return db.ready.then(() => (performance.mark("pulse:filters-ready"), db));
  }), {controls});
  return async (where) => {
    if (where === firstView.where) return overviewAnswers(where, firstView.answers);
    const db = await engine.get();
    const sql = overviewSql(where);
    const answers = await Promise.all(Object.values(sql).map((query) => db.query(query)));
    return overviewAnswers(where, Object.fromEntries(Object.keys(sql).map((name, i) => [name, answers[i]])));
  };
}
