// What the overview draws below its headline cards (the filter bar, the book of business, the
// largest-ARR-at-risk table), in one module the page imports dynamically, by name: a page's static
// imports all load before its first cell runs, and the headline cards wait for nothing but kpis.json
// and the few modules that draw them (docs/site.md#keeping-a-page-fast).
export {scoreBar, tierBadge} from "./badges.js";
export {reasonList} from "./churnReasons.js";
export {emptyState} from "./emptyState.js";
export {filterBar} from "./filterBar.js";
export {filterOptions} from "./filterOptions.js";
export {whereClause} from "./filterSql.js";
export {filterSummary} from "./filterWords.js";
export {enteredSteps, funnelSteps} from "./funnelSteps.js";
export {overviewView} from "./overviewView.js";
export {tierLabel} from "./palette.js";
export {renewalDaysText} from "./renewalWords.js";
export {tableCard} from "./tableCard.js";
export {tierShares} from "./tierShares.js";
export {NO_RENEWAL_DATE, OUTLOOK_DAYS} from "../shared/renewalBuckets.js";
