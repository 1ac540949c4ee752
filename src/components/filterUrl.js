// The filters in the URL's query string, so a copied link reopens the same view:
//
//   ?owner=Alice%20Wong&tier=S,A&band=red&renewal=90&support=escalated
//
// Values are separated by "," and each value is URI-encoded (a comma inside a value is %2C). An empty
// filter means "all". Other query parameters (e.g. ?account=A0042, a page's own ?reason=…) are kept as
// they are. No DOM here but the address bar, and nothing runs on import.
import {filterColumns} from "../shared/filterColumns.js";
import {renewalBuckets} from "../shared/renewalBuckets.js";

/** Filter name in the URL → column of the accounts table. */
export {filterColumns};

/**
 * Renewal windows offered, in days (the renewal outlook's windows, src/shared/renewalBuckets.js); the filter
 * keeps accounts with days_to_renewal ≤ N.
 */
export const renewalWindows = renewalBuckets.map((bucket) => bucket.max);

/** Every filter's name in the URL. */
export const filterNames = [...Object.keys(filterColumns), "renewal", "support"];

/** The filters whose value is a list (every one but the renewal window). */
export const listFilterNames = [...Object.keys(filterColumns), "support"];

/** The filters in a query string (default: the page's URL). Unknown renewal windows read as "any". */
export function readFilters(search = globalThis.location?.search ?? "") {
  const params = new Map(parseQuery(search).map(({key, raw}) => [key, raw]));
  const values = (name) => (params.get(name) ?? "").split(",").map(decode).filter((value) => value !== "");
  const filters = {};
  for (const name of Object.keys(filterColumns)) filters[name] = values(name);
  const renewal = Number(decode(params.get("renewal") ?? ""));
  filters.renewal = renewalWindows.includes(renewal) ? renewal : null;
  filters.support = values("support");
  return filters;
}

/** The query-string part for some filters, without "?": owner=Alice%20Wong&tier=S,A. */
export function filterQuery(filters) {
  const parts = [];
  for (const name of Object.keys(filterColumns)) {
    const values = filters[name] ?? [];
    if (values.length) parts.push(`${name}=${values.map((value) => encodeURIComponent(value)).join(",")}`);
  }
  if (filters.renewal != null) parts.push(`renewal=${encodeURIComponent(filters.renewal)}`);
  if (filters.support?.length) parts.push(`support=${filters.support.map((value) => encodeURIComponent(value)).join(",")}`);
  return parts.join("&");
}

/** A URL's query string with its filters replaced by the given ones; other parameters are kept. */
export function replaceFilters(search, filters) {
  const others = parseQuery(search).filter(({key}) => !filterNames.includes(key)).map(({part}) => part);
  const query = [...others, filterQuery(filters)].filter(Boolean).join("&");
  return query ? `?${query}` : "";
}

/** Puts the filters into the address bar (no new history entry). */
export function writeFilters(filters) {
  const url = new URL(location.href);
  url.search = replaceFilters(url.search, filters);
  history.replaceState(history.state, "", url);
}

/**
 * A page's own parameter beside the filters (the churn watch's reason=…): its value in a query string,
 * or null when absent or empty.
 */
export function readPageParam(key, search = globalThis.location?.search ?? "") {
  const raw = parseQuery(search).find((p) => p.key === key)?.raw;
  const value = raw === undefined ? "" : decode(raw);
  return value === "" ? null : value;
}

/** A query string with one page parameter set (or removed, for null); the filters and the rest kept as written. */
export function replacePageParam(search, key, value) {
  const others = parseQuery(search).filter((p) => p.key !== key).map(({part}) => part);
  const query = [...others, value == null || value === "" ? "" : `${encodeURIComponent(key)}=${encodeURIComponent(value)}`].filter(Boolean).join("&");
  return query ? `?${query}` : "";
}

/** Puts a page parameter into the address bar (no new history entry), so a copied link keeps it. */
export function writePageParam(key, value) {
  const url = new URL(location.href);
  url.search = replacePageParam(url.search, key, value);
  history.replaceState(history.state, "", url);
}

function parseQuery(search) {
  return search
    .replace(/^\?/, "")
    .split("&")
    .filter(Boolean)
    .map((part) => {
      const i = part.indexOf("=");
      return {part, key: decode(i < 0 ? part : part.slice(0, i)), raw: i < 0 ? "" : part.slice(i + 1)};
    });
}

function decode(text) {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}
