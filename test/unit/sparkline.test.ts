import {expect, test} from "vitest";
import {sparklinePath} from "../../src/components/sparkline.js";

test("the path spans the width, the largest value at the top and zero at the bottom", () => {
  // width 100, height 20, margin 2: x from 2 to 98, y from 18 (zero) to 2 (max)
  const {d, last} = sparklinePath([0, 5, 10], {width: 100, height: 20, margin: 2});
  expect(d).toBe("M2,18L50,10L98,2");
  expect(last).toEqual([98, 2]);
});

test("missing values are skipped; an all-zero series lies on the bottom; a flat one in the middle", () => {
  expect(sparklinePath([4, null, 4], {width: 10, height: 10, margin: 1}).d).toBe("M1,1L9,1"); // min is 0, so 4 is the top
  expect(sparklinePath([0, 0], {width: 10, height: 10, margin: 1}).d).toBe("M1,9L9,9");
  expect(sparklinePath([], {}).d).toBe("");
  expect(sparklinePath([null], {}).last).toBe(null);
});
