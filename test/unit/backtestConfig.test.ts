// The backtest's settings (backtest.horizonsDays, backtest.whatIf, backtest.redBandCutoffs), their checks, and the
// what-if variants they give.   docs/configuration.md#backtest, docs/metrics.md#what-if-thresholds
import {describe, expect, test} from "vitest";
import {DEFAULT_CHURN_RULES, type PulseConfigInput} from "../../loaders/config/schema.js";
import {validateConfig} from "../../loaders/config/validateConfig.js";
import {thresholdPlaces, thresholdValue, withThresholdValue} from "../../loaders/config/whatIfThresholds.js";
import {backtestSignals, whatIfVariants} from "../../loaders/metrics/backtestParams.js";

describe("a threshold in a rule's condition", () => {
  const rule = "days_to_renewal BETWEEN 0 AND 90 AND visits_30d < 5 AND active_users_30d < 3 AND duration_30d_minutes < 30";

  test("is the text followed by a number; the number is replaced, nothing else", () => {
    expect(thresholdValue(rule, "visits_30d <")).toBe(5);
    expect(withThresholdValue(rule, "visits_30d <", 8)).toBe(rule.replace("visits_30d < 5", "visits_30d < 8"));
    expect(withThresholdValue(rule, "days_to_renewal BETWEEN 0 AND", 180)).toBe(rule.replace("AND 90", "AND 180"));
    // spacing and case do not matter; negative and decimal numbers are numbers
    expect(thresholdValue("wow_visits_change<=-0.5 AND visits_prev_7d >= 5", "wow_visits_change <=")).toBe(-0.5);
    expect(withThresholdValue("wow_visits_change<=-0.5", "WOW_VISITS_CHANGE <=", -0.3)).toBe("wow_visits_change<=-0.3");
  });

  test("is not found inside a longer name, nor before another operator", () => {
    // "visits_30d <" is not the end of "prev_visits_30d <", nor the start of "visits_30d <= 5"
    expect(thresholdPlaces("prev_visits_30d < 5 AND visits_30d <= 5", "visits_30d <")).toEqual([]);
    // twice: ambiguous, so the setting is refused (below)
    expect(thresholdPlaces("visits_30d < 5 OR visits_30d < 9", "visits_30d <").length).toBe(2);
  });
});

