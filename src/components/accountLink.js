// Every account name in a table links to its account page, with the reader's filters, so the way
// back keeps the same view:  ./account.html?id=ACC-000042&tier=S,A
// The name is a text node in the <a>: a name like "<b>Acme</b>" is shown as it is, never as HTML.
import {el} from "./dom.js";
import {filterQuery, readFilters} from "./filterUrl.js";

/**
 * The account page's address for an id, relative to the site's pages, with the filters.
 * @param {string} id
 * @param {Record<string, any>} [filters] default: the page's own (from its URL)
 */
export function accountHref(id, filters) {
  const query = filters ? filterQuery(filters) : pageFilterQuery();
  return `./account.html?id=${encodeURIComponent(id)}${query ? `&${query}` : ""}`;
}

// the page's filters as a query string, read again only when the address changes (a table draws
// hundreds of links at once)
let pageQuery = {search: null, query: ""};
function pageFilterQuery() {
  const search = globalThis.location?.search ?? "";
  if (pageQuery.search !== search) pageQuery = {search, query: filterQuery(readFilters(search))};
  return pageQuery.query;
}

/**
 * A link to the account page showing the account's name (its id when it has no name).
 * @param {string} id
 * @param {string | null} [name]
 * @param {Record<string, any>} [filters]
 */
export function accountLink(id, name, filters) {
  return el("a", {class: "account-link", href: accountHref(id, filters)}, name ?? id);
}
