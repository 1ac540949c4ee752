// Merges the user's settings over the defaults and checks every one of them,
// so that a wrong setting is one clear message naming the setting, not a stack trace later.
import {EXPORT_NAMES, exportSpec, type ExportName} from "../contract/exports.js";
import {PulseConfigError} from "../errors.js";
import {DEFAULT_CONFIG, type PulseConfig, type PulseConfigInput} from "./schema.js";
import {defaultWhatIf, thresholdPlaces} from "./whatIfThresholds.js";

type Json = unknown;

/** Deep-merges `input` over `defaults`, refusing unknown settings and values of the wrong kind. */
function mergeSetting(defaults: Json, input: Json, path: string): Json {
  if (input === undefined) return defaults;
  if (isPlainObject(defaults) && !isOpenMap(path)) {
    if (!isPlainObject(input)) throw new PulseConfigError(path, `must be an object, got ${describe(input)}`);
    const merged: Record<string, Json> = {...defaults};
    for (const [key, value] of Object.entries(input)) {
      const child = path ? `${path}.${key}` : key;
      if (!(key in defaults)) {
        throw new PulseConfigError(child, `is not a setting (known here: ${Object.keys(defaults).join(", ")})`);
      }
      merged[key] = mergeSetting(defaults[key], value, child);
    }
    return merged;
  }
  if (isOpenMap(path)) {
    if (!isPlainObject(input)) throw new PulseConfigError(path, `must be an object, got ${describe(input)}`);
    return input;
  }
  if (Array.isArray(defaults)) {
    if (!Array.isArray(input)) throw new PulseConfigError(path, `must be a list, got ${describe(input)}`);
    return input;
  }
  if (defaults === null) {
    if (input !== null && typeof input !== "string") throw new PulseConfigError(path, `must be a string or null, got ${describe(input)}`);
    return input;
  }
  if (typeof input !== typeof defaults) {
    throw new PulseConfigError(path, `must be a ${typeof defaults}, got ${describe(input)}`);
  }
  if (typeof input === "number" && !Number.isFinite(input)) throw new PulseConfigError(path, `must be a finite number, got ${input}`);
  return input;
}

/** Settings whose keys are the user's own (export names, column names), not fixed setting names. */
function isOpenMap(path: string): boolean {
  return /^data\.(files|columns|dateFormats)(\.[a-z_]+)?$/.test(path);
}

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: Json): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "object") return "an object";
  return String(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function checkDate(path: string, value: string | null) {
  if (value !== null && !isIsoDate(value)) throw new PulseConfigError(path, `must be a date as YYYY-MM-DD, got '${value}'`);
}

function checkRange(path: string, value: number, min: number, max: number) {
  if (!(value >= min && value <= max)) throw new PulseConfigError(path, `must be between ${min} and ${max}, got ${value}`);
}

function checkOrdered(path: string, pair: unknown) {
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => typeof v === "number" && Number.isFinite(v) && v >= 0)) {
    throw new PulseConfigError(path, `must be two numbers [medium, high], got ${JSON.stringify(pair)}`);
  }
  if (!(pair[0] <= pair[1])) throw new PulseConfigError(path, `must have medium ≤ high, got [${pair.join(", ")}]`);
}

function checkStringList(path: string, list: unknown[]) {
  list.forEach((v, i) => {
    if (typeof v !== "string" || v === "") throw new PulseConfigError(`${path}[${i}]`, `must be a non-empty string, got ${describe(v)}`);
  });
}

function checkDataMappings(config: PulseConfig) {
  const {files, columns, dateFormats} = config.data;
  for (const [setting, map] of [["data.files", files], ["data.columns", columns], ["data.dateFormats", dateFormats]] as const) {
    for (const [name, value] of Object.entries(map)) {
      if (!EXPORT_NAMES.includes(name as ExportName)) {
        throw new PulseConfigError(`${setting}.${name}`, `names no export (exports: ${EXPORT_NAMES.join(", ")})`);
      }
      if (setting === "data.files") {
        if (typeof value !== "string" || value === "") throw new PulseConfigError(`${setting}.${name}`, `must be a file name`);
        continue;
      }
      if (!isPlainObject(value)) throw new PulseConfigError(`${setting}.${name}`, `must be an object`);
      const known = exportSpec(name as ExportName).columns;
      for (const [column, source] of Object.entries(value)) {
        const spec = known.find((c) => c.name === column);
        if (!spec) {
          throw new PulseConfigError(`${setting}.${name}.${column}`, `is not a column of ${name} (columns: ${known.map((c) => c.name).join(", ")})`);
        }
        if (typeof source !== "string" || source === "") throw new PulseConfigError(`${setting}.${name}.${column}`, `must be a non-empty string`);
        if (setting === "data.dateFormats" && spec.type !== "date" && spec.type !== "timestamp") {
          throw new PulseConfigError(`${setting}.${name}.${column}`, `is not a date column`);
        }
        if (setting === "data.dateFormats" && !source.includes("%")) {
          throw new PulseConfigError(`${setting}.${name}.${column}`, `must be a strptime format such as '%m/%d/%Y', got '${source}'`);
        }
      }
    }
  }
}

