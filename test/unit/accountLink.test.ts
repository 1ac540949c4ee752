import {expect, test} from "vitest";
import {accountHref} from "../../src/components/accountLink.js";

const none = {owner: [], tier: [], segment: [], region: [], industry: [], band: [], renewal: null};

test("an account link encodes the id and carries the filters", () => {
  expect(accountHref("ACC 1/é&x", none)).toBe("./account.html?id=ACC%201%2F%C3%A9%26x");
  expect(accountHref("ACC-000042", {...none, tier: ["S", "A"], owner: ["Dana O'Neil"]})).toBe("./account.html?id=ACC-000042&owner=Dana%20O'Neil&tier=S,A");
});
