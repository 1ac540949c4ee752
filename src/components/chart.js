// Every chart of the site is drawn by chart(): Plot.plot with an accessible name, so a screen reader
// announces "Renewal rate per month …" as one image instead of Plot's unnamed groups.
//
//   chart({label: "Renewal rate per month end, latest 88.5%", width, height: 220, marks: [...]})
//
// Plot names each mark's group (<g aria-label="bar">), an attribute a bare <g> may not have
// (Lighthouse and axe: aria-prohibited-attr). The chart's <svg> becomes one image (role="img") named
// by label, with description as its <desc>; the groups inside get role="group", which may carry a
// name, and which a screen reader does not visit inside an image. A legend drawn as an SVG (a colour
// ramp) is an image named by its own text; a swatch's square is hidden (its name is the text beside it).
// docs/site.md#accessibility
import * as Plot from "@observablehq/plot";
import {svgEl} from "./dom.js";

/**
 * Plot.plot(options), named. label: what the chart shows, in words (its accessible name);
 * description: a longer account (optional).
 * @param {Plot.PlotOptions & {label: string, description?: string}} options
 */
export function chart({label, description, ...options}) {
  return accessibleChart(Plot.plot(options), {label, description});
}

/** A chart drawn by Plot (an <svg>, or a <figure> with legends), named and with its groups allowed a name. */
export function accessibleChart(node, {label, description} = {}) {
  const svgs = node.tagName?.toLowerCase() === "svg" ? [node] : [...node.querySelectorAll("svg")];
  for (const g of node.querySelectorAll("g[aria-label]")) g.setAttribute("role", "group");
  const main = svgs.find((svg) => !isLegend(svg)) ?? svgs[0];
  for (const svg of svgs) {
    svg.setAttribute("role", "img");
    if (svg === main) {
      if (label) svg.setAttribute("aria-label", label);
      if (description) svg.prepend(svgEl("desc", null, description));
    } else if (svg.textContent.trim()) {
      // a colour ramp: an image named by its words
      if (!svg.hasAttribute("aria-label")) svg.setAttribute("aria-label", `legend: ${svg.textContent.replace(/\s+/g, " ").trim()}`);
    } else {
      // a swatch's coloured square: its name is the text beside it
      svg.removeAttribute("role");
      svg.setAttribute("aria-hidden", "true");
    }
  }
  return node;
}

function isLegend(svg) {
  return [...svg.classList].some((name) => name.endsWith("-ramp"));
}
