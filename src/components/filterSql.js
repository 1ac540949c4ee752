// The filters as SQL over the accounts table's columns (filterColumns.js; the support filter's
// conditions in supportFilter.js). Nothing runs on import.
//
//   const where = whereClause(filters, {settings});   // settings: the build's metric_settings
import {filterColumns} from "../shared/filterColumns.js";
import {sqlList} from "../shared/sql.js";
import {supportFilterSql} from "../shared/supportFilter.js";

/**
 * SQL condition for the filters over the accounts table's columns; "TRUE" when nothing is set.
 * table: an alias to qualify the columns with, for a query that joins accounts with a table that
 * has columns of the same name (health_history has tier, segment, health_band):
 * whereClause(filters, {table: "a"}) → a.tier IN ('S'). settings: the build's metric_settings (the
 * support filter's "low satisfaction" is in the lowest quarter of its satisfaction scale); a page
 * whose filter bar offers support passes them. only: the filters that apply (the others are left
 * out), for a table with fewer columns than accounts (churns: owner, tier, segment, region, industry).
 */
export function whereClause(filters, {table, settings, only} = {}) {
  const prefix = table ? `${table}.` : "";
  const applies = (name) => !only || only.includes(name);
  const conditions = [];
  for (const [name, column] of Object.entries(filterColumns)) {
    const values = filters[name] ?? [];
    if (values.length && applies(name)) conditions.push(`${prefix}${column} IN ${sqlList(values)}`);
  }
  // overdue renewals (days_to_renewal < 0) are inside every window
  if (filters.renewal != null && applies("renewal")) conditions.push(`${prefix}days_to_renewal <= ${Math.trunc(Number(filters.renewal))}`);
  if (filters.support?.length && applies("support")) {
    const scale = settings?.support_satisfaction_scale;
    if (filters.support.includes("low_satisfaction") && !scale) throw new Error("whereClause: the support filter needs the build's settings (support_satisfaction_scale)");
    conditions.push(supportFilterSql(filters.support, {scale, table}));
  }
  return conditions.length ? conditions.join(" AND ") : "TRUE";
}
