// The segments' and the health grid's SQL over accounts, for the Segments page and the Health page (and
// the build, which runs them for the Health page's first view: src/shared/healthQueries.js). where: the
// accounts counted, usually currentCustomers(whereClause(filters)) (src/shared/customers.js).

/**
 * The frequency × value map: per segment, its accounts, ARR, median health score, accounts per band
 * and the segment's playbook line (the build's, docs/metrics.md#segments).
 */
export function segmentSummarySql(where) {
  return `
      SELECT segment, count(*) AS accounts, sum(arr) AS arr, median(health_score) AS median_score,
             count(*) FILTER (health_band = 'green') AS green, count(*) FILTER (health_band = 'yellow') AS yellow,
             count(*) FILTER (health_band = 'red') AS red, any_value(segment_playbook) AS playbook
      FROM accounts WHERE ${where} GROUP BY segment ORDER BY segment`;
}

/** The 3×3 health grid: per cell, its accounts, ARR, and the accounts that arrived from a lower (up) or higher (down) cell. */
export function gridSummarySql(where) {
  return `
      SELECT grid_cell, count(*) AS accounts, sum(arr) AS arr,
             count(*) FILTER (grid_migration = 'up') AS moved_up, count(*) FILTER (grid_migration = 'down') AS moved_down
      FROM accounts WHERE ${where} GROUP BY grid_cell ORDER BY grid_cell`;
}

/** The grid's moves since the month end before: accounts and ARR per (cell then, cell now, move). */
export function gridMovesSql(where) {
  return `
      SELECT grid_cell_prev, grid_cell, grid_migration, count(*) AS accounts, sum(arr) AS arr
      FROM accounts WHERE ${where} GROUP BY ALL ORDER BY ALL`;
}
