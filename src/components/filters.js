// The filters every page shares: owner, tier, segment, region, industry, health band, renewal
// window and support (supportFilter.js; offered only when the build has a support tickets export).
// They live in the URL query string, so a copied link reopens the same view:
//
//   ?owner=Alice%20Wong&tier=S,A&band=red&renewal=90&support=escalated
//
// Values are separated by "," and each value is URI-encoded (a comma inside a value is %2C).
// An empty filter means "all". Other query parameters (e.g. ?account=A0042) are kept as they are.
//
// On a page:
//   const filters = view(filterBar(await filterOptions(FileAttachment("data/filter_options.json").json())));  // reads and writes the URL
//   const where = whereClause(filters, {settings});              // SQL over the accounts table (settings: metric_settings)
import * as Inputs from "@observablehq/inputs";
import {html} from "htl";
import {filterColumns} from "../shared/filterColumns.js";
import {multiSelect} from "./multiSelect.js";
import {sqlList} from "../shared/sql.js";
import {bands, segmentLabel, segments, tiers} from "./palette.js";
import {supportFilterLabel, supportFilterSql, supportFilterValues} from "../shared/supportFilter.js";

/** Filter name in the URL → column of the accounts table. */
export {filterColumns};

/** Renewal windows offered, in days; the filter keeps accounts with days_to_renewal ≤ N. */
export const renewalWindows = [30, 60, 90, 180];

const filterNames = [...Object.keys(filterColumns), "renewal", "support"];

/** The filters that are not a column's values: the renewal window and support (conditions over several columns). */
const listFilterNames = [...Object.keys(filterColumns), "support"];

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

/**
 * Puts the filters into the address bar (no new history entry) and into the site's links. The
 * links are rewritten a moment later, once the page has redrawn for the change (a page's hundreds
 * of links cost ~10–30 ms, which a filter change would otherwise wait for); a link followed before
 * that is rewritten as it is hovered, pressed or focused (below).
 */
export function writeFilters(filters) {
  const url = new URL(location.href);
  url.search = replaceFilters(url.search, filters);
  history.replaceState(history.state, "", url);
  clearTimeout(carryLater);
  carryLater = setTimeout(() => carryFilters(), 300);
}
let carryLater;

/**
 * SQL condition for the filters over the accounts table's columns; "TRUE" when nothing is set.
 * table: an alias to qualify the columns with, for a query that joins accounts with a table that
 * has columns of the same name (health_history has tier, segment, health_band):
 * whereClause(filters, {table: "a"}) → a.tier IN ('S'). settings: the build's metric_settings (the
 * support filter's "low satisfaction" is in the lowest quarter of its satisfaction scale); a page
 * whose filter bar offers support passes them. only: the filters that apply (the others are left
 * out), for a table with fewer columns than accounts (churns: owner, tier, segment, region, industry).
 */
export function whereClause(filters, {table, settings, only} = {}) {
  const prefix = table ? `${table}.` : "";
  const applies = (name) => !only || only.includes(name);
  const conditions = [];
  for (const [name, column] of Object.entries(filterColumns)) {
    const values = filters[name] ?? [];
    if (values.length && applies(name)) conditions.push(`${prefix}${column} IN ${sqlList(values)}`);
  }
  // overdue renewals (days_to_renewal < 0) are inside every window
  if (filters.renewal != null && applies("renewal")) conditions.push(`${prefix}days_to_renewal <= ${Math.trunc(Number(filters.renewal))}`);
  if (filters.support?.length && applies("support")) {
    const scale = settings?.support_satisfaction_scale;
    if (filters.support.includes("low_satisfaction") && !scale) throw new Error("whereClause: the support filter needs the build's settings (support_satisfaction_scale)");
    conditions.push(supportFilterSql(filters.support, {scale, table}));
  }
  return conditions.length ? conditions.join(" AND ") : "TRUE";
}

const filterLabels = {owner: "owner", tier: "tier", segment: "segment", region: "region", industry: "industry", band: "health band", support: "support"};

/** The support values in short words, for the summary of the filters. */
const supportShort = {escalated: "escalated", open_tickets: "open tickets", low_satisfaction: "low satisfaction", no_tickets: "no tickets"};

/** The active filters in words, for headings and empty states: "tier S or A · health band red · renewal within 90 days"; "" when none. */
export function filterSummary(filters) {
  const parts = [];
  for (const name of Object.keys(filterColumns)) {
    const values = filters[name] ?? [];
    const shown = name === "segment" ? values.map((value) => segmentLabel[value] ?? value) : values;
    if (values.length) parts.push(`${filterLabels[name]} ${shown.join(" or ")}`);
  }
  if (filters.renewal != null) parts.push(`renewal within ${filters.renewal} days`);
  if (filters.support?.length) parts.push(`support ${filters.support.map((value) => supportShort[value] ?? value).join(" or ")}`);
  return parts.join(" · ");
}

