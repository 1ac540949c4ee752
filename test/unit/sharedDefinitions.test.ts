// src/shared/ holds what the pages and the build both use (SQL, rules, words); build-time code reads
// nothing from the pages' components (issue #16), and src/shared/ reads nothing but itself, so that
// the build never pulls in DOM, Plot or the engine, and a rule has one definition for both sides.
import {readdirSync, readFileSync, statSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {currentCustomers} from "../../src/shared/customers.js";
import {gridMoveRank, gridMoveRankSql, gridMoves} from "../../src/shared/gridMoves.js";

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports, statically or with import(). */
function importsOf(path: string): string[] {
  const text = readFileSync(path, "utf8");
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)["']([^"']+)["']/gm)].map((m) => m[1]);
}

describe("where shared definitions live", () => {
  it("build-time code (loaders/, src/data/) imports nothing from src/components/", () => {
    const offenders = [...filesUnder("loaders", /\.ts$/), ...filesUnder("src/data", /\.ts$/)]
      .flatMap((file) => importsOf(file).filter((spec) => spec.includes("components/")).map((spec) => `${file}: ${spec}`));
    expect(offenders).toEqual([]);
  });

  it("src/shared/ imports only src/shared/ (no DOM, Plot or engine comes with a shared rule)", () => {
    const files = filesUnder("src/shared", /\.js$/);
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.flatMap((file) => importsOf(file).filter((spec) => !/^\.\/[\w.-]+\.js$/.test(spec)).map((spec) => `${file}: ${spec}`));
    expect(offenders).toEqual([]);
  });
});

describe("currentCustomers", () => {
  it("is the accounts with a contract in force among those the filters keep, the filters in parentheses", () => {
    expect(currentCustomers()).toBe("has_active_contract AND (TRUE)");
    // a filter with OR at its top level stays inside the condition on current customers
    expect(currentCustomers("tier = 'S' OR tier = 'A'")).toBe("has_active_contract AND (tier = 'S' OR tier = 'A')");
    expect(currentCustomers("a.tier = 'S'", {table: "a"})).toBe("a.has_active_contract AND (a.tier = 'S')");
  });
});

describe("grid moves", () => {
  it("order a move down first, then no move, then a move up; an account with no move has no rank", () => {
    expect(gridMoves).toEqual(["down", "same", "up"]);
    expect(["up", "down", "same"].map(gridMoveRank)).toEqual([2, 0, 1]);
    expect(gridMoveRank(null)).toBeUndefined();
    expect(gridMoveRankSql()).toBe("CASE grid_migration WHEN 'down' THEN 0 WHEN 'same' THEN 1 WHEN 'up' THEN 2 END");
  });
});
