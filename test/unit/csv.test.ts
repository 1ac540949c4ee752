import {describe, expect, test} from "vitest";
import {csvCell, MAX_DECIMALS, snakeCase, toCsv} from "../../src/components/csv.js";

describe("csvCell keeps spreadsheets from running cell text as a formula", () => {
  test.each([
    ["=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""],
    ["+1+2", "'+1+2"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\tTAB", "'\tTAB"],
    ["\r=1", "\"'\r=1\""], // carriage return: prefixed, and quoted because it breaks the line
    ["-5", "'-5"] // text that looks like a negative number stays text
  ])("%j → %j", (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  test("text starting elsewhere is left alone", () => {
    expect(csvCell("Alice Wong")).toBe("Alice Wong");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(" =1")).toBe(" =1");
  });
});

describe("csvCell quotes like RFC 4180", () => {
  test("quotes are doubled inside a quoted cell", () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });
  test("commas and line breaks are quoted", () => {
    expect(csvCell("Health, Care")).toBe('"Health, Care"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
  });
  test("an apostrophe needs no quoting", () => {
    expect(csvCell("Dana O'Neil")).toBe("Dana O'Neil");
  });
});

describe("csvCell writes values by type", () => {
  test("real numbers stay numbers, negative ones too", () => {
    expect(csvCell(-1250.5)).toBe("-1250.5");
    expect(csvCell(0)).toBe("0");
    expect(csvCell(12)).toBe("12");
  });
  test("missing values are empty cells", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(Infinity)).toBe("");
  });
  test("dates are ISO 8601: a day, or the full timestamp", () => {
    expect(csvCell(new Date("2026-06-30T00:00:00Z"))).toBe("2026-06-30");
    expect(csvCell(new Date("2026-06-30T08:15:00Z"))).toBe("2026-06-30T08:15:00.000Z");
  });
  test("lists are one cell, and their text is escaped too", () => {
    expect(csvCell(["health_band_red", "renewal_within_90_days"])).toBe("health_band_red; renewal_within_90_days");
    expect(csvCell(["=1", "b"])).toBe("'=1; b");
    expect(csvCell([])).toBe("");
  });
  test("booleans", () => {
    expect(csvCell(true)).toBe("true");
  });
});

describe("toCsv", () => {
  const rows = [
    {account_id: "A1", name: "=evil()", arr: -10, csm_owner: "Dana O'Neil"},
    {account_id: "A2", name: "Acme, Inc.", arr: 1200000, csm_owner: null}
  ];

  test("a byte-order mark, a header, CRLF line ends, the columns asked for in their order", () => {
    expect(toCsv(rows, ["name", "arr"])).toBe("\ufeffname,arr\r\n'=evil(),-10\r\n\"Acme, Inc.\",1200000\r\n");
  });

  test("columns default to the first row's keys; headers can be renamed", () => {
    expect(toCsv(rows).split("\r\n")[0]).toBe("\ufeffaccount_id,name,arr,csm_owner");
    expect(toCsv(rows, [{name: "arr", label: "ARR ($)"}]).split("\r\n")[0]).toBe("\ufeffARR ($)");
  });

  test("no rows: just the header", () => {
    expect(toCsv([], ["a", "b"])).toBe("\ufeffa,b\r\n");
  });
});

describe("toCsv writes what the page shows (issue #15)", () => {
  test("numbers are rounded as the page shows them; amounts that are data keep their cents", () => {
    const rows = [{renewal_rate: 0.8571428571428571, lifetime_years: 8.688730708661417, health_score: 62.34999, arr: 12500.5, accounts: 12}];
    // renewal_rate: a rate (convention: 3 decimals, 85.7%); lifetime_years: the column says 1 decimal (8.7 years);
    // health_score: a score (convention: 1 decimal); arr: 12500.5 has fewer than MAX_DECIMALS decimals, written as it is
    const csv = toCsv(rows, ["renewal_rate", {name: "lifetime_years", digits: 1}, "health_score", "arr", "accounts"]);
    expect(csv.split("\r\n")[1]).toBe("0.857,8.7,62.3,12500.5,12");
  });

  test("a number with no rule is cut to MAX_DECIMALS decimals, never written with 16 digits", () => {
    expect(MAX_DECIMALS).toBe(4);
    expect(toCsv([{ltv_to_cac: 8.123254241974136}]).split("\r\n")[1]).toBe("8.1233");
    expect(csvCell(-0.00001)).toBe("0"); // −0 after rounding is written 0
  });

  test("camelCase keys become snake_case headers; given labels stay as written", () => {
    const rows = [{tier: "S", accountShare: 0.15, arrShare: 0.7212}];
    // accountShare → account_share, a share: 3 decimals
    expect(toCsv(rows).split("\r\n").slice(0, 2)).toEqual(["\ufefftier,account_share,arr_share", "S,0.15,0.721"]);
    expect(snakeCase("arrShare")).toBe("arr_share");
    expect(snakeCase("ARR ($)")).toBe("ARR ($)");
  });

  test("segment, lifecycle stage and funnel stage codes are written as the labels the page shows", () => {
    const rows = [{segment: "high_freq_low_value", lifecycle_stage: "internal_rollout", stage: "opportunity", segment_before: null}];
    expect(toCsv(rows).split("\r\n")[1]).toBe("High frequency · low value,Internal rollout,Opportunity,");
  });

  test("a column's own text() wins over the convention", () => {
    const rows = [{segment: "high_freq_low_value", churn_reasons: ["usage_drop", "red_band"]}];
    const csv = toCsv(rows, [{name: "segment", text: (code) => code.toUpperCase()}, {name: "churn_reasons", text: (ids, row) => ids.length}]);
    expect(csv.split("\r\n")[1]).toBe("HIGH_FREQ_LOW_VALUE,2");
  });
});
