// What this build's exports can measure, and a number they cannot, in words. A measure the data
// cannot give (active users without user ids, key users without a users export, support without a
// support tickets export) is NULL in the tables (docs/metrics.md#not-measured) and shown as "not
// measured", never as 0 and never as a bare dash a reader would take for 0. metric_settings says
// which measures the whole build lacks (users_measured, key_users_measured, support_measured).
//
//   const why = unmeasured(settings);                 // {users: "the usage export has no user ids", …} or null per measure
//   cell(account.active_users_window)                     // in a table: measuredCell(value, formatCount, why.users)
import {el} from "./dom.js";

export const NOT_MEASURED = "not measured";

/**
 * Why each measure is not measured in this build, in words, or null when it is measured:
 * {users, keyUsers, support}. settings: metric_settings (a build before these flags measured everything).
 */
export function unmeasured(settings = {}) {
  const users = settings.users_measured === false ? "the usage export has no user ids" : null;
  const keyUsers = users ?? (settings.key_users_measured === false ? "there is no users export to say who the key users are" : null);
  const support = settings.support_measured === false ? "there is no support tickets export" : null;
  return {users, keyUsers, support};
}

/** Which measure each accounts column needs (docs/metrics.md#not-measured): the columns that are NULL without it. */
export const measureOfColumn = {
  active_users_window: "users",
  active_users_prev_window: "users",
  depth: "users",
  grid_depth: "users",
  grid_cell: "users",
  grid_rank: "users",
  grid_cell_prev: "users",
  grid_rank_prev: "users",
  grid_migration: "users",
  key_users_active_window: "keyUsers",
  key_user_active_recent: "keyUsers",
  // the deprecated names of the same columns, which a churn rule may still use for one release (the default rules do)
  active_users_30d: "users",
  active_users_prev_30d: "users",
  key_users_active_30d: "keyUsers",
  key_user_active_14d: "keyUsers",
  key_user_last_active_date: "keyUsers",
  support_open_tickets: "support",
  support_tickets_window: "support",
  support_escalations_window: "support",
  support_satisfaction_window: "support",
  support_rated_window: "support"
};

/** Why a column of accounts is not measured in this build, or null when it is (or is not such a column). */
export function columnUnmeasured(column, settings) {
  const measure = measureOfColumn[column];
  return measure ? unmeasured(settings)[measure] : null;
}

/** "not measured (the usage export has no user ids)": a value's words when it is not measured. */
export function notMeasuredWords(why) {
  return why ? `${NOT_MEASURED} (${why})` : NOT_MEASURED;
}

/** A table cell's "not measured": short and muted, its title saying why. */
export function notMeasuredCell(why) {
  return el("span", {class: "muted not-measured", title: why ? `not measured: ${why}` : "not measured"}, NOT_MEASURED);
}

/** A cell for a value that may be not measured: the formatted value, or "not measured" with why when it is null and why is given. */
export function measuredCell(value, format, why) {
  return value == null && why ? notMeasuredCell(why) : format(value);
}

/** The same in text (cards, sentences): format(value), or "not measured (why)". */
export function measuredText(value, format, why) {
  return value == null && why ? notMeasuredWords(why) : format(value);
}
