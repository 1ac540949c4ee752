// Filter name in the URL → column of the accounts table. Shared by the filter bar (filters.js) and
// the build, which lists each filter's values in filter_options.json (loaders/site/browserTables.ts).
export const filterColumns = {
  owner: "csm_owner",
  tier: "tier",
  segment: "segment",
  region: "region",
  industry: "industry",
  band: "health_band"
};
