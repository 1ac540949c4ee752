// An account's move on the 3×3 health grid since the month end before (accounts.grid_migration:
// docs/metrics.md#health-grid), in the order the pages sort them: a move down first (it needs fast
// intervention), then no move, then a move up.

export const gridMoves = ["down", "same", "up"];

/** A move's place in that order (0 = down), undefined when the account has no move (no cell last month). */
export function gridMoveRank(move) {
  const rank = gridMoves.indexOf(move);
  return rank < 0 ? undefined : rank;
}

/** SQL for gridMoveRank over a column (NULL when the account has no move). */
export function gridMoveRankSql(column = "grid_migration") {
  return `CASE ${column} ${gridMoves.map((move, rank) => `WHEN '${move}' THEN ${rank}`).join(" ")} END`;
}
