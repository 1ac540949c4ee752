// The filter bar every page shares: owner, tier, health band, renewal window, segment, region,
// industry and support (offered only when the build has a support tickets export). Its value is the
// filters; it starts from the URL and writes every change back to it (filterUrl.js), and the page's
// links carry them (filterLinks.js). Nothing runs on import.
//
//   const bar = filterBar(await filterOptions(FileAttachment("data/filter_options.json").json()));
//   const filters = Generators.input(bar);        // or view(bar)
//   const where = whereClause(filters, {settings}); // filterSql.js
import * as Inputs from "@observablehq/inputs";
import {html} from "htl";
import {carryFiltersInLinks, carryFiltersSoon} from "./filterLinks.js";
import {filterQuery, listFilterNames, readFilters, renewalWindows, writeFilters} from "./filterUrl.js";
import {omittedFilterNotice, unknownFilterNotice, unknownFilterValues} from "./filterWords.js";
import {multiSelect} from "./multiSelect.js";
import {segmentLabel} from "./palette.js";
import {supportFilterLabel} from "../shared/supportFilter.js";

/**
 * The filter bar: an element whose value is the filters, for Framework's view(). It starts from
 * the URL and writes every change back to it. A value the URL asks for that the data does not have
 * is kept as an option of its own, marked "not in this data", with a notice (unknownFilterValues).
 * The support filter is offered only when the build has support data (options.support), or when the
 * URL asks for it. omit: filters the page does not apply (the churned-accounts page: band, renewal,
 * support): not shown, their values kept in the URL for the other pages, and a notice says so when
 * one is set (omitNote: what the page shows, in words). The page's links carry the filters from then on
 * (filterLinks.js).
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
    carryFiltersSoon();
    showReset(query);
    showNotice();
  });
  showReset();
  showNotice();
  carryFiltersInLinks();
  return form;
}

/** A filter the bar does not show: a value and nothing to see (Inputs.form reads and sets .value). */
function keptValue(value) {
  const node = document.createElement("span");
  node.hidden = true;
  node.value = value;
  return node;
}
