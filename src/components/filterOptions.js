// The values each filter can take, in the order the filter bar shows them. Nothing runs on import.
import {filterColumns} from "../shared/filterColumns.js";
import {listFilterNames} from "./filterUrl.js";
import {bands, segments, tiers} from "./palette.js";
import {supportFilterValues} from "../shared/supportFilter.js";

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

function sortLike(values, order) {
  const rank = (value) => (order.includes(value) ? order.indexOf(value) : order.length);
  return values.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
