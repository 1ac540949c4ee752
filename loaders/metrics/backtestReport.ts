// The backtest of a built tables folder as the Markdown docs/sample-data.md records: for each horizon, the watch,
// each rule and each band (pooled over the scored month ends) in numbers and in the page's words, and the lead time.
// Re-record after the sample changes:
//   npx pulse data --out /tmp/tables && npx tsx loaders/metrics/backtestReport.ts /tmp/tables
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {PulseDb, sqlString} from "../db.js";
import {formatLift, formatShare, oneIn, verdict} from "../../src/shared/backtestWords.js";

interface Pooled {
  horizon_days: number;
  signal: string;
  accounts: number;
  flagged: number;
  churned: number;
  flagged_churned: number;
  precision: number | null;
  recall: number | null;
  base_rate: number | null;
  lift: number | null;
}

interface Lead {
  horizon_days: number;
  churns: number;
  flagged: number;
  median_lead_days: number | null;
  arr_lost: number;
  arr_flagged: number;
}

export async function backtestReport(tablesDir: string): Promise<string> {
  const db = await PulseDb.open();
  try {
    const file = (name: string) => `read_parquet(${sqlString(join(tablesDir, `${name}.parquet`))})`;
    const pooled = await db.rows<Pooled>(`SELECT horizon_days, signal, accounts, flagged, churned, flagged_churned, precision, recall, base_rate, lift
      FROM ${file("churn_backtest")} WHERE period_end IS NULL`);
    const leads = await db.rows<Lead>(`SELECT horizon_days, count(*) AS churns, count(*) FILTER (flagged) AS flagged, median(lead_days) AS median_lead_days,
        sum(arr_lost) AS arr_lost, COALESCE(sum(arr_lost) FILTER (flagged), 0) AS arr_flagged
      FROM ${file("churn_lead_times")} GROUP BY horizon_days ORDER BY horizon_days`);
    const [{as_of}] = await db.rows<{as_of: string}>(`SELECT as_of FROM ${file("metric_settings")}`);
    const lines = [`As of ${as_of}, pooled over the scored month ends (loaders/metrics/backtestReport.ts):`, ""];
    lines.push("| within | signal | flags | of them left | caught | lift | verdict |", "|---|---|---|---|---|---|---|");
    for (const row of pooled) {
      lines.push(`| ${row.horizon_days} days | \`${row.signal}\` | ${formatShare(row.accounts ? row.flagged / row.accounts : null)} | ${oneIn(row.precision)} | ` +
        `${formatShare(row.recall)} (${row.flagged_churned} of ${row.churned}) | ${formatLift(row.lift)} | ${verdict(row).word} |`);
    }
    lines.push("", "| within | churns that count | flagged in time | churned ARR flagged | median lead time |", "|---|---|---|---|---|");
    for (const lead of leads) {
      lines.push(`| ${lead.horizon_days} days | ${lead.churns} | ${lead.flagged} (${formatShare(lead.churns ? lead.flagged / lead.churns : null)}) | ` +
        `${formatShare(lead.arr_lost ? lead.arr_flagged / lead.arr_lost : null)} | ${lead.median_lead_days == null ? "–" : `${lead.median_lead_days} days`} |`);
    }
    return lines.join("\n") + "\n";
  } finally {
    db.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write("usage: npx tsx loaders/metrics/backtestReport.ts <tables folder written by pulse data>\n");
    process.exit(2);
  }
  process.stdout.write(await backtestReport(dir));
}
