// The health page's data for the reader's filters, and the order in which it is asked for
// (docs/site.md#keeping-a-page-fast has the why, with the measurements):
//
// - with no filter, the page is the build's (health_first_view.json, the same SQL: healthQueries.js),
//   drawn at once; the in-browser database starts at once too (a page whose controls all need it),
//   unless the browser asks to save data or the connection is slow: then at the first touch of the
//   page's controls (engineOnDemand.js), the build's first view staying on screen until then;
// - after a filter change, the health table's first page is asked first and alone (sent from the filter
//   bar's input event, before Framework runs the page's cells), the cards' and charts' queries only once
//   the table is drawn, and not at all for a view the reader has already left;
// - once the data is loaded, the engine is warmed up with the table's first page for each filter value
//   while the reader looks (db.warmUp).
//
//   const health = healthView({firstView, database: () => FileAttachment("data/health.duckdb").arrayBuffer(), settings, options, bar, controls});
//   const {first, table, totals, scoreBins, segments, grid, moves, afterTable} = health.view(where, {described, invalidation});
import {engineOnDemand} from "./engineOnDemand.js";
import {whereClause} from "./filterSql.js";
import {renewalWindows} from "./filterUrl.js";
import {currentCustomers} from "../shared/customers.js";
import {healthSummarySql} from "../shared/healthQueries.js";
import {healthTable, healthTableFirstQuery} from "./healthTable.js";

/**
 * @param {{firstView: Record<string, any>, database: () => Promise<ArrayBuffer>, settings: Record<string, any>,
 *   options: Record<string, string[]>, bar: HTMLElement, controls: Element}} page
 *   firstView: health_first_view.json; database: fetches health.duckdb; options: the filter bar's values
 *   (for the warm-up); bar: the filter bar; controls: what needs the database when touched (the page)
 */
export function healthView({firstView, database, settings, options, bar, controls}) {
  const engine = engineOnDemand(() => import("./db.js").then(({pulseDb}) => {
    const db = pulseDb({accounts: {database: database()}});
    return db.ready.then(() => db);
  }), {controls, ahead: "now"});
  // the page's database: what the page asks waits until something asked for the engine (a touch, a
  // filter the build did not draw, or at once where the connection allows), and does not start it
  const db = {
    query: (sql, params) => engine.whenAsked().then((db) => db.query(sql, params)),
    prefetch: (sqls) => engine.whenAsked().then((db) => db.prefetch(sqls))
  };
  // the health table first shows rows from the database: the filters are ready
  let resolveLive = () => {};
  const live = new Promise((resolve) => (resolveLive = resolve));
  let firstDraw = true;

  // a filter change asks for the table's first page from the filter bar's input event: Framework runs the
  // page's cells on the next animation frame, 10–20 ms later, and the table's cell takes this answer
  bar.addEventListener("input", () => db.prefetch([healthTableFirstQuery(currentCustomers(whereClause(/** @type {any} */ (bar).value, {settings})))]));

  // the warm-up: the table's first page for every tier, band and renewal window and for the first owner,
  // segment, region and industry, answers dropped, once the data is loaded
  engine.whenAsked().then((db) => db.warmUp([
    ...["tier", "band"].flatMap((name) => options[name].map((value) => ({[name]: [value]}))),
    ...renewalWindows.map((renewal) => ({renewal})),
    ...["owner", "segment", "region", "industry"].map((name) => ({[name]: options[name].slice(0, 1)}))
  ].map((filter) => healthTableFirstQuery(currentCustomers(whereClause(filter, {settings})))))).catch(() => {});

  return {
    db,

    /** Resolves when the charts' modules may load: once the table shows the database's rows, or at once while nothing asked for the engine. */
    chartsMayLoad: () => (engine.started() ? live : Promise.resolve()),

    /**
     * The page for the current customers that match where: {first (the build's view, or null), table
     * (a promise of the table element), totals, scoreBins, segments, grid, moves (rows, or promises of
     * them), afterTable (asks something once the table is drawn, for this view only), laterDb (a
     * database whose queries wait for the table), belowTable (draws something below the table once it is drawn)}.
     * @param {string} where
     * @param {{described: string, invalidation: Promise<unknown>}} view
     */
    view(where, {described, invalidation}) {
      const first = firstDraw && where === firstView.where ? firstView : null;
      firstDraw = false;
      if (!first) engine.get(); // a view the build did not draw: the database is needed now (the page says so)
      const table = healthTable(db, {where, described, initial: first?.table, settings});
      const tableLive = table.then((element) => /** @type {any} */ (element).ready);
      tableLive.then(
        () => (performance.getEntriesByName("pulse:filters-ready").length || performance.mark("pulse:filters-ready"), resolveLive()),
        () => resolveLive() // the table's cell shows what went wrong
      );
      const tableDrawn = tableLive.then(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
      // nothing more is asked for a view the reader has already left: its answer is then an error nobody
      // sees (Framework ignores a cell's outdated values, but waits for them to settle)
      let shown = true;
      invalidation.then(() => (shown = false));
      /** @type {<T>(ask: () => Promise<T>) => Promise<T>} */
      const afterTable = (ask) => {
        const answer = tableDrawn.then(() => (shown ? ask() : Promise.reject(new Error("a later filter change replaced this view"))));
        answer.catch(() => {}); // not reported as unhandled when the view is outdated; Framework shows any other error in its cell
        return answer;
      };
      // the build's first view is confirmed once the table is drawn, and not at all for a view the reader
      // has left (nothing waits for that answer: the table was drawn from the build's rows)
      const laterDb = {
        query: (sql, params) => (first ? tableDrawn.then(() => (shown ? db.query(sql, params) : new Promise(() => {}))) : afterTable(() => db.query(sql, params)))
      };
      const summary = healthSummarySql(where);
      return {
        first,
        table,
        afterTable,
        laterDb,
        // what is drawn below the table (the moved-down table): after the table, in a task of its own, when
        // the engine is coming; at once when nothing asked for it (the build's first view, Save-Data)
        belowTable: (draw) => {
          const drawn = first && !engine.started() ? Promise.resolve().then(draw) : first ? tableDrawn.then(draw) : draw();
          drawn.catch(() => {}); // an outdated view's error is not reported as unhandled (its queries wait for afterTable)
          return drawn;
        },
        totals: first ? first.totals : afterTable(() => db.query(summary.totals).then(([row]) => row)),
        scoreBins: first ? first.scoreBins : afterTable(() => db.query(summary.scoreBins)),
        segments: first ? first.segments : afterTable(() => db.query(summary.segments)),
        grid: first ? first.grid : afterTable(() => db.query(summary.grid)),
        moves: first ? first.moves : afterTable(() => db.query(summary.moves))
      };
    }
  };
}
