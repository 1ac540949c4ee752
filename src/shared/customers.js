// Who the pages count: the current customers, the accounts with a contract in force
// (accounts.has_active_contract: docs/metrics.md#current-customers). Every page that counts, lists or
// charts customers starts from this condition; former customers appear only where a page says so.

/**
 * SQL: the current customers among the accounts that match the filters' SQL (whereClause).
 * table: the accounts table's alias when the query joins ("a" → a.has_active_contract).
 */
export function currentCustomers(filterWhere = "TRUE", {table} = {}) {
  return `${table ? `${table}.` : ""}has_active_contract AND (${filterWhere})`;
}
