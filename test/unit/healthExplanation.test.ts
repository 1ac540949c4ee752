// The account page's explanation draws the build's rows (health_components) as they are: the points shown
// add up to the score, a component not measured says so in words, and the band's words use the build's thresholds.
import {expect, test} from "vitest";
import {bandSentence} from "../../src/components/healthExplanation.js";

const settings = {health_band_green: 70, health_band_yellow: 40};

test("bands in words, from the build's thresholds; the band itself is the build's", () => {
  expect(bandSentence("green", settings)).toBe("green (70 or more)");
  expect(bandSentence("yellow", settings)).toBe("yellow (40 to under 70)");
  expect(bandSentence("red", settings)).toBe("red (under 40)");
});
