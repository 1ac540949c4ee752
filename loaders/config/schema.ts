// The shape of Pulse's configuration and its defaults. Every threshold in PRODUCT.md lives here.
// docs/configuration.md describes each setting; loaders/config/validateConfig.ts checks them.
import type {ExportName} from "../contract/exports.js";

export interface ChurnRule {
  /** short id, listed in accounts.churn_reasons: letters, digits and underscores */
  id: string;
  /** what the rule means, in words, shown on the churn-watch page */
  label: string;
  /** a SQL boolean expression over the columns of the accounts snapshot */
  condition: string;
}

/** A threshold of a churn-watch rule the backtest tries at other values (docs/metrics.md#what-if-thresholds). */
export interface WhatIfThreshold {
  /** the id of a rule in churnWatch.rules */
  rule: string;
  /** the text in the rule's condition that a number follows, e.g. "visits_30d <": that number is varied */
  threshold: string;
  /** the other values to try; the configured one is always tried too */
  values: number[];
}

export interface PulseConfig {
  data: {
    /** folder holding the exports; PULSE_DATA or --data override it; null = the generated sample */
    dir: string | null;
    /** file name per export when it is not `<export>.<ending>` (relative to dir) */
    files: Partial<Record<ExportName, string>>;
    /** canonical column ← column name in the export, per export */
    columns: Partial<Record<ExportName, Record<string, string>>>;
    /** strptime formats for date/timestamp columns that are not ISO 8601, per export and column */
    dateFormats: Partial<Record<ExportName, Record<string, string>>>;
  };
  /** the as-of date (YYYY-MM-DD); null = the latest event date */
  asOf: string | null;
  /** ISO 4217 code used to format money on the site */
  currency: string;
  privacy: {
    /** copy user e-mail addresses into the site */
    includeContactFields: boolean;
  };
  validation: {
    /** the date "future" is measured from; null = the build machine's date (UTC) */
    today: string | null;
    /** events and lead dates later than today + this many days are rejected */
    eventFutureToleranceDays: number;
    /** contract dates later than today + this many years are rejected as far future */
    contractMaxYearsAhead: number;
    /** dates before this are rejected as implausible */
    earliestDate: string;
  };
  activity: {
    /** trailing window for activity metrics, in days */
    windowDays: number;
    /** event names that count as key actions (value delivered, not a page view) */
    keyActions: string[];
    /** a session is counted by session_id; events without one form a session per user per this many minutes of gap */
    sessionGapMinutes: number;
    /** key-user activity window, in days: accounts.key_user_active_14d is true when an admin, executive or champion was active in the last this many days */
    keyUserWindowDays: number;
  };
  segments: {
    /** visits in the activity window at or above which an account is high frequency */
    highFrequencyVisits: number;
    /** distinct features in the activity window at or above which an account is high value */
    highValueFeatures: number;
  };
  grid: {
    /** modules offered; empty = every module seen in the usage events */
    modulesOffered: string[];
    /** breadth (modules used / offered) thresholds: medium at or above the first, high at or above the second */
    breadth: [number, number];
    /** depth (depthMeasure per active user in the window) thresholds: medium at or above the first, high at or above the second */
    depth: [number, number];
    /** what depth counts per active user: "visits" (sessions) or "key_actions"; health.depthTarget and grid.depth are in this unit */
    depthMeasure: "visits" | "key_actions";
  };
  health: {
    /** weights of the health-score components (loaders/metrics/healthComponents.ts); they are normalised to sum to 1,
     *  and an account's score is re-weighted over the components that are measured for it */
    weights: {activity: number; breadth: number; depth: number; seats: number; keyUsers: number; trend: number; support: number};
    /** visits in the window that count as full activity (component = 1) */
    activityTargetVisits: number;
    /** visits per active user that count as full depth */
    depthTarget: number;
    /** key users active in the window that count as full key-user activity */
    keyUsersTarget: number;
    /** score at or above which an account is green, and yellow */
    bands: {green: number; yellow: number};
  };
  support: {
    /** the lowest and highest satisfaction score in the support tickets export; other scores are rejected */
    satisfactionScale: [number, number];
    /** trailing window of the support metrics, in days: tickets opened, escalated and rated in it */
    windowDays: number;
    /** open tickets at which the support component's open-tickets part falls to 0 (linearly from 0 open tickets) */
    openTicketsLimit: number;
    /** escalated tickets in the window at which the support component's escalations part falls to 0 */
    escalationsLimit: number;
  };
  tiers: {
    /** share of accounts (by ARR, largest first) that are tier S */
    topShare: number;
    /** ARR percentile below which an account is tier C */
    smallPercentile: number;
  };
  lifecycle: {
    handoverDays: number;
    onboardingMaxDays: number;
    renewalWindowDays: number;
    /** days after a renewal term starts during which the account's stage is renewed / expanded */
    renewedDays: number;
    /** a renewal is expanded (contracted) only when its ARR is more than this share above (below) the ARR it
     *  renews; the default 0.05 keeps yearly price uplifts of up to 5% "renewed"; 0 = any increase */
    expansionMinChange: number;
  };
  churnWatch: {
    /** the rules; an account is on the churn watch when any rule fires */
    rules: ChurnRule[];
  };
  kpis: {
    /** months in the trailing period of GRR, NRR, renewal rate and logo churn */
    periodMonths: number;
    grossMargin: number;
    /** renewal rate below this is critical */
    renewalCriticalRate: number;
    /** LTV / CAC above this is healthy */
    healthyLtvToCac: number;
    /** share of accounts whose ARR share is reported as concentration (top 20%) */
    concentrationTopShare: number;
    /** when the contracts export has no renewal_of links: a contract of the same account starting within this many days of a
     *  contract's end renews it; also the longest gap between contracts that still counts as one continuous customer relationship */
    renewalMatchDays: number;
  };
  history: {
    /** month-end snapshots kept before the as-of date: kpis and health_history have this many months plus the as-of period;
     *  account_weekly and module_usage cover the weeks of the same span */
    months: number;
  };
  backtest: {
    /** the horizons, in days, within which a churn after a month end counts as foreseen by that month end's signals */
    horizonsDays: number[];
    /** thresholds of the churn-watch rules tried at other values; default: those of the default rules present in
     *  churnWatch.rules (DEFAULT_WHAT_IF); set it to choose your own, also for your own rules */
    whatIf: WhatIfThreshold[];
    /** red-band cutoffs (the score below which an account is red, health.bands.yellow) tried besides the configured one */
    redBandCutoffs: number[];
  };
}