/**
 * The values each filter can take, from the data: {owner: [...], tier: [...], ..., support: [...]}
 * (support: none without a support tickets export), and supportSettings {windowDays, scale} for the
 * support filter's words. source: the build's filter_options.json (read at once, before the database
 * is ready): FileAttachment("data/filter_options.json").json(); or a page's database (queried: the
 * column filters only).
 */
export async function filterOptions(source, table = "accounts") {
  if (typeof source?.query !== "function") return orderedOptions(await source);
  const lists = Object.entries(filterColumns).map(([name, column]) => `list(DISTINCT ${column}) AS ${name}`);
  const [row] = await source.query(`SELECT ${lists.join(", ")} FROM ${table}`);
  return orderedOptions(row);
}

/** Each filter's values in the order the filter bar shows them: tiers S→C, bands green→red, support as listed, the rest A→Z. */
export function orderedOptions(row) {
  const known = {tier: tiers, segment: segments, band: bands, support: supportFilterValues};
  /** @type {Record<string, any>} */
  const options = {};
  for (const name of listFilterNames) {
    const values = (row?.[name] ?? []).filter((value) => value != null).map(String);
    options[name] = known[name] ? sortLike(values, known[name]) : values.sort((a, b) => a.localeCompare(b));
  }
  options.supportSettings = {windowDays: row?.support_window_days ?? 90, scale: row?.support_satisfaction_scale ?? [1, 5]};
  return options;
}

/**
 * The values a link asks for that the data does not have: {owner: ["Nobody"], …} (only filters
 * with such values). An owner who left, a region renamed since the link was copied, a link into an
 * older snapshot: the filter bar keeps them, so the page shows what the link asks for — no account —
 * and says why, instead of quietly showing every account under a filtered-looking address.
 */
export function unknownFilterValues(filters, options) {
  const unknown = {};
  for (const name of listFilterNames) {
    const missing = (filters[name] ?? []).filter((value) => !(options[name] ?? []).includes(value));
    if (missing.length) unknown[name] = missing;
  }
  return unknown;
}

/** The notice for the unknown values still chosen, in words; "" when none. */
export function unknownFilterNotice(unknown) {
  const parts = Object.entries(unknown).map(([name, values]) => `${filterLabels[name]} ${values.map((value) => `“${value}”`).join(", ")}`);
  if (!parts.length) return "";
  return `No account in this data has ${parts.join(" or ")}: nothing matches the link's filters. Untick ${parts.length === 1 && unknown[Object.keys(unknown)[0]].length === 1 ? "it" : "them"} to see the other accounts.`;
}

/**
 * The filters a page leaves out that a link asks for, in one sentence; "" when none is set.
 * omitted: names of the filters the page does not apply; why: what the page shows, in words.
 */
export function omittedFilterNotice(filters, omitted, why = "this page") {
  const names = {band: "health band", renewal: "renewal window", support: "support", owner: "owner", tier: "tier", segment: "segment", region: "region", industry: "industry"};
  const set = omitted.filter((name) => (name === "renewal" ? filters.renewal != null : filters[name]?.length));
  if (!set.length) return "";
  const list = set.map((name) => names[name] ?? name);
  const words = list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
  return `The ${words} filter${set.length === 1 ? " does" : "s do"} not apply to ${why}; ${set.length === 1 ? "it is" : "they are"} kept for the other pages.`;
}

/**
 * The filter bar: an element whose value is the filters, for Framework's view(). It starts from
 * the URL and writes every change back to it. A value the URL asks for that the data does not have
 * is kept as an option of its own, marked "not in this data", with a notice (unknownFilterValues).
 * The support filter is offered only when the build has support data (options.support), or when the
 * URL asks for it. omit: filters the page does not apply (the churned-accounts page: band, renewal,
 * support): not shown, their values kept in the URL for the other pages, and a notice says so when
 * one is set (omitNote: what the page shows, in words).
 */
