// What the health page draws, in one module the page imports dynamically, by name: a page's static
// imports are fetched ahead of everything its first cell starts (the engine's worker), so the page
// asks for these once the worker is on its way (docs/site.md#keeping-a-page-fast).
export {accountLink} from "./accountLink.js";
export {bandBadge, migrationBadge, scoreBar, tierBadge} from "./badges.js";
export {formatCount, formatDate, formatMoney, formatPercent, formatScore} from "../shared/format.js";
export {gridMoveRankSql} from "../shared/gridMoves.js";
export {cellShort, cellWords, healthGrid} from "./healthGrid.js";
export {movedDownQuery} from "../shared/healthQueries.js";
export {unmeasuredNote} from "./healthTable.js";
export {healthView} from "./healthView.js";
export {unmeasured} from "./measures.js";
export {migrationSummary} from "./migrationSummary.js";
export {bandTextColor, bands} from "./palette.js";
export {queryTable} from "./queryTable.js";
export {segmentMap} from "./segmentMap.js";
export {sqlString} from "../shared/sql.js";
