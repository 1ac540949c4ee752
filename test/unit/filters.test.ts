import {expect, test} from "vitest";
import {filterQuery, readFilters, replaceFilters, whereClause} from "../../src/components/filters.js";
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
