import {expect, test} from "vitest";
import {filterQuery, filterSummary, linkWithFilters, readFilters, readPageParam, replaceFilters, replacePageParam, unknownFilterNotice, unknownFilterValues, whereClause} from "../../src/components/filters.js";
import {sqlList, sqlString} from "../../src/components/sql.js";

const none = {owner: [], tier: [], segment: [], region: [], industry: [], band: [], renewal: null};

test("reads filters from the URL; commas separate values, %2C is a comma inside one", () => {
  expect(readFilters("?owner=Alice%20Wong&tier=S,A&band=red&renewal=90&industry=Health%2C%20Care")).toEqual({
    ...none,
    owner: ["Alice Wong"],
    tier: ["S", "A"],
    band: ["red"],
    industry: ["Health, Care"],
    renewal: 90
  });
});

test("an empty or unknown query string means no filter; unknown renewal windows read as any", () => {
  expect(readFilters("")).toEqual(none);
  expect(readFilters("?tier=&renewal=45&account=A0042")).toEqual(none);
  expect(readFilters("?owner=Bad%E0%A4%A")).toEqual({...none, owner: ["Bad%E0%A4%A"]}); // broken escapes kept as text
});

test("writes filters back into the query string, keeping other parameters", () => {
  const filters = {...none, owner: ["Alice Wong", "Dana O'Neil"], tier: ["S", "A"], renewal: 90};
  expect(filterQuery(filters)).toBe("owner=Alice%20Wong,Dana%20O'Neil&tier=S,A&renewal=90");
  expect(replaceFilters("?account=A0042&tier=C", filters)).toBe("?account=A0042&owner=Alice%20Wong,Dana%20O'Neil&tier=S,A&renewal=90");
  expect(replaceFilters("?tier=C", none)).toBe("");
  expect(readFilters(replaceFilters("", {...none, industry: ["Health, Care"]}))).toEqual({...none, industry: ["Health, Care"]});
});

test("the WHERE clause names the accounts table's columns and escapes values", () => {
  expect(whereClause(none)).toBe("TRUE");
  expect(whereClause({...none, owner: ["Dana O'Neil"], tier: ["S", "A"], band: ["red"], renewal: 90})).toBe(
    "csm_owner IN ('Dana O''Neil') AND tier IN ('S', 'A') AND health_band IN ('red') AND days_to_renewal <= 90"
  );
  expect(whereClause({...none, segment: ["low_freq_high_value"], region: ["EMEA"], industry: ["x') OR TRUE --"]})).toBe(
    "segment IN ('low_freq_high_value') AND region IN ('EMEA') AND industry IN ('x'') OR TRUE --')"
  );
});

test("SQL literals", () => {
  expect(sqlString("O'Neil")).toBe("'O''Neil'");
  expect(sqlString(12.5)).toBe("12.5");
  expect(sqlString(null)).toBe("NULL");
  expect(sqlString(true)).toBe("TRUE");
  expect(sqlList([])).toBe("(NULL)");
});

test("the WHERE clause can name a table alias, for joins with tables that share column names", () => {
  expect(whereClause({...none, tier: ["S"], renewal: 30}, {table: "a"})).toBe("a.tier IN ('S') AND a.days_to_renewal <= 30");
  expect(whereClause(none, {table: "a"})).toBe("TRUE");
});

test("the filters in words, for headings and empty states", () => {
  expect(filterSummary(none)).toBe("");
  expect(filterSummary({...none, tier: ["S", "A"], band: ["red"], segment: ["low_freq_high_value"], renewal: 90})).toBe(
    "tier S or A · segment Low frequency · high value · health band red · renewal within 90 days"
  );
});

test("a link that sets its own filters keeps its other parameters and its fragment", () => {
  expect(linkWithFilters("./health.html#health-table", {...none, segment: ["high_freq_low_value"], tier: ["S"]})).toBe(
    "./health.html?tier=S&segment=high_freq_low_value#health-table"
  );
  expect(linkWithFilters("./account.html?id=ACC-1", {...none, owner: ["Dana O'Neil"]})).toBe("./account.html?id=ACC-1&owner=Dana%20O'Neil");
  expect(linkWithFilters("./health.html", none)).toBe("./health.html");
});

test("values a link asks for that the data does not have are found, and said in words", () => {
  const options = {owner: ["Alice Wong", "Bo Li"], tier: ["S", "A", "B", "C"], band: ["green", "yellow", "red"], segment: [], region: ["EMEA"], industry: []};
  expect(unknownFilterValues({...none, owner: ["Alice Wong", "Nobody"], tier: ["S"], region: ["Mars", "EMEA"], renewal: 90}, options)).toEqual({
    owner: ["Nobody"],
    region: ["Mars"]
  });
  expect(unknownFilterValues({...none, tier: ["S", "A"]}, options)).toEqual({});
  expect(unknownFilterNotice({})).toBe("");
  expect(unknownFilterNotice({owner: ["Nobody"]})).toBe(
    "No account in this data has owner “Nobody”: nothing matches the link's filters. Untick it to see the other accounts."
  );
  expect(unknownFilterNotice({owner: ["Nobody", "Ghost"], band: ["purple"]})).toBe(
    "No account in this data has owner “Nobody”, “Ghost” or health band “purple”: nothing matches the link's filters. Untick them to see the other accounts."
  );
  // the filter still applies: the SQL asks for the unknown owner, so nothing matches
  expect(whereClause({...none, owner: ["Nobody"]})).toBe("csm_owner IN ('Nobody')");
});

test("a page's own parameter (the churn watch's reason) is read and written beside the filters, which stay as written", () => {
  expect(readPageParam("reason", "?tier=S,A&reason=health_red")).toBe("health_red");
  expect(readPageParam("reason", "?tier=S,A&reason=")).toBe(null);
  expect(readPageParam("reason", "?tier=S,A")).toBe(null);
  expect(readPageParam("reason", "?reason=no%20key%20users")).toBe("no key users");
  expect(replacePageParam("?owner=Alice%20Wong&tier=S,A", "reason", "health_red")).toBe("?owner=Alice%20Wong&tier=S,A&reason=health_red");
  expect(replacePageParam("?tier=S,A&reason=health_red", "reason", "logins_down")).toBe("?tier=S,A&reason=logins_down");
  expect(replacePageParam("?reason=health_red&tier=S,A", "reason", null)).toBe("?tier=S,A");
  expect(replacePageParam("?reason=health_red", "reason", null)).toBe("");
  expect(replacePageParam("", "reason", "a&b")).toBe("?reason=a%26b");
  // the filters read the same with or without it
  expect(readFilters("?tier=S,A&reason=health_red")).toEqual(readFilters("?tier=S,A"));
});
