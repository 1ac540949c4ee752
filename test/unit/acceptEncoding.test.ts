// Which precompressed copy `pulse serve` answers with, from the request's Accept-Encoding
// (loaders/cli/acceptEncoding.ts): brotli before gzip, q-values honoured, q=0 refuses.
import {expect, test} from "vitest";
import {acceptedCodings, chooseEncoding} from "../../loaders/cli/acceptEncoding.js";

const both = ["br", "gzip"] as ("br" | "gzip")[];

test("what browsers and tools send", () => {
  expect(chooseEncoding("gzip, deflate, br, zstd", both)).toBe("br"); // Chromium
  expect(chooseEncoding("gzip, deflate", both)).toBe("gzip"); // a client without brotli
  expect(chooseEncoding("deflate, gzip, br, zstd", ["gzip"])).toBe("gzip"); // only a gzip copy exists
  expect(chooseEncoding(undefined, both)).toBe(null); // curl without --compressed
  expect(chooseEncoding("", both)).toBe(null);
  expect(chooseEncoding("identity", both)).toBe(null);
  expect(chooseEncoding("zstd, deflate", both)).toBe(null);
  expect(chooseEncoding("br, gzip", [])).toBe(null); // the file has no copies
});

test("q-values: the highest wins, brotli on a tie, q=0 refuses", () => {
  expect(chooseEncoding("gzip;q=1.0, br;q=0.5", both)).toBe("gzip");
  expect(chooseEncoding("gzip;q=0.8, br;q=0.8", both)).toBe("br");
  expect(chooseEncoding("br;q=0, gzip", both)).toBe("gzip");
  expect(chooseEncoding("br; q=0 , gzip ; Q=0.000", both)).toBe(null);
  expect(chooseEncoding("*", both)).toBe("br"); // any coding
  expect(chooseEncoding("*;q=0.5, br;q=0", both)).toBe("gzip");
  expect(chooseEncoding("x-gzip", both)).toBe("gzip");
  // the file as it is only when identity is preferred outright
  expect(chooseEncoding("br;q=0.5, identity", both)).toBe(null);
  expect(chooseEncoding("br;q=0.5", both)).toBe("br");
  expect(chooseEncoding("gzip, identity;q=0", both)).toBe("gzip");
});

test("the header's codings and their q-values", () => {
  expect([...acceptedCodings("gzip;q=0.3, BR, x-gzip;q=abc, ;q=1, identity;q=2")]).toEqual([
    ["gzip", 0.3],
    ["br", 1],
    ["identity", 1] // q above 1 counts as 1; "x-gzip;q=abc" is dropped, the empty entry too
  ]);
});
