// Links between pages carry the current filters, so they follow the reader from page to page. A page
// installs the carrying with one call (a filter bar does it for its page); nothing runs on import.
//
//   carryFiltersInLinks(); // links are rewritten as they are hovered, pressed or focused
import {readFilters, replaceFilters} from "./filterUrl.js";

// The site's root is two folders above this module (dist/_import/components/filterLinks.*.js).
const siteRoot = new URL("../../", import.meta.url).pathname;

/** A link to another page of the site with the current filters; other links are unchanged. */
export function withFilters(href, filters = readFilters()) {
  const url = new URL(href, location.href);
  if (!isSitePage(url)) return href;
  url.search = replaceFilters(url.search, filters);
  return url.href;
}

/** Rewrites the site's links under root (default: the whole page) to carry the current filters. */
export function carryFilters(root = document) {
  for (const link of root.querySelectorAll("a[href]")) carryLink(link);
}

/**
 * Rewrites the page's links a moment after a filter change, once the page has redrawn for it (a
 * page's hundreds of links cost ~10–30 ms, which a filter change would otherwise wait for); a link
 * followed before that is rewritten as it is hovered, pressed or focused (carryFiltersInLinks).
 */
export function carryFiltersSoon() {
  clearTimeout(carryLater);
  carryLater = setTimeout(() => carryFilters(), 300);
}
let carryLater;

/**
 * A link to a page of the site with the given filters (e.g. the current ones plus one segment),
 * marked data-filters="own" so the carrying leaves its filters as they are.
 * pageHref: "./health.html", or "./account.html?id=ACC-1" (its other parameters are kept).
 */
export function linkWithFilters(pageHref, filters) {
  const [address, hash] = pageHref.split("#");
  const [path, search = ""] = address.split("?");
  return `${path}${replaceFilters(search ? `?${search}` : "", filters)}${hash ? `#${hash}` : ""}`;
}

/**
 * Links drawn later (tables, cells) are rewritten just in time: on hover, press or keyboard focus.
 * Installs the document's listeners once per page; later calls do nothing.
 */
export function carryFiltersInLinks() {
  if (installed || typeof document === "undefined") return;
  installed = true;
  for (const type of ["pointerover", "pointerdown", "focusin"]) {
    document.addEventListener(type, (event) => {
      const link = /** @type {Element | null} */ (event.target)?.closest?.("a[href]");
      if (link) carryLink(link);
    }, {capture: true, passive: true});
  }
}
let installed = false;

function carryLink(link) {
  const href = link.getAttribute("href");
  if (!href || href.startsWith("#") || link.hasAttribute("download") || link.dataset.filters === "own") return;
  const carried = withFilters(href);
  if (carried !== href) link.setAttribute("href", carried);
}

function isSitePage(url) {
  if (url.origin !== location.origin || !url.pathname.startsWith(siteRoot)) return false;
  const rest = url.pathname.slice(siteRoot.length);
  return !rest.startsWith("_") && /(^|\/)([^./]+|[^/]+\.html)?$/.test(rest); // a page, not a file
}
