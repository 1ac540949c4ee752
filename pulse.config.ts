// Pulse settings. Everything is optional: what is left out takes the default from
// loaders/config/schema.ts (docs/configuration.md describes every setting).
import {defineConfig} from "./loaders/config/defineConfig.js";

export default defineConfig({
  // Where the exports are. null = the generated sample in data/sample (PULSE_DATA or --data override it).
  data: {
    dir: null,
    // An export with another file name:   files: {accounts: "crm_companies.csv"},
    // A CRM export with its own headers:  columns: {accounts: {account_id: "Account ID", name: "Company"}},
    // Dates that are not ISO 8601:        dateFormats: {contracts: {start_date: "%m/%d/%Y"}},
  },
  // The as-of date of every window; null = the latest event date.
  asOf: null,
  currency: "USD",
  // Thresholds, weights and churn-watch rules keep their defaults unless set here, e.g.
  // segments: {highFrequencyVisits: 5, highValueFeatures: 10},
  // kpis: {grossMargin: 0.8},
});
