// The rows of one usage file (or of several read as one, each row with its file's number) as the rollup reads them (loaders/rollups/sql/usage_rollup.sql): read once, typed once,
// every validation rule checked (loaders/validate/checks.ts), and each row given what the metrics need of it:
// its status (accepted, no action, to be derived, or the mask of the rules it broke), its account (from its
// contract when it names only that), its day, its visit, its actions (count), whether they are key actions, its
// page views and duration. Nothing is kept: the rows stream into the rollup's aggregation.
import {exportSpec} from "../contract/exports.js";
import type {PulseConfig} from "../config/schema.js";
import {sqlIdent} from "../db.js";
import {sqlNumber, sqlStringList} from "../metrics/params.js";
import {FILE_COLUMN} from "../ingest/readExport.js";
import type {Check} from "../validate/checks.js";
import {typedColumns} from "../validate/checks.js";

/** Status of a row that is accepted and stands for at least one action: the only rows rolled up. */
export const ROLLED_UP = 0;
/** Status of an accepted row with count 0: it stands for no action. */
export const NO_ACTION = -1;
/** Status of an accepted row whose visit comes from the time gaps of its user's rows, left for a second step. */
export const VISIT_TO_DERIVE = -2;

/**
 * How the rows' visits are found:
 *   "sessions"      the file has a session_id column: a row's visit is its session (or its user's day for a daily
 *                   row); rows without one but with a time of day are VISIT_TO_DERIVE, rolled up by a second step;
 *   "gaps"          the file has no session_id column: visits from the gaps between each user's rows, in this pass;
 *   "gaps-deferred" the second step of "sessions": only the VISIT_TO_DERIVE rows, their visits from the gaps.
 */
export type VisitMode = "sessions" | "gaps" | "gaps-deferred";

export interface UsageRowsOptions {
  /** the view of the file's text columns under their canonical names (loaders/ingest/readExport.ts) */
  view: string;
  /** canonical columns the file has */
  present: string[];
  /** the usage checks, in the order of their bits in the status mask */
  checks: Check[];
  mode: VisitMode;
  /** for several files read as one (the view has FILE_COLUMN): the table of their numbers (file_path, file_no);
   *  without it the rows are of one file, number 1 */
  fileNumbers?: string;
}

/** The bit of each check in the status mask of a rejected row. */
export function checkBit(index: number): bigint {
  if (index > 62) throw new Error(`more than 63 usage checks: the status mask holds 63`);
  return 1n << BigInt(index);
}

/** The SQL relation of the file's rows, one per row of the file (or, for "gaps-deferred", per VISIT_TO_DERIVE row). */
export function usageRowsSql(options: UsageRowsOptions, config: PulseConfig): string {
  const {view, present, checks, mode, fileNumbers} = options;
  const spec = exportSpec("usage_events");
  const has = (column: string) => present.includes(column);
  const anyFails = checks.length ? checks.map((c) => `(${c.fails})`).join(" OR ") : "false";
  // (a check may be NULL where it does not apply, an empty number say: that is not broken)
  const mask = checks.length ? checks.map((c, i) => `(CAST(COALESCE(${c.fails}, false) AS BIGINT) << ${i})`).join(" | ") : "0";
  const events = has("count") ? `COALESCE("count", 1)` : "1";
  const timed = `session_id IS NULL AND NOT date_only`;
  const deferred = mode !== "gaps" ? `WHEN ${timed} THEN ${VISIT_TO_DERIVE}` : "";
  // a row keyed by its contract gets the contract's account (the checks accepted only known contracts)
  const account = has("contract_id")
    ? `COALESCE(t.account_id, CASE WHEN t.status >= ${VISIT_TO_DERIVE} AND t.status <= 0 THEN (SELECT c.account_id FROM contracts c WHERE c.contract_id = t.contract_id) END)`
    : "t.account_id";
  const gapMicros = `to_microseconds(CAST(round(CAST(${sqlNumber(config.activity.sessionGapMinutes)} AS DOUBLE) * 60000000) AS BIGINT))`;
  // a visit derived from gaps is keyed by its user and its first row's time: ' <user_id>:<microseconds>'. One space
  // first, which a session id never has (ids and text are trimmed), so it cannot be taken for one; daily visits
  // start with two. The key does not depend on the file, so the same visit found in two files is one visit.
  const derivedKey = `' ' || COALESCE(user_id, '') || ':' || CAST(epoch_us(visit_start) AS VARCHAR)`;
  const derive = mode !== "sessions";
  const onlyDeferred = mode === "gaps-deferred";
  const rolledUp = onlyDeferred ? `status = ${VISIT_TO_DERIVE}` : `status = ${ROLLED_UP}`;
  return `(
  WITH typed AS (
    SELECT ${typedColumns(spec, config).join(",\n      ")}${fileNumbers ? `, ${sqlIdent(FILE_COLUMN)}` : ""}
    FROM ${sqlIdent(view)}
  ),
  checked AS (
    SELECT *,
      CASE WHEN ${anyFails} THEN ${mask} WHEN ${events} = 0 THEN ${NO_ACTION} ${deferred} ELSE ${ROLLED_UP} END AS status
    FROM typed
  ),
  filled AS (
    SELECT ${fileNumbers ? "f.file_no" : "1"} AS file_no, ${account} AS account_id, t.contract_id, t.user_id, t."timestamp" AS ts,
      CAST(t."timestamp" AS DATE) AS day, t.date_only, t.session_id, t.event, t.module, t.feature, t.duration_s, t.page_views,
      ${events} AS events, t.status
    FROM checked t${fileNumbers ? ` JOIN ${sqlIdent(fileNumbers)} f ON f.file_path = t.${sqlIdent(FILE_COLUMN)}` : ""}${onlyDeferred ? `\n    WHERE t.status = ${VISIT_TO_DERIVE}` : ""}
  )${
    derive
      ? `,
  gaps AS (
    SELECT *,
      ${rolledUp} AND ${timed} AS derivable,
      ts - lag(ts) OVER (PARTITION BY file_no, account_id, user_id, ${rolledUp} AND ${timed} ORDER BY ts) <= ${gapMicros} AS same_visit
    FROM filled
  ),
  visits AS (
    SELECT *,
      max(CASE WHEN same_visit IS NOT TRUE THEN ts END)
        OVER (PARTITION BY file_no, account_id, user_id, derivable ORDER BY ts ROWS UNBOUNDED PRECEDING) AS visit_start
    FROM gaps
  )`
      : ""
  }
  SELECT
    file_no,
    ${onlyDeferred ? ROLLED_UP : "status"} AS status,
    account_id,
    contract_id,
    CASE WHEN status <= 0 THEN user_id END AS user_id,
    CASE WHEN ${rolledUp} THEN
      CASE WHEN session_id IS NOT NULL THEN session_id
           WHEN date_only THEN '  ' || COALESCE(user_id, '') || ':' || strftime(day, '%Y-%m-%d')
           ${derive ? `ELSE ${derivedKey}` : ""} END
    END AS visit_key,
    day,
    CASE WHEN ${rolledUp} THEN module END AS module,
    CASE WHEN ${rolledUp} THEN feature END AS feature,
    events,
    COALESCE(list_contains(${sqlStringList(config.activity.keyActions)}, event), false) AS is_key_action,
    COALESCE(page_views, CASE WHEN event = 'page_view' THEN events ELSE 0 END) AS page_views,
    CAST(COALESCE(duration_s, 0) AS DECIMAL(18, 3)) AS duration_s
  FROM ${derive ? "visits" : "filled"}
)`;
}
