// Observable Framework configuration for the Pulse site. docs/site.md explains how the pieces fit.
import {existsSync, readdirSync} from "node:fs";
import {fileURLToPath} from "node:url";

const root = "src";
const rootDir = fileURLToPath(new URL(`${root}/`, import.meta.url)); // found from any working directory

// Every page Pulse will have, in sidebar order. Framework 1.13 fails the build on a listed page
// whose .md does not exist, so the sidebar shows only the pages present in src/ (a page written
// by a loader, e.g. quality.md.ts, counts too); the others appear as they are added.
const allPages = [
  {name: "Overview", path: "/"},
  {name: "Lifecycle", path: "/lifecycle"},
  {name: "Tiers", path: "/tiers"},
  {name: "Health", path: "/health"},
  {name: "Churn watch", path: "/churn-watch"},
  {name: "Backtest", path: "/backtest"},
  {name: "Why customers left", path: "/churned"},
  {name: "Segments", path: "/segments"},
  {name: "Modules", path: "/modules"},
  {name: "Account", path: "/account"},
  {name: "Data quality", path: "/quality"},
  {name: "Snapshots", path: "/snapshots"}
];

function pageExists(path: string): boolean {
  const name = path === "/" ? "index" : path.slice(1);
  return existsSync(`${rootDir}${name}.md`) || readdirSync(rootDir).some((file) => file.startsWith(`${name}.md.`));
}

export default {
  title: "Pulse",
  root,
  // `pulse build --out DIR` (loaders/cli/buildCommand.ts) passes its output folder this way
  output: process.env.PULSE_SITE_OUT ?? "dist",
  pages: allPages.filter((page) => pageExists(page.path)),
  pager: false, // no "previous / next page" links under a dashboard
  // Light dashboard theme (air + alt + wide) and system fonts, in style.css. No globalStylesheets:
  // Framework's default loads a web font from a font CDN, and the site makes no third-party request.
  style: "style.css",
  globalStylesheets: [],
  search: false,
  toc: false,
  // Links end in .html and the overview is index.html, so the site works from any subpath
  // (https://host/reports/pulse/) on any static server, even one that does not map /tiers to
  // tiers.html or / to index.html.
  preserveExtension: true,
  preserveIndex: true,
  footer: "Pulse · customer-success report, built from product-usage and contract exports.",
  // noindex: a customer report is private (docs/deploying.md#search-engines); the description is what a
  // link preview shows. The page's language, a viewport that allows zoom and a skip link are added to
  // every page after Framework renders it (loaders/site/pageHtml.ts: Framework 1.13 has no setting for them).
  head: '<meta name="robots" content="noindex"><meta name="description" content="Customer-success report: health, renewals and churn risk of the customer base, built by Pulse."><link rel="icon" href="data:,">'
};