export function filterBar(options, value = readFilters(), {omit = [], omitNote} = {}) {
  const unknown = unknownFilterValues(value, options);
  for (const name of omit) delete unknown[name];
  const offered = Object.fromEntries(listFilterNames.map((name) => [name, [...(options[name] ?? []), ...(unknown[name] ?? [])]]));
  const marked = (name, format = String) => (option) => (unknown[name]?.includes(option) ? `${format(option)} (not in this data)` : format(option));
  const segmentText = (segment) => segmentLabel[segment] ?? segment;
  const supportText = (option) => supportFilterLabel(option, options.supportSettings);
  const reset = html`<button type="button" class="filter-reset" title="clear every filter: show every account">Clear all</button>`;
  const notice = html`<p class="filter-notice" role="status"></p>`;
  const omitted = html`<p class="filter-omitted muted" role="status"></p>`;
  const shown = (name) => !omit.includes(name) && (name !== "support" || offered.support.length > 0);
  const inputs = {
    owner: multiSelect(offered.owner, {label: "Owner", value: value.owner, format: marked("owner")}),
    tier: Inputs.checkbox(offered.tier, {label: "Tier", value: value.tier, format: marked("tier")}),
    band: Inputs.checkbox(offered.band, {label: "Health band", value: value.band, format: marked("band")}),
    renewal: Inputs.select([null, ...renewalWindows], {
      label: "Renewal within",
      format: (days) => (days == null ? "any time" : `${days} days`),
      value: value.renewal
    }),
    segment: multiSelect(offered.segment, {label: "Segment", value: value.segment, format: marked("segment", segmentText)}),
    region: multiSelect(offered.region, {label: "Region", value: value.region, format: marked("region")}),
    industry: multiSelect(offered.industry, {label: "Industry", value: value.industry, format: marked("industry")}),
    support: multiSelect(offered.support, {label: "Support", value: value.support, format: marked("support", supportText)})
  };
  // a filter the page does not show keeps its value (from the URL) in the bar's value, so that the
  // links to other pages still carry it; "Clear all" clears it too
  for (const name of Object.keys(inputs)) if (!shown(name)) inputs[name] = keptValue(value[name]);
  const form = Inputs.form(inputs, {
    template: (inputs) => html`<div class="filter-bar">${Object.entries(inputs).filter(([name]) => shown(name)).map(([, input]) => input)}${reset}${notice}${omitted}</div>`
  });
  const showNotice = () => {
    const unknownNow = unknownFilterValues(form.value, options);
    for (const name of omit) delete unknownNow[name];
    notice.textContent = unknownFilterNotice(unknownNow);
    notice.hidden = !notice.textContent;
    omitted.textContent = omittedFilterNotice(form.value, omit, omitNote);
    omitted.hidden = !omitted.textContent;
  };
  const showReset = (query = filterQuery(form.value)) => (reset.hidden = !query);
  reset.onclick = () => {
    form.value = readFilters("");
    form.dispatchEvent(new Event("input", {bubbles: true}));
  };
  // An input event that brings the same filters goes no further (a select answers a script's or a
  // test's change with a second input event), so the page does not compute the same view twice.
  // This listener comes before the page's own (view()), which it stops.
  let last = filterQuery(form.value);
  form.addEventListener("input", (event) => {
    const filters = form.value;
    const query = filterQuery(filters);
    if (query === last) return event.stopImmediatePropagation();
    last = query;
    writeFilters(filters);
    showReset(query);
    showNotice();
  });
  showReset();
  showNotice();
  return form;
}

// Links between pages carry the current filters, so they follow the reader from page to page.
// The site's root is two folders above this module (dist/_import/components/filters.*.js).
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
 * A link to a page of the site with the given filters (e.g. the current ones plus one segment),
 * marked data-filters="own" so the carrying below leaves its filters as they are.
 * pageHref: "./health.html", or "./account.html?id=ACC-1" (its other parameters are kept).
 */
export function linkWithFilters(pageHref, filters) {
  const [address, hash] = pageHref.split("#");
  const [path, search = ""] = address.split("?");
  return `${path}${replaceFilters(search ? `?${search}` : "", filters)}${hash ? `#${hash}` : ""}`;
}

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

// Links drawn later (tables, cells) are rewritten just in time: on hover, press or keyboard focus.
if (typeof document !== "undefined") {
  for (const type of ["pointerover", "pointerdown", "focusin"]) {
    document.addEventListener(type, (event) => {
      const link = event.target?.closest?.("a[href]");
      if (link) carryLink(link);
    }, {capture: true, passive: true});
  }
}

/** A filter the bar does not show: a value and nothing to see (Inputs.form reads and sets .value). */
function keptValue(value) {
  const node = document.createElement("span");
  node.hidden = true;
  node.value = value;
  return node;
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

function sortLike(values, order) {
  const rank = (value) => (order.includes(value) ? order.indexOf(value) : order.length);
  return values.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
