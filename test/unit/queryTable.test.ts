// The health table sorts, searches and pages in SQL (src/components/queryTable.js). These run its
// SQL in DuckDB on a few hand-made rows and compare with what the in-memory table does
// (sortableTable's sortRows / searchRows), which the reader saw before: the same rows, same order.
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, beforeAll, expect, test} from "vitest";
import {orderClause, searchCondition} from "../../src/components/queryTable.js";
import {splitCount, tableSql} from "../../src/shared/tableSql.js";
import {searchRows, sortRows} from "../../src/components/sortableTable.js";

const rows = [
  {id: "a", name: "Zeta Labs", owner: "Ana", score: 40, arr: 1000},
  {id: "b", name: "alpha Foods", owner: "Bo", score: null, arr: 5000},
  {id: "c", name: "Ålesund Data", owner: "Ana", score: 12.5, arr: 5000},
  {id: "d", name: "Account 10", owner: "Chloé", score: 40, arr: 200},
  {id: "e", name: "Account 9", owner: "Bo", score: 80, arr: 300},
  {id: "f", name: "50% off, _Wild_ 'quoted'", owner: "Dee", score: 55, arr: 10}
];
const columns = [{key: "name", sortSql: "lower(name)"}, {key: "score"}, {key: "arr"}];

let instance: DuckDBInstance;
async function ids(where: string, order: string): Promise<string> {
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(`SELECT id FROM t WHERE ${where} ORDER BY ${order}`);
  return reader.getRowObjects().map((row) => row.id).join("");
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE t (id VARCHAR, name VARCHAR, owner VARCHAR, score DOUBLE, arr DOUBLE)`);
  for (const r of rows) {
    await connection.run(`INSERT INTO t VALUES ('${r.id}', '${r.name.replaceAll("'", "''")}', '${r.owner}', ${r.score ?? "NULL"}, ${r.arr})`);
  }
});
afterAll(() => instance.closeSync());

test("numbers sort by value with missing values last both ways; the tiebreak orders equal values", async () => {
  expect(await ids("TRUE", orderClause({key: "score", direction: "ascending"}, columns, "arr DESC, id"))).toBe("cadfeb");
  expect(await ids("TRUE", orderClause({key: "score", direction: "descending"}, columns, "arr DESC, id"))).toBe("efadcb");
  // what the in-memory table shows for rows already in tiebreak order
  const byTiebreak = [...rows].sort((x, y) => y.arr - x.arr || x.id.localeCompare(y.id));
  expect(sortRows(byTiebreak, "score", "ascending").map((r: {id: string}) => r.id).join("")).toBe("cadfeb");
});

test("a column's sortSql replaces its key; no sort and no tiebreak is a valid ORDER BY", async () => {
  expect(orderClause({key: "name", direction: "descending"}, columns, "id")).toBe("lower(name) DESC NULLS LAST, id");
  expect(orderClause(null, columns, undefined)).toBe("1");
  expect(await ids("TRUE", orderClause({key: "arr", direction: "descending"}, columns, "id"))).toBe("bcaedf");
});

test("search keeps the rows holding every word in any column, ignoring case and accents, like the in-memory search", async () => {
  const keys = ["name", "owner", "id"];
  for (const query of ["account", "ALESUND", "account 9", "ana", "chloe", "  ", "50%", "_wild_", "'quoted'", "zeta ana", "zeta bo"]) {
    const expected = searchRows(rows, query, keys).map((r: {id: string}) => r.id).join("");
    expect(await ids(searchCondition(query, keys), "id"), query).toBe(expected);
  }
  expect(searchCondition("", ["name"])).toBe("TRUE");
});

test("one query for a view: the rows on screen, each with how many rows the search keeps; none when none does", async () => {
  const table = {from: "t", where: "arr >= 300", select: ["id", "name", "score", "arr"], columns, tiebreak: "id", search: ["name", "owner"]};
  const connection = await instance.connect();
  const run = async (sql: string) => splitCount((await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]);
  const sort = {key: "score", direction: "ascending"};
  // arr >= 300: a (40), b (no score), c (12.5), e (80); score ascending, missing last → c a e b
  const {rowsSql, rowsAndCountSql} = tableSql(table, {sort, limit: 2});
  const page = (await connection.runAndReadAll(rowsSql)).getRowObjects().map((r) => r.id);
  const answer = await run(rowsAndCountSql);
  expect(answer.rows.map((r) => r.id)).toEqual(page);
  expect(answer).toEqual({found: 4, rows: [{id: "c", name: "Ålesund Data", score: 12.5, arr: 5000}, {id: "a", name: "Zeta Labs", score: 40, arr: 1000}]});
  // with a search: Ana owns a and c
  expect(await run(tableSql(table, {sort, query: "ana", limit: 1}).rowsAndCountSql)).toMatchObject({found: 2, rows: [{id: "c"}]});
  expect(await run(tableSql(table, {sort, query: "nobody", limit: 25}).rowsAndCountSql)).toEqual({found: 0, rows: []});
});
