// How validation types a text column: ids and text are trimmed to NULL (loaders/validate/checks.ts).
// The trim is skipped for values it cannot change (a speed-up for millions of events); these tests pin
// that the result is still exactly NULLIF(trim(value), '') — also for tabs and Unicode spaces.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {validateConfig} from "../../loaders/config/validateConfig.js";
import {exportSpec} from "../../loaders/contract/exports.js";
import {PulseDb} from "../../loaders/db.js";
import {typedValue} from "../../loaders/validate/checks.js";

let db: PulseDb;
beforeAll(async () => {
  db = await PulseDb.open();
});
afterAll(() => db.close());

const accounts = exportSpec("accounts");
const accountId = accounts.columns.find((c) => c.name === "account_id")!;

/** The typed value of each text, as validation computes it for accounts.account_id. */
async function typedIds(texts: (string | null)[]): Promise<(string | null)[]> {
  const expression = typedValue(accounts, accountId, validateConfig({}));
  const values = texts.map((t, i) => `(${i}, ${t === null ? "NULL" : `'${t.replaceAll("'", "''")}'`})`).join(", ");
  const rows = await db.rows<{v: string | null}>(
    `SELECT ${expression} AS v FROM (VALUES ${values}) AS t(i, account_id) ORDER BY i`
  );
  return rows.map((r) => r.v);
}

describe("ids and text are trimmed to NULL", () => {
  test("spaces around a value go, tabs and inner spaces stay, blank is NULL", async () => {
    expect(await typedIds(["A1", " A1", "A1 ", "  A 1  ", "\tA1", "A1\n", "", "   ", null])).toEqual([
      "A1", "A1", "A1", "A 1", "\tA1", "A1\n", null, null, null
    ]);
  });

  test("Unicode spaces at either end go too (a no-break space from a spreadsheet, an ideographic space)", async () => {
    // U+00A0 no-break space, U+3000 ideographic space, U+2003 em space; é is not a space
    expect(await typedIds(["A1\u00a0", "\u3000A1", "\u2003", "Société", " Société ", "é"])).toEqual([
      "A1", "A1", null, "Société", "Société", "é"
    ]);
  });

  test("the same as NULLIF(trim(x), '') for every ASCII character at either end", async () => {
    const texts = Array.from({length: 127}, (_, i) => String.fromCharCode(i + 1)).flatMap((c) => [`${c}x${c}`, c]);
    const expected = (await db.rows<{v: string | null}>(
      `SELECT NULLIF(trim(s), '') AS v FROM unnest(${"[" + texts.map((t) => `'${t.replaceAll("'", "''")}'`).join(", ") + "]"}) WITH ORDINALITY AS t(s, i) ORDER BY i`
    )).map((r) => r.v);
    expect(await typedIds(texts)).toEqual(expected);
  });
});
