// The health bands, best first: a score of 70–100 is green, 40–69 yellow, 0–39 red (the cut-offs are the
// build's settings, health.bands in pulse.config.ts; docs/metrics.md#health-score). The pages' colours
// for them are in src/components/palette.js.

export const bands = ["green", "yellow", "red"];