describe("backtest settings", () => {
  test("defaults: 30, 90 and 180 days; the default rules' thresholds; red below 30 and 50 besides 40", () => {
    const config = validateConfig({});
    expect(config.backtest.horizonsDays).toEqual([30, 90, 180]);
    expect(config.backtest.redBandCutoffs).toEqual([30, 50]);
    expect(config.backtest.whatIf.map((w) => `${w.rule}: ${w.threshold}`)).toEqual([
      "renewal_low_usage: days_to_renewal BETWEEN 0 AND",
      "renewal_low_usage: visits_30d <",
      "renewal_low_usage: active_users_30d <",
      "renewal_low_usage: duration_30d_minutes <",
      "logins_down: wow_visits_change <=",
      "logins_down: visits_prev_7d >=",
      "support_trouble: support_escalations_window >=",
      "support_trouble: support_rated_window >=",
      "support_trouble: support_satisfaction_window <="
    ]);
  });

  test("the default what-ifs follow the rules: a removed rule's are left out, a changed value is the configured one", () => {
    const rules = DEFAULT_CHURN_RULES.filter((r) => r.id !== "logins_down").map((r) =>
      r.id === "renewal_low_usage" ? {...r, condition: r.condition.replace("visits_30d < 5", "visits_30d < 6")} : r
    );
    const config = validateConfig({churnWatch: {rules}});
    expect(config.backtest.whatIf.some((w) => w.rule === "logins_down")).toBe(false);
    const visits = whatIfVariants(config).filter((v) => v.threshold === "renewal_low_usage: visits_30d <");
    // the defaults 3 and 8, and the configured 6
    expect(visits.map((v) => [v.value, v.is_config, v.condition?.includes(`visits_30d < ${v.value} `)])).toEqual([
      [3, false, true], [6, true, true], [8, false, true]
    ]);
  });

  test("variants: rule thresholds in the order written, values ascending, then the red-band cutoffs with the configured 40", () => {
    const config = validateConfig({
      churnWatch: {rules: [{id: "big_and_quiet", label: "Big and quiet", condition: "arr > 100000 AND key_actions_30d = 0"}]},
      backtest: {whatIf: [{rule: "big_and_quiet", threshold: "arr >", values: [200000, 50000, 50000]}], redBandCutoffs: [45]}
    });
    expect(whatIfVariants(config)).toEqual([
      {variant: 1, threshold: "big_and_quiet: arr >", rule_id: "big_and_quiet", value: 50000, is_config: false, signal: "rule:big_and_quiet", condition: "arr > 50000 AND key_actions_30d = 0"},
      {variant: 2, threshold: "big_and_quiet: arr >", rule_id: "big_and_quiet", value: 100000, is_config: true, signal: "rule:big_and_quiet", condition: "arr > 100000 AND key_actions_30d = 0"},
      {variant: 3, threshold: "big_and_quiet: arr >", rule_id: "big_and_quiet", value: 200000, is_config: false, signal: "rule:big_and_quiet", condition: "arr > 200000 AND key_actions_30d = 0"},
      {variant: 4, threshold: "health.bands.yellow", rule_id: null, value: 40, is_config: true, signal: "band:red", condition: null},
      {variant: 5, threshold: "health.bands.yellow", rule_id: null, value: 45, is_config: false, signal: "band:red", condition: null}
    ]);
    expect(backtestSignals(config)).toEqual(["watch", "rule:big_and_quiet", "band:red", "band:yellow", "band:green"]);
  });

  test.each([
    [{backtest: {horizonsDays: []}}, "configuration: backtest.horizonsDays must list at least one horizon, in days"],
    [{backtest: {horizonsDays: [30, 45.5]}}, "configuration: backtest.horizonsDays[1] must be a whole number, got 45.5"],
    [{backtest: {horizonsDays: [0]}}, "configuration: backtest.horizonsDays[0] must be between 1 and 3660, got 0"],
    [{backtest: {horizonsDays: "90"}}, "configuration: backtest.horizonsDays must be a list, got '90'"],
    [{backtest: {redBandCutoffs: [80]}}, "configuration: backtest.redBandCutoffs[0] must be between 0 and 70, got 80"],
    [{backtest: {whatIf: [{rule: "nope", threshold: "x <", values: [1]}]}}, "configuration: backtest.whatIf[0].rule names no rule of churnWatch.rules"],
    [{backtest: {whatIf: [{rule: "logins_down", threshold: "visits_30d <", values: [1]}]}},
      "configuration: backtest.whatIf[0].threshold 'visits_30d <' followed by a number must appear once in rule 'logins_down''s condition 'wow_visits_change <= -0.5 AND visits_prev_7d >= 5', found 0"],
    [{backtest: {whatIf: [{rule: "logins_down", threshold: "visits_prev_7d >=", values: []}]}}, "configuration: backtest.whatIf[0].values must list at least one number to try"],
    [{backtest: {whatIf: [{rule: "logins_down", threshold: "visits_prev_7d >=", values: ["3"]}]}}, "configuration: backtest.whatIf[0].values[0] must be a number, got '3'"],
    [{backtest: {whatIf: [{rule: "logins_down", threshold: "visits_prev_7d >=", values: [3], label: "x"}]}}, "configuration: backtest.whatIf[0].label is not a setting (known here: rule, threshold, values)"],
    [{backtest: {whatIf: [{rule: "logins_down", threshold: "visits_prev_7d >=", values: [3]}, {rule: "logins_down", threshold: "visits_prev_7d  >=", values: [4]}]}},
      "configuration: backtest.whatIf[1].threshold 'visits_prev_7d  >=' of rule 'logins_down' is listed twice"],
    [{backtest: {horizons: [30]}}, "configuration: backtest.horizons is not a setting (known here: horizonsDays, whatIf, redBandCutoffs)"]
  ])("%j is refused", (input, message) => {
    expect(() => validateConfig(input as PulseConfigInput)).toThrow(message);
  });

  test("horizons and cutoffs are read in ascending order, each once", () => {
    const config = validateConfig({backtest: {horizonsDays: [180, 30, 30], redBandCutoffs: [50, 20, 50]}});
    expect(config.backtest.horizonsDays).toEqual([30, 180]);
    expect(config.backtest.redBandCutoffs).toEqual([20, 50]);
  });
});
