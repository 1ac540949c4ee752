// Links and labels for the snapshots page. A snapshot is a copy of the whole site under
// snapshots/<as-of date>/, so the page finds the snapshot list relative to where it is.
import {formatCount, formatDelta, formatMoney, formatPercent} from "../shared/format.js";

const IN_SNAPSHOT = /\/snapshots\/(\d{4}-\d{2}-\d{2})\/[^/]*$/;

/** URLs relative to the current page, whether it is the latest build or inside a snapshot. */
export function snapshotLinks(pathname) {
  const inSnapshot = IN_SNAPSHOT.exec(pathname)?.[1] ?? null;
  const snapshotsRoot = inSnapshot ? "../" : "./snapshots/";
  return {
    inSnapshot,
    index: `${snapshotsRoot}index.json`,
    latest: inSnapshot ? "../../index.html" : "./index.html",
    snapshot: (asOf) => `${snapshotsRoot}${encodeURIComponent(asOf)}/index.html`,
    account: (id) => `./account.html?id=${encodeURIComponent(id)}`
  };
}

const KPI = {
  arr: ["ARR", formatMoney],
  renewal_rate: ["Renewal rate", formatPercent],
  grr: ["Gross revenue retention", formatPercent],
  nrr: ["Net revenue retention", formatPercent],
  logo_churn_rate: ["Logo churn rate", formatPercent],
  lifetime_years: ["Customer lifetime (years)", (v) => (v == null ? "–" : v.toFixed(1))],
  ltv_to_cac: ["LTV / CAC", (v) => (v == null ? "–" : `${v.toFixed(1)}×`)],
  arr_at_risk: ["ARR at risk", formatMoney],
  churn_watch_accounts: ["Accounts on the churn watch", formatCount],
  paying_accounts: ["Paying accounts", formatCount]
};

export function kpiLabel(kpi) {
  return KPI[kpi]?.[0] ?? kpi;
}

export function formatKpi(kpi, value) {
  return (KPI[kpi]?.[1] ?? formatCount)(value);
}

/** A KPI change: rates in percentage points, the rest in the KPI's own unit. */
export function formatKpiChange(kpi, change) {
  if (change == null) return "–";
  const format = KPI[kpi]?.[1] ?? formatCount;
  if (format === formatPercent) return `${formatDelta(change * 100, (v) => v.toFixed(1))} pts`;
  return formatDelta(change, format);
}
