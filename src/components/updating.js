// The page says when what it shows is about to change: between a reader's change of a filter (or of any
// control on the page) and the page's answer, the page's element has the attribute data-updating, the
// cards and charts under the filter bar are dimmed and a status line says "Updating…". While the page's
// first answers are still on their way (the in-browser database starting), data-loading and the same
// line say "Loading…". Nothing to set up on a page: db.js reports each query it sends and answers
// (queryStarted / queryAnswered), and a change is any input event in the page's main element.
//
// The page has answered when no query has been waiting for QUIET_MS: Framework runs the cells that
// depend on a change on the next animation frame, and a cell that waits for another's answer sends its
// own query a frame or two after it, so a short pause between two queries is not the end. Checked with
// a timer, not on every frame: the page's thread stays free while the engine starts.
// docs/site.md#updating

/** How long the page must have no query in flight before its answer counts as complete, in ms. */
export const QUIET_MS = 150;

let inFlight = 0; // the page's queries sent and not answered
let lastActivity = 0; // when a query was sent or answered, or a control changed (performance.now())
let state = null; // "loading" | "updating" | null
let check = null; // the timer that looks again whether the page has answered
let status = null; // the status line, created on first use

/** A query was sent (db.js). */
export function queryStarted() {
  inFlight++;
  lastActivity = now();
  if (!state) show("loading");
}

/** A query was answered, or failed (db.js). */
export function queryAnswered() {
  inFlight = Math.max(0, inFlight - 1);
  lastActivity = now();
  if (state && inFlight === 0) watchSoon();
}

/**
 * The in-browser database is loading while the reader waits for it (engineOnDemand.js): the page says
 * so in words until it is there, and counts as not answered until then.
 * @param {Promise<unknown>} ready
 */
export function engineLoading(ready) {
  engines++;
  queryStarted();
  show(state ?? "loading");
  const done = () => {
    engines--;
    queryAnswered();
    if (state) statusLine().textContent = statusText();
  };
  ready.then(done, done);
}
let engines = 0; // engines loading while the reader waits

/** The reader changed something: the page shows "Updating…" until it has answered. */
export function changeStarted() {
  lastActivity = now();
  show("updating");
}

/** What the page is doing now: "loading", "updating" or null (settled). */
export function pageState() {
  return state;
}

function show(next) {
  state = next;
  const root = document.documentElement;
  root.toggleAttribute("data-loading", next === "loading");
  root.toggleAttribute("data-updating", next === "updating");
  statusLine().textContent = statusText();
  watchSoon();
}

/** Looks again once QUIET_MS have passed since the last query or change (a query answered looks again). */
function watchSoon() {
  clearTimeout(check);
  check = setTimeout(watch, Math.max(0, QUIET_MS - (now() - lastActivity)) + 10);
}

function watch() {
  if (!state || inFlight > 0) return; // a query still out looks again when it is answered
  if (now() - lastActivity < QUIET_MS) return watchSoon();
  const was = state;
  state = null;
  document.documentElement.removeAttribute("data-loading");
  document.documentElement.removeAttribute("data-updating");
  statusLine().textContent = "";
  performance.mark(was === "updating" ? "pulse:updated" : "pulse:loaded");
}

function statusText() {
  if (engines > 0) return "Loading the database for the filters…";
  return state === "updating" ? "Updating…" : "Loading…";
}

function statusLine() {
  if (!status) {
    status = document.createElement("div");
    status.className = "page-status";
    status.setAttribute("role", "status"); // read out politely by screen readers
    document.body.append(status);
  }
  return status;
}

function now() {
  return performance.now();
}

if (typeof document !== "undefined") {
  document.addEventListener("input", (event) => {
    // the filter bar and the page's own controls; a list's find box (multiSelect) keeps its input to itself
    const target = event.target;
    if (target?.closest?.("#observablehq-main") && !target.matches?.(".pulse-multi-search")) changeStarted();
  }, {capture: true});
}