/** What pulse.config.ts may set: any part of the config, nested. */
export type PulseConfigInput = DeepPartial<PulseConfig>;
type DeepPartial<T> = {[K in keyof T]?: T[K] extends Array<unknown> ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K]};

export const DEFAULT_CHURN_RULES: ChurnRule[] = [
  {
    id: "renewal_low_usage",
    label: "Renewal within 90 days with low usage: under 5 visits, under 3 active users and under 30 minutes in 30 days",
    condition: "days_to_renewal BETWEEN 0 AND 90 AND visits_30d < 5 AND active_users_30d < 3 AND duration_30d_minutes < 30"
  },
  {
    id: "logins_down",
    label: "Visits down 50% or more week over week (from at least 5 visits the week before)",
    condition: "wow_visits_change <= -0.5 AND visits_prev_7d >= 5"
  },
  {
    id: "no_key_user_activity",
    label: "No admin, executive or champion activity for 14 days (after the handover)",
    condition: "NOT key_user_active_14d AND lifecycle_stage <> 'handover'"
  },
  {
    id: "downward_migration",
    label: "Moved down in the health grid since last month",
    condition: "grid_migration = 'down'"
  },
  {
    id: "health_red",
    label: "Health score in the red band (after the handover)",
    condition: "health_band = 'red' AND lifecycle_stage <> 'handover'"
  },
  {
    id: "support_trouble",
    label: "Support trouble: 2 or more escalated tickets in the support window, or an average satisfaction of 2 or less over at least 2 ratings",
    condition: "support_escalations_window >= 2 OR (support_rated_window >= 2 AND support_satisfaction_window <= 2)"
  }
];

/** The what-if thresholds of the default rules (a default for a rule that is not in churnWatch.rules, or whose
 *  condition no longer has the threshold, is left out: validateConfig.ts). */
export const DEFAULT_WHAT_IF: WhatIfThreshold[] = [
  {rule: "renewal_low_usage", threshold: "days_to_renewal BETWEEN 0 AND", values: [30, 60, 180]},
  {rule: "renewal_low_usage", threshold: "visits_30d <", values: [3, 8]},
  {rule: "renewal_low_usage", threshold: "active_users_30d <", values: [2, 5]},
  {rule: "renewal_low_usage", threshold: "duration_30d_minutes <", values: [15, 60]},
  {rule: "logins_down", threshold: "wow_visits_change <=", values: [-0.3, -0.7]},
  {rule: "logins_down", threshold: "visits_prev_7d >=", values: [3, 10]},
  {rule: "support_trouble", threshold: "support_escalations_window >=", values: [1, 3]},
  {rule: "support_trouble", threshold: "support_rated_window >=", values: [1, 3]},
  {rule: "support_trouble", threshold: "support_satisfaction_window <=", values: [1.5, 3]}
];

export const DEFAULT_CONFIG: PulseConfig = {
  data: {dir: null, files: {}, columns: {}, dateFormats: {}},
  asOf: null,
  currency: "USD",
  privacy: {includeContactFields: false},
  validation: {today: null, eventFutureToleranceDays: 1, contractMaxYearsAhead: 10, earliestDate: "1990-01-01"},
  activity: {
    windowDays: 30,
    keyActions: ["save_funnel", "publish_report", "create_dashboard", "share_dashboard", "create_alert", "connect_integration", "export_data"],
    sessionGapMinutes: 30,
    keyUserWindowDays: 14
  },
  segments: {highFrequencyVisits: 5, highValueFeatures: 10},
  grid: {modulesOffered: [], breadth: [0.34, 0.67], depth: [2, 5], depthMeasure: "visits"},
  health: {
    weights: {activity: 0.25, breadth: 0.2, depth: 0.15, seats: 0.15, keyUsers: 0.15, trend: 0.1, support: 0.1},
    activityTargetVisits: 20,
    depthTarget: 5,
    keyUsersTarget: 3,
    bands: {green: 70, yellow: 40}
  },
  support: {satisfactionScale: [1, 5], windowDays: 90, openTicketsLimit: 5, escalationsLimit: 2},
  tiers: {topShare: 0.15, smallPercentile: 0.4},
  lifecycle: {handoverDays: 14, onboardingMaxDays: 60, renewalWindowDays: 90, renewedDays: 30, expansionMinChange: 0.05},
  churnWatch: {rules: DEFAULT_CHURN_RULES},
  kpis: {periodMonths: 12, grossMargin: 0.8, renewalCriticalRate: 0.7, healthyLtvToCac: 3, concentrationTopShare: 0.2, renewalMatchDays: 30},
  history: {months: 12},
  backtest: {horizonsDays: [30, 90, 180], whatIf: DEFAULT_WHAT_IF, redBandCutoffs: [30, 50]}
};
