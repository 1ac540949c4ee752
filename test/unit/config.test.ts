// A wrong setting is one clear message naming the setting.
import {describe, expect, test} from "vitest";
import {DEFAULT_CONFIG} from "../../loaders/config/schema.js";
import {validateConfig} from "../../loaders/config/validateConfig.js";
import type {PulseConfigInput} from "../../loaders/config/schema.js";

const wrong = (input: unknown) => () => validateConfig(input as PulseConfigInput);

describe("validateConfig", () => {
  test("no settings give the defaults from PRODUCT.md", () => {
    const config = validateConfig({});
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config.segments).toEqual({highFrequencyVisits: 5, highValueFeatures: 10});
    expect(config.health.bands).toEqual({green: 70, yellow: 40});
    expect(config.tiers).toEqual({topShare: 0.15, smallPercentile: 0.4});
    expect(config.kpis.grossMargin).toBe(0.8);
    expect(config.kpis.renewalCriticalRate).toBe(0.7);
    expect(config.lifecycle).toMatchObject({handoverDays: 14, onboardingMaxDays: 60, renewalWindowDays: 90});
  });

  test("settings merge over the defaults, leaving the rest", () => {
    const config = validateConfig({segments: {highFrequencyVisits: 8}});
    expect(config.segments).toEqual({highFrequencyVisits: 8, highValueFeatures: 10});
  });

  test.each([
    [{segments: {highFrequencyVisit: 5}}, "configuration: segments.highFrequencyVisit is not a setting (known here: highFrequencyVisits, highValueFeatures)"],
    [{segments: {highFrequencyVisits: "five"}}, "configuration: segments.highFrequencyVisits must be a number, got 'five'"],
    [{asOf: "2026-02-30"}, "configuration: asOf must be a date as YYYY-MM-DD, got '2026-02-30'"],
    [{kpis: {grossMargin: 80}}, "configuration: kpis.grossMargin must be between 0 and 1, got 80"],
    [{health: {bands: {green: 30, yellow: 40}}}, "configuration: health.bands must have yellow ≤ green, got yellow 40 and green 30"],
    [{grid: {depth: [5, 2]}}, "configuration: grid.depth must have medium ≤ high, got [5, 2]"],
    [{data: {columns: {acounts: {}}}}, "configuration: data.columns.acounts names no export (exports: accounts, contracts, users, usage_events, leads, churn_events, support_tickets)"],
    [{data: {columns: {accounts: {nme: "Company"}}}}, "configuration: data.columns.accounts.nme is not a column of accounts (columns: account_id, name, industry, region, csm_owner, created_at, seats)"],
    [{data: {dateFormats: {contracts: {arr: "%d"}}}}, "configuration: data.dateFormats.contracts.arr is not a date column"],
    [{churnWatch: {rules: [{id: "Bad Id", label: "x", condition: "true"}]}}, "configuration: churnWatch.rules[0].id must be lower-case letters, digits and _, got 'Bad Id'"],
    [{churnWatch: {rules: [{id: "a", label: "x", condition: "true"}, {id: "a", label: "y", condition: "true"}]}}, "configuration: churnWatch.rules[1].id 'a' is used by two rules"],
    [{churnWatch: {rules: [{id: "a", label: "x", condition: "true; DROP TABLE accounts"}]}}, "configuration: churnWatch.rules[0].condition must be one SQL expression (no ';' or comments)"],
    [{currency: "dollars"}, "configuration: currency must be an ISO 4217 code such as USD, got 'dollars'"],
    [{activity: {keyActions: ["save_funnel", ""]}}, "configuration: activity.keyActions[1] must be a non-empty string, got ''"]
  ])("%j is refused", (input, message) => {
    expect(wrong(input)).toThrow(message);
  });
});