const RULE_ID = /^[a-z][a-z0-9_]*$/;

function checkRules(config: PulseConfig) {
  const seen = new Set<string>();
  config.churnWatch.rules.forEach((rule, i) => {
    const path = `churnWatch.rules[${i}]`;
    if (!isPlainObject(rule)) throw new PulseConfigError(path, "must be an object {id, label, condition}");
    for (const key of ["id", "label", "condition"] as const) {
      if (typeof rule[key] !== "string" || rule[key].trim() === "") throw new PulseConfigError(`${path}.${key}`, "must be a non-empty string");
    }
    for (const key of Object.keys(rule)) {
      if (!["id", "label", "condition"].includes(key)) throw new PulseConfigError(`${path}.${key}`, "is not a setting (known here: id, label, condition)");
    }
    if (!RULE_ID.test(rule.id)) throw new PulseConfigError(`${path}.id`, `must be lower-case letters, digits and _, got '${rule.id}'`);
    if (seen.has(rule.id)) throw new PulseConfigError(`${path}.id`, `'${rule.id}' is used by two rules`);
    seen.add(rule.id);
    if (/;|--|\/\*/.test(rule.condition)) throw new PulseConfigError(`${path}.condition`, "must be one SQL expression (no ';' or comments)");
  });
}

function checkNumberList(path: string, list: unknown[], min: number, max: number, {integer = false} = {}): number[] {
  list.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new PulseConfigError(`${path}[${i}]`, `must be a number, got ${describe(v)}`);
    if (integer && !Number.isInteger(v)) throw new PulseConfigError(`${path}[${i}]`, `must be a whole number, got ${v}`);
    checkRange(`${path}[${i}]`, v, min, max);
  });
  return [...new Set(list as number[])].sort((a, b) => a - b);
}

/**
 * backtest.*: horizons (whole days, at least one), red-band cutoffs (scores up to the green band's) and what-if
 * thresholds. Without backtest.whatIf in the user's settings, the defaults that apply to the rules are used (a
 * default for a rule that was removed or rewritten without its threshold is left out, as docs/configuration.md
 * says); a what-if threshold the user wrote must name a rule and appear in its condition exactly once.
 */
function checkBacktest(config: PulseConfig, input: PulseConfigInput | undefined): PulseConfig["backtest"] {
  const {horizonsDays, redBandCutoffs, whatIf} = config.backtest;
  if (horizonsDays.length === 0) throw new PulseConfigError("backtest.horizonsDays", "must list at least one horizon, in days");
  const horizons = checkNumberList("backtest.horizonsDays", horizonsDays, 1, 3660, {integer: true});
  const cutoffs = checkNumberList("backtest.redBandCutoffs", redBandCutoffs, 0, config.health.bands.green);
  if (input?.backtest?.whatIf === undefined) return {horizonsDays: horizons, redBandCutoffs: cutoffs, whatIf: defaultWhatIf(config.churnWatch.rules)};
  const seen = new Set<string>();
  const checked = whatIf.map((entry, i) => {
    const path = `backtest.whatIf[${i}]`;
    if (!isPlainObject(entry)) throw new PulseConfigError(path, "must be an object {rule, threshold, values}");
    for (const key of Object.keys(entry)) {
      if (!["rule", "threshold", "values"].includes(key)) throw new PulseConfigError(`${path}.${key}`, "is not a setting (known here: rule, threshold, values)");
    }
    const rule = config.churnWatch.rules.find((r) => r.id === entry.rule);
    if (!rule) {
      throw new PulseConfigError(`${path}.rule`, `names no rule of churnWatch.rules (rules: ${config.churnWatch.rules.map((r) => r.id).join(", ") || "none"}), got ${describe(entry.rule)}`);
    }
    if (typeof entry.threshold !== "string" || entry.threshold.trim() === "") throw new PulseConfigError(`${path}.threshold`, "must be a non-empty string, e.g. 'visits_30d <'");
    const places = thresholdPlaces(rule.condition, entry.threshold).length;
    if (places !== 1) {
      throw new PulseConfigError(`${path}.threshold`, `'${entry.threshold}' followed by a number must appear once in rule '${rule.id}''s condition '${rule.condition}', found ${places}`);
    }
    const threshold = entry.threshold.trim().split(/\s+/).join(" ");
    const key = `${rule.id}\u0000${threshold.toLowerCase()}`;
    if (seen.has(key)) throw new PulseConfigError(`${path}.threshold`, `'${entry.threshold}' of rule '${rule.id}' is listed twice`);
    seen.add(key);
    if (!Array.isArray(entry.values) || entry.values.length === 0) throw new PulseConfigError(`${path}.values`, "must list at least one number to try");
    return {rule: rule.id, threshold, values: checkNumberList(`${path}.values`, entry.values, -1e12, 1e12)};
  });
  return {horizonsDays: horizons, redBandCutoffs: cutoffs, whatIf: checked};
}

