// What Observable Framework 1.13 writes into every page and has no setting for, finished after it has
// rendered the site (renderSite.ts), before the compressed copies are made:
// - the page's language, <html lang="en">: screen readers pick their voice by it, and browsers
//   their hyphenation and translation offers (Framework writes a bare <html>);
// - zoom allowed: Framework's viewport has maximum-scale=1, which stops a reader with poor eyesight
//   from zooming in on a phone; the viewport keeps width=device-width, initial-scale=1;
// - a "Skip to the page" link as the first thing a keyboard reaches (before the sidebar's toggle and
//   its ten links), shown when it has the focus.
// `npm run dev` (Framework's preview) serves the pages as Framework writes them, without these.
// docs/site.md#accessibility
import {readdirSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";

export const PAGE_LANGUAGE = "en";
export const VIEWPORT = "width=device-width, initial-scale=1";
export const SKIP_LINK = '<a class="skip-link" href="#observablehq-main">Skip to the page</a>';

/** One page's HTML, finished; HTML already finished (or with its own lang) is returned unchanged. */
export function finishPageHtml(html: string): string {
  let out = html.replace(/<html(?![^>]*\blang=)([^>]*)>/i, `<html lang="${PAGE_LANGUAGE}"$1>`);
  out = out.replace(/<meta name="viewport" content="[^"]*">/i, `<meta name="viewport" content="${VIEWPORT}">`);
  if (!out.includes('class="skip-link"')) out = out.replace(/<body([^>]*)>/i, `<body$1>\n${SKIP_LINK}`);
  return out;
}

/** Finishes every page (*.html) at the top of a built site's folder; returns how many changed. */
export function finishPages(siteDir: string): number {
  let changed = 0;
  for (const entry of readdirSync(siteDir, {withFileTypes: true})) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const file = join(siteDir, entry.name);
    const html = readFileSync(file, "utf8");
    const finished = finishPageHtml(html);
    if (finished !== html) {
      writeFileSync(file, finished);
      changed++;
    }
  }
  return changed;
}
