// The churn-watch rules from the config, as SQL for snapshot/snap_churn_watch.sql, and the check that each
// rule's condition is a true/false expression over the account columns: a wrong rule is a configuration
// error naming churnWatch.rules[i].condition and DuckDB's reason, raised before any heavy work.
import type {ChurnRule} from "../config/schema.js";
import type {PulseDb} from "../db.js";
import {sqlString} from "../db.js";
import {PulseConfigError} from "../errors.js";
import type {SqlParams} from "./params.js";

/** The table whose columns rule conditions are written over (one row per account per snapshot date). */
export const RULE_SUBJECT = "snap_account_state";

/** Parameters of snap_churn_watch.sql and metric_settings.sql. */
export function churnRuleParams(rules: ChurnRule[]): SqlParams {
  if (rules.length === 0) {
    return {
      rule_hits: "[]::BOOLEAN[]",
      rule_ids: "[]::VARCHAR[]",
      rule_labels: "[]::VARCHAR[]",
      rules: "[]::STRUCT(id VARCHAR, label VARCHAR, condition VARCHAR)[]"
    };
  }
  return {
    rule_hits: `[${rules.map((r) => `COALESCE((${r.condition}), false)`).join(",\n      ")}]`,
    rule_ids: `[${rules.map((r) => sqlString(r.id)).join(", ")}]`,
    rule_labels: `[${rules.map((r) => sqlString(r.label)).join(", ")}]`,
    rules: `[${rules.map((r) => `{'id': ${sqlString(r.id)}, 'label': ${sqlString(r.label)}, 'condition': ${sqlString(r.condition)}}`).join(", ")}]`
  };
}

function firstLines(message: string): string {
  return message.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("LINE ") && !/^\s*\^/.test(l)).slice(0, 2).join(" ");
}

/** Binds every rule's condition against the account columns (no data is read); throws PulseConfigError. */
export async function checkChurnRules(db: PulseDb, rules: ChurnRule[]): Promise<void> {
  for (const [i, rule] of rules.entries()) {
    const setting = `churnWatch.rules[${i}].condition`;
    let type: string | undefined;
    try {
      const described = await db.rows<{column_name: string; column_type: string}>(
        `DESCRIBE SELECT account_id, (${rule.condition}) AS hit FROM ${RULE_SUBJECT}`
      );
      type = described.find((c) => c.column_name === "hit")?.column_type;
    } catch (error) {
      throw new PulseConfigError(setting, `(rule '${rule.id}') cannot be evaluated over the accounts columns: ${firstLines((error as Error).message)}`);
    }
    if (type !== "BOOLEAN") {
      throw new PulseConfigError(setting, `(rule '${rule.id}') must be a true/false condition, but '${rule.condition}' gives ${type ?? "no value"}`);
    }
  }
}

/** After evaluating the rules failed at run time (a bad cast, say): the first rule that fails on its own. */
export async function findFailingRule(db: PulseDb, rules: ChurnRule[]): Promise<PulseConfigError | null> {
  for (const [i, rule] of rules.entries()) {
    try {
      await db.value(`SELECT count(*) FROM ${RULE_SUBJECT} WHERE COALESCE((${rule.condition}), false)`);
    } catch (error) {
      return new PulseConfigError(`churnWatch.rules[${i}].condition`, `(rule '${rule.id}') fails on the data: ${firstLines((error as Error).message)}`);
    }
  }
  return null;
}