/** The full, checked configuration from what the user wrote. Throws PulseConfigError. */
export function validateConfig(input: PulseConfigInput | undefined): PulseConfig {
  const config = mergeSetting(DEFAULT_CONFIG, input ?? {}, "") as PulseConfig;
  checkDataMappings(config);
  checkDate("asOf", config.asOf);
  checkDate("validation.today", config.validation.today);
  checkDate("validation.earliestDate", config.validation.earliestDate);
  if (!/^[A-Z]{3}$/.test(config.currency)) throw new PulseConfigError("currency", `must be an ISO 4217 code such as USD, got '${config.currency}'`);
  checkRange("validation.eventFutureToleranceDays", config.validation.eventFutureToleranceDays, 0, 3650);
  checkRange("validation.contractMaxYearsAhead", config.validation.contractMaxYearsAhead, 0, 100);
  checkRange("activity.windowDays", config.activity.windowDays, 1, 366);
  checkRange("activity.sessionGapMinutes", config.activity.sessionGapMinutes, 1, 1440);
  checkStringList("activity.keyActions", config.activity.keyActions);
  checkRange("activity.keyUserWindowDays", config.activity.keyUserWindowDays, 1, 366);
  checkRange("segments.highFrequencyVisits", config.segments.highFrequencyVisits, 0, 1e9);
  checkRange("segments.highValueFeatures", config.segments.highValueFeatures, 0, 1e9);
  checkStringList("grid.modulesOffered", config.grid.modulesOffered);
  checkOrdered("grid.breadth", config.grid.breadth);
  checkOrdered("grid.depth", config.grid.depth);
  if (!["visits", "key_actions"].includes(config.grid.depthMeasure)) {
    throw new PulseConfigError("grid.depthMeasure", `must be 'visits' or 'key_actions', got ${describe(config.grid.depthMeasure)}`);
  }
  const weights = config.health.weights;
  for (const [name, weight] of Object.entries(weights)) checkRange(`health.weights.${name}`, weight, 0, 1e6);
  if (Object.values(weights).reduce((a, b) => a + b, 0) <= 0) throw new PulseConfigError("health.weights", "must not all be zero");
  checkRange("health.activityTargetVisits", config.health.activityTargetVisits, 1e-9, 1e9);
  checkRange("health.depthTarget", config.health.depthTarget, 1e-9, 1e9);
  checkRange("health.keyUsersTarget", config.health.keyUsersTarget, 1e-9, 1e9);
  checkRange("health.bands.green", config.health.bands.green, 0, 100);
  checkRange("health.bands.yellow", config.health.bands.yellow, 0, 100);
  if (config.health.bands.yellow > config.health.bands.green) {
    throw new PulseConfigError("health.bands", `must have yellow ≤ green, got yellow ${config.health.bands.yellow} and green ${config.health.bands.green}`);
  }
  const scale = config.support.satisfactionScale;
  if (!Array.isArray(scale) || scale.length !== 2 || !scale.every((v) => typeof v === "number" && Number.isFinite(v)) || !(scale[0] < scale[1])) {
    throw new PulseConfigError("support.satisfactionScale", `must be two numbers [lowest, highest] with lowest < highest, got ${JSON.stringify(scale)}`);
  }
  checkRange("support.windowDays", config.support.windowDays, 1, 3660);
  checkRange("support.openTicketsLimit", config.support.openTicketsLimit, 1e-9, 1e9);
  checkRange("support.escalationsLimit", config.support.escalationsLimit, 1e-9, 1e9);
  checkRange("tiers.topShare", config.tiers.topShare, 0, 1);
  checkRange("tiers.smallPercentile", config.tiers.smallPercentile, 0, 1);
  checkRange("lifecycle.handoverDays", config.lifecycle.handoverDays, 0, 3650);
  checkRange("lifecycle.onboardingMaxDays", config.lifecycle.onboardingMaxDays, 0, 3650);
  checkRange("lifecycle.renewalWindowDays", config.lifecycle.renewalWindowDays, 0, 3650);
  checkRange("lifecycle.renewedDays", config.lifecycle.renewedDays, 0, 3650);
  checkRange("lifecycle.expansionMinChange", config.lifecycle.expansionMinChange, 0, 1);
  checkRules(config);
  checkRange("kpis.periodMonths", config.kpis.periodMonths, 1, 120);
  checkRange("kpis.grossMargin", config.kpis.grossMargin, 0, 1);
  checkRange("kpis.renewalCriticalRate", config.kpis.renewalCriticalRate, 0, 1);
  checkRange("kpis.healthyLtvToCac", config.kpis.healthyLtvToCac, 0, 1e6);
  checkRange("kpis.concentrationTopShare", config.kpis.concentrationTopShare, 0, 1);
  checkRange("kpis.renewalMatchDays", config.kpis.renewalMatchDays, 0, 366);
  checkRange("history.months", config.history.months, 1, 120);
  config.backtest = checkBacktest(config, input);
  return config;
}
