// The backtest's what-if thresholds (backtest.whatIf): a threshold is a piece of a churn-watch rule's condition that
// a number follows ("visits_30d <" in "… AND visits_30d < 5 AND …"); a variant is the condition with that number
// replaced. Used by validateConfig.ts (the threshold must be in the condition exactly once) and by
// loaders/metrics/backtestParams.ts (the variants' conditions).   docs/metrics.md#what-if-thresholds
import {DEFAULT_WHAT_IF, type ChurnRule, type WhatIfThreshold} from "./schema.js";

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;

/** The threshold text as a pattern: its words separated by any spacing, not inside a longer name, then a number. */
function thresholdPattern(threshold: string): RegExp {
  const words = threshold.trim().split(/\s+/).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(String.raw`(?<![\w.])(${words.join(String.raw`\s*`)}\s*)(${NUMBER})(?![\w.])`, "gi");
}

/** Where the threshold's number is in the condition: every place (the setting is valid with exactly one). */
export function thresholdPlaces(condition: string, threshold: string): {value: number; index: number; length: number}[] {
  return [...condition.matchAll(thresholdPattern(threshold))].map((match) => ({
    value: Number(match[2]),
    index: match.index! + match[1].length,
    length: match[2].length
  }));
}

/** The value the condition gives the threshold (it must appear exactly once). */
export function thresholdValue(condition: string, threshold: string): number {
  const places = thresholdPlaces(condition, threshold);
  if (places.length !== 1) throw new Error(`'${threshold}' followed by a number appears ${places.length} times in '${condition}'`);
  return places[0].value;
}

/** The condition with the threshold's number replaced by value (written as a plain numeral). */
export function withThresholdValue(condition: string, threshold: string, value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const [place] = thresholdPlaces(condition, threshold);
  if (!place) throw new Error(`'${threshold}' followed by a number is not in '${condition}'`);
  return `${condition.slice(0, place.index)}${String(value)}${condition.slice(place.index + place.length)}`;
}

/** Whether a what-if threshold applies to the rules: its rule is there and has the threshold exactly once. */
export function appliesTo(entry: WhatIfThreshold, rules: ChurnRule[]): boolean {
  const rule = rules.find((r) => r.id === entry.rule);
  return rule !== undefined && thresholdPlaces(rule.condition, entry.threshold).length === 1;
}

/** The default what-if thresholds that apply to these rules (the default rules present, with their thresholds as written). */
export function defaultWhatIf(rules: ChurnRule[]): WhatIfThreshold[] {
  return DEFAULT_WHAT_IF.filter((entry) => appliesTo(entry, rules)).map((entry) => ({...entry, values: [...entry.values]}));
}
