// The backtest's settings as SQL values for its models (docs/metrics.md#backtest): the horizons, the signals it
// scores, and the what-if variants — each rule threshold (backtest.whatIf) and the red-band cutoff
// (backtest.redBandCutoffs) at each value tried, the configured one always among them.
import type {PulseConfig} from "../config/schema.js";
import {thresholdValue, withThresholdValue} from "../config/whatIfThresholds.js";
import {sqlString} from "../db.js";
import {sqlNumber, type SqlParams} from "./params.js";

/** The health bands, in the order the backtest lists their signals. */
export const BACKTEST_BANDS = ["red", "yellow", "green"] as const;

export interface WhatIfVariant {
  /** 1, 2, … in the order below: the rule thresholds as configured, each value ascending, then the red-band cutoffs */
  variant: number;
  /** "<rule id>: <threshold>" for a rule threshold, "health.bands.yellow" for the red-band cutoff */
  threshold: string;
  rule_id: string | null;
  value: number;
  /** the value the build's configuration uses */
  is_config: boolean;
  /** the signal the variant changes: rule:<id>, or band:red */
  signal: string;
  /** the rule's condition with this value (NULL for a red-band cutoff) */
  condition: string | null;
}

const ascending = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);

/** Every what-if variant of the (validated) config. */
export function whatIfVariants(config: PulseConfig): WhatIfVariant[] {
  const variants: Omit<WhatIfVariant, "variant">[] = [];
  for (const entry of config.backtest.whatIf) {
    const rule = config.churnWatch.rules.find((r) => r.id === entry.rule);
    if (!rule) throw new Error(`backtest.whatIf names rule '${entry.rule}', which is not in churnWatch.rules`);
    const configured = thresholdValue(rule.condition, entry.threshold);
    for (const value of ascending([...entry.values, configured])) {
      variants.push({
        threshold: `${rule.id}: ${entry.threshold}`,
        rule_id: rule.id,
        value,
        is_config: value === configured,
        signal: `rule:${rule.id}`,
        condition: withThresholdValue(rule.condition, entry.threshold, value)
      });
    }
  }
  const yellow = config.health.bands.yellow;
  for (const value of ascending([...config.backtest.redBandCutoffs, yellow])) {
    variants.push({threshold: "health.bands.yellow", rule_id: null, value, is_config: value === yellow, signal: "band:red", condition: null});
  }
  return variants.map((v, i) => ({variant: i + 1, ...v}));
}

/** The signals the backtest scores, in the order its tables list them: watch, each rule, each band. */
export function backtestSignals(config: PulseConfig): string[] {
  return ["watch", ...config.churnWatch.rules.map((r) => `rule:${r.id}`), ...BACKTEST_BANDS.map((b) => `band:${b}`)];
}

const list = (values: string[], type: string) => `[${values.join(", ")}]::${type}[]`;

/** Parameters of the backtest models and of metric_settings.sql. */
export function backtestParams(config: PulseConfig): SqlParams {
  const variants = whatIfVariants(config);
  const ruleVariants = variants.filter((v) => v.condition !== null);
  const redVariants = variants.filter((v) => v.condition === null);
  const struct = (v: WhatIfVariant) =>
    `{'variant': ${v.variant}, 'threshold': ${sqlString(v.threshold)}, 'rule_id': ${v.rule_id === null ? "NULL" : sqlString(v.rule_id)}, ` +
    `'value': ${sqlNumber(v.value)}, 'is_config': ${v.is_config}, 'signal': ${sqlString(v.signal)}, ` +
    `'condition': ${v.condition === null ? "NULL" : sqlString(v.condition)}}`;
  return {
    backtest_horizons: list(config.backtest.horizonsDays.map(sqlNumber), "INTEGER"),
    backtest_signals: list(backtestSignals(config).map(sqlString), "VARCHAR"),
    whatif_variants: list(variants.map(struct),
      "STRUCT(variant INTEGER, threshold VARCHAR, rule_id VARCHAR, value DOUBLE, is_config BOOLEAN, signal VARCHAR, condition VARCHAR)"),
    // one true/false per rule-threshold variant, over the accounts columns (a condition that is NULL does not fire)
    whatif_all_variants: list(variants.map((v) => String(v.variant)), "INTEGER"),
    whatif_rule_hits: list(ruleVariants.map((v) => `COALESCE((${v.condition}), false)`), "BOOLEAN"),
    whatif_rule_variants: list(ruleVariants.map((v) => String(v.variant)), "INTEGER"),
    whatif_rule_ids: list(ruleVariants.map((v) => sqlString(v.rule_id!)), "VARCHAR"),
    whatif_red_variants: list(redVariants.map((v) => String(v.variant)), "INTEGER"),
    whatif_red_cutoffs: list(redVariants.map((v) => sqlNumber(v.value)), "DOUBLE")
  };
}
