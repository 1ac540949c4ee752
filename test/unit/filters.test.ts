import {expect, test} from "vitest";
import {linkWithFilters} from "../../src/components/filterLinks.js";
import {orderedOptions} from "../../src/components/filterOptions.js";
import {whereClause} from "../../src/components/filterSql.js";
import {filterQuery, readFilters, readPageParam, replaceFilters, replacePageParam} from "../../src/components/filterUrl.js";
import {filterSummary, omittedFilterNotice, unknownFilterNotice, unknownFilterValues} from "../../src/components/filterWords.js";
import {lowSatisfaction, supportConditionSql, supportFilterLabel, supportFilterSql} from "../../src/shared/supportFilter.js";
import {sqlList, sqlString} from "../../src/shared/sql.js";

const none = {owner: [], tier: [], segment: [], region: [], industry: [], band: [], renewal: null, support: [] as string[]};

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

test("the support filter lives in the URL after the others, and reads back", () => {
  expect(readFilters("?tier=S&support=escalated,low_satisfaction")).toEqual({...none, tier: ["S"], support: ["escalated", "low_satisfaction"]});
  expect(filterQuery({...none, tier: ["S"], renewal: 90, support: ["open_tickets"]})).toBe("tier=S&renewal=90&support=open_tickets");
  expect(replaceFilters("?reason=health_red&support=no_tickets", {...none, support: []})).toBe("?reason=health_red");
  expect(filterSummary({...none, band: ["red"], support: ["escalated", "low_satisfaction"]})).toBe("health band red · support escalated or low satisfaction");
});

test("the support filter's SQL: each value a condition over the support columns, several values any of them", () => {
  expect(supportConditionSql("escalated")).toBe("support_escalations_window > 0");
  expect(supportConditionSql("open_tickets", {table: "a"})).toBe("a.support_open_tickets > 0");
  // low: the lowest quarter of the scale, 1 + (5 − 1) / 4 = 2 on 1–5; 0 + 10 / 4 = 2.5 on 0–10
  expect(lowSatisfaction([1, 5])).toBe(2);
  expect(lowSatisfaction([0, 10])).toBe(2.5);
  expect(supportConditionSql("low_satisfaction", {scale: [0, 10]})).toBe("support_satisfaction_window <= 2.5");
  expect(supportConditionSql("no_tickets")).toBe("(support_tickets_window = 0 AND support_open_tickets = 0)");
  // a value Pulse does not know matches no account, like any value the data does not have
  expect(supportConditionSql("x') OR TRUE --")).toBe("FALSE");
  expect(supportFilterSql([])).toBe("TRUE");
  expect(supportFilterSql(["escalated", "open_tickets"])).toBe("(support_escalations_window > 0 OR support_open_tickets > 0)");
  // in the page's WHERE, with the build's scale
  const settings = {support_satisfaction_scale: [1, 5]};
  expect(whereClause({...none, tier: ["S"], support: ["escalated", "low_satisfaction"]}, {settings})).toBe(
    "tier IN ('S') AND (support_escalations_window > 0 OR support_satisfaction_window <= 2)"
  );
  expect(whereClause({...none, support: ["no_tickets"]}, {table: "a"})).toBe("(a.support_tickets_window = 0 AND a.support_open_tickets = 0)");
  // "low satisfaction" needs the build's scale: a page that forgets it fails loudly instead of guessing
  expect(() => whereClause({...none, support: ["low_satisfaction"]})).toThrow(/support_satisfaction_scale/);
});

test("the support filter's values in words, with the build's window and scale", () => {
  expect(supportFilterLabel("escalated", {windowDays: 60, scale: [1, 5]})).toBe("escalated ticket in 60 days");
  expect(supportFilterLabel("low_satisfaction", {windowDays: 90, scale: [1, 5]})).toBe("low satisfaction (2 or less of 5)");
  expect(supportFilterLabel("no_tickets")).toBe("no tickets in 90 days");
});

test("filter options: support values in the bar's order and its settings; none without the export", () => {
  const options = orderedOptions({owner: ["b", "a"], support: ["no_tickets", "escalated"], support_window_days: 60, support_satisfaction_scale: [0, 10]});
  expect(options.owner).toEqual(["a", "b"]);
  expect(options.support).toEqual(["escalated", "no_tickets"]);
  expect(options.supportSettings).toEqual({windowDays: 60, scale: [0, 10]});
  expect(orderedOptions({owner: ["a"], support: []}).support).toEqual([]);
  // a support value in a link to a build without support tickets is a value the data does not have
  expect(unknownFilterValues({...none, support: ["escalated"]}, orderedOptions({support: []}))).toEqual({support: ["escalated"]});
});

test("a page that leaves filters out (churned accounts: band, renewal, support) applies the others and says so", () => {
  const filters = {...none, tier: ["S"], owner: ["Ana"], band: ["red"], renewal: 90, support: ["escalated"]};
  expect(whereClause(filters, {only: ["owner", "tier", "segment", "region", "industry"]})).toBe("csm_owner IN ('Ana') AND tier IN ('S')");
  expect(omittedFilterNotice(filters, ["band", "renewal", "support"], "accounts that already left")).toBe(
    "The health band, renewal window and support filters do not apply to accounts that already left; they are kept for the other pages."
  );
  expect(omittedFilterNotice({...none, renewal: 30}, ["band", "renewal", "support"], "accounts that already left")).toBe(
    "The renewal window filter does not apply to accounts that already left; it is kept for the other pages."
  );
  expect(omittedFilterNotice(none, ["band", "renewal", "support"])).toBe("");
});
