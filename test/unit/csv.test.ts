import {describe, expect, test} from "vitest";
import {csvCell, toCsv} from "../../src/components/csv.js";

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
