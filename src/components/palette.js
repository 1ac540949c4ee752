// Pulse's colours and the names of its categories, in their display order. Used by every chart,
// badge and filter, so a red band or an S tier looks the same on every page.
// For Plot: color: bandScale (or tierScale, segmentScale) fixes both the order and the colours.
// Band names are CSS colour names, and Plot draws a channel of colour names as literal colours
// (pure "green", "yellow", "red"), ignoring the scale: use fill: bandFill, not fill: "health_band".

import {bands} from "../shared/healthBands.js";

export {bands};
export const bandColor = {green: "#2b8a3e", yellow: "#e8a317", red: "#c92a2a"};
export const bandLabel = {green: "Green (70–100)", yellow: "Yellow (40–69)", red: "Red (0–39)"};
/** A band's colour for text (the band's name, a score): dark enough to read on white (AA, 4.5:1 and more). */
export const bandTextColor = {green: "#237032", yellow: "#8f5e00", red: "#c92a2a"};
export const bandScale = {domain: bands, range: bands.map((band) => bandColor[band])};
/** Plot channel for the health band through the color scale: Plot.barX(data, {fill: bandFill, ...}). */
export const bandFill = {value: "health_band", scale: "color"};

export const tiers = ["S", "A", "B", "C"];
export const tierColor = {S: "#5f3dc4", A: "#1971c2", B: "#74c0fc", C: "#adb5bd"};
/** The text on a tier's colour (a tier badge): white on the dark ones, near-black on the light ones (AA). */
export const tierTextColor = {S: "#ffffff", A: "#ffffff", B: "#1b1e23", C: "#1b1e23"};
export const tierLabel = {S: "S · top ARR", A: "A · engaged", B: "B · less engaged", C: "C · small contracts"};
export const tierScale = {domain: tiers, range: tiers.map((tier) => tierColor[tier])};

export const segments = ["high_freq_high_value", "high_freq_low_value", "low_freq_high_value", "low_freq_low_value"];
export const segmentColor = {
  high_freq_high_value: "#1c7ed6",
  high_freq_low_value: "#74c0fc",
  low_freq_high_value: "#f08c00",
  low_freq_low_value: "#adb5bd"
};
export const segmentLabel = {
  high_freq_high_value: "High frequency · high value",
  high_freq_low_value: "High frequency · low value",
  low_freq_high_value: "Low frequency · high value",
  low_freq_low_value: "Low frequency · low value"
};
export const segmentScale = {domain: segments, range: segments.map((segment) => segmentColor[segment])};

/** Grid levels of the 3×3 health grid (breadth × depth), low to high. */
export const gridLevels = ["low", "medium", "high"];
export const gridLevelLabel = {low: "Low", medium: "Medium", high: "High"};

/** Movement in the health grid since the previous month: up is good, down needs fast intervention. */
export const migrations = ["up", "same", "down"];
export const migrationColor = {up: "#2b8a3e", same: "#868e96", down: "#c92a2a"};
/** A move's colour for text (▲12 on a tinted grid cell, a migration badge): AA contrast on the cells' tints. */
export const migrationTextColor = {up: "#1f6630", same: "#5c636a", down: "#a61e1e"};
export const migrationLabel = {up: "Moved up", same: "Stayed", down: "Moved down"};
export const migrationScale = {domain: migrations, range: migrations.map((m) => migrationColor[m])};

/** Post-sale lifecycle stages, in the order an account goes through them. */
export const lifecycleStages = ["prospect", "handover", "onboarding", "internal_rollout", "stable_use", "renewal_window", "renewed", "expanded", "churned"];
export const lifecycleLabel = {
  prospect: "Prospect",
  handover: "Handover",
  onboarding: "Onboarding",
  internal_rollout: "Internal rollout",
  stable_use: "Stable use",
  renewal_window: "Renewal window",
  renewed: "Renewed",
  expanded: "Expanded",
  churned: "Churned"
};

/** The funnel's stages, pre-sale (from the leads export) to renewal, and their names. */
export const funnelStages = ["visited", "registered", "trial", "opportunity", "signed", "onboarded", "active", "renewed"];
export const funnelStageLabel = {
  visited: "Visited",
  registered: "Registered",
  trial: "Trial",
  opportunity: "Opportunity",
  signed: "Signed",
  onboarded: "Onboarded",
  active: "Active",
  renewed: "Renewed"
};
