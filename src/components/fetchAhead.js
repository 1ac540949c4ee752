// Whether a page may fetch what the reader has not asked for yet (the in-browser database): not when
// the browser asks to save data (navigator.connection.saveData), not on a slow connection (effectiveType
// 2g or 3g), and, when the browser does not say (Safari, Firefox), not on a phone-sized screen. A module
// that imports nothing, so that a page's first cell can use it (engineWorker.js beside it).

/** effectiveType values of a slow connection: the engine waits for the reader there. */
export const SLOW_CONNECTIONS = ["slow-2g", "2g", "3g"];

/**
 * Whether the page may fetch the engine before the reader asks for it: not when the browser asks to
 * save data, not on a slow connection, and, when the browser does not say, not on a phone-sized screen.
 * @param {{saveData?: boolean, effectiveType?: string} | undefined} connection navigator.connection
 * @param {boolean} phone a phone-sized screen (max-width: 640px, as style.css)
 */
export function mayFetchAhead(connection, phone) {
  if (connection?.saveData) return false;
  if (connection?.effectiveType) return !SLOW_CONNECTIONS.includes(connection.effectiveType);
  return !phone;
}

/** mayFetchAhead for this browser and screen. */
export function fetchAheadHere() {
  const connection = /** @type {any} */ (globalThis.navigator)?.connection;
  return mayFetchAhead(connection, globalThis.matchMedia?.("(max-width: 640px)").matches ?? false);
}
