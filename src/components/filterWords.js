// The filters in words: the summary for headings and empty states, and the notices under the filter
// bar (values a link asks for that the data does not have, filters a page does not apply). Nothing
// runs on import.
import {filterColumns} from "../shared/filterColumns.js";
import {listFilterNames} from "./filterUrl.js";
import {segmentLabel} from "./palette.js";

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
