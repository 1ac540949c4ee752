// The in-browser database (DuckDB-Wasm: its worker and a 6 MB engine on the wire) fetched only when a
// page needs it, on a page whose first view the build has drawn already (the overview, the health
// page): when the reader first touches a filter or a control that needs it, when the page is opened
// with filters the build did not precompute, or, on a fast connection, once the page is idle (so that
// the first filter change does not wait for it). Never on idle when the browser asks to save data
// (navigator.connection.saveData) or says the connection is slow (effectiveType 2g or 3g); nor, when
// the browser does not say (Safari, Firefox), on a phone-sized screen. After a touch the page says in
// words that the database is loading (updating.js). docs/site.md#a-page-drawn-by-the-build
//
//   const engine = engineOnDemand(() => import("./components/x.js").then((m) => m.start()), {controls: bar});
//   const db = await engine.get(); // asks for it now (a filter is set), with the page saying so
import {fetchAheadHere} from "./fetchAhead.js";
import {engineLoading} from "./updating.js";

/**
 * The engine, started at most once by start() (which returns a promise of the page's database):
 * on the first touch of controls (pointer down, key, focus or input inside it, a link aside), on
 * get(), or ahead when mayFetchAhead allows it: once the page is idle (ahead: "idle"), or at once
 * (ahead: "now", a page whose controls all need the engine). Returns {get, whenAsked, started}.
 * @template T
 * @param {() => Promise<T>} start
 * @param {{controls?: Element | null, ahead?: "idle" | "now"}} options
 */
export function engineOnDemand(start, {controls, ahead = "idle"} = {}) {
  /** @type {Promise<T> | null} */
  let engine = null;
  let ready = false;
  /** @type {(engine: Promise<T>) => void} */
  let asked = () => {};
  /** @type {Promise<T>} */
  const whenAsked = new Promise((resolve) => (asked = resolve));
  const begin = (why) => {
    if (!engine) {
      globalThis.performance?.mark?.(`pulse:engine-asked:${why}`);
      engine = start();
      engine.then(() => (ready = true), () => (ready = true));
      asked(engine);
    }
    return engine;
  };
  // the reader is waiting: the page says so until the engine is there
  const wanted = (why) => {
    const started = begin(why);
    if (!ready) engineLoading(started);
    return started;
  };
  if (controls) {
    const touched = (/** @type {Event} */ event) => {
      if (/** @type {Element | null} */ (event.target)?.closest?.("a[href]")) return; // a link leaves the page
      for (const type of touches) controls.removeEventListener(type, touched, true);
      wanted("touch");
    };
    for (const type of touches) controls.addEventListener(type, touched, {capture: true, passive: true});
  }
  if (ahead === "now" && fetchAheadHere()) begin("now");
  else whenIdle(() => fetchAheadHere() && begin("idle"));
  return {
    /** The database, started now if it was not (the page says it is loading). */
    get: () => wanted("asked"),
    /** The database once something asked for it: queries the reader did not ask for wait here, they do not start it. */
    whenAsked: () => whenAsked,
    /** Whether the engine was asked for. */
    started: () => engine != null
  };
}

const touches = ["pointerdown", "keydown", "focusin", "input"];

/** How long after the page's load event, at least, an idle page fetches the engine ahead, in ms. */
export const AHEAD_AFTER_LOAD_MS = 1000;


/** Runs fn once the page has loaded and the browser is idle (AHEAD_AFTER_LOAD_MS after the load event at least). */
function whenIdle(fn) {
  if (typeof window === "undefined") return;
  const idle = () => setTimeout(() => (window.requestIdleCallback ? requestIdleCallback(() => fn(), {timeout: 5000}) : fn()), AHEAD_AFTER_LOAD_MS);
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, {once: true});
}
