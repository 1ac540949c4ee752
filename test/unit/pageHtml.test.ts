import {mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {expect, test} from "vitest";
import {finishPageHtml, finishPages} from "../../loaders/site/pageHtml.js";

// the start of a page as Framework 1.13.4 writes it (node_modules/@observablehq/framework/dist/render.js)
const framework = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
<title>Overview | Pulse</title>
</head>
<body>
<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">
<main id="observablehq-main" class="observablehq">`;

test("a page gets lang, a viewport that allows zoom and a skip link before the sidebar's toggle", () => {
  const html = finishPageHtml(framework);
  expect(html).toContain('<html lang="en">');
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(html).not.toContain("maximum-scale");
  // the skip link is the body's first element, and leads to the page's main element
  expect(html).toMatch(/<body>\n<a class="skip-link" href="#observablehq-main">[^<]+<\/a>\n<input id="observablehq-sidebar-toggle"/);
});

test("finishing twice changes nothing more, and a page with its own lang keeps it", () => {
  const once = finishPageHtml(framework);
  expect(finishPageHtml(once)).toBe(once);
  expect(once.match(/skip-link/g)).toHaveLength(1);
  expect(finishPageHtml(framework.replace("<html>", '<html lang="de">'))).toContain('<html lang="de">');
});

test("finishPages rewrites the site's pages and nothing else", () => {
  const dir = mkdtempSync(join(tmpdir(), "pulse-pages-"));
  writeFileSync(join(dir, "index.html"), framework);
  writeFileSync(join(dir, "kpis.json"), "<html>");
  expect(finishPages(dir)).toBe(1);
  expect(readFileSync(join(dir, "index.html"), "utf8")).toContain('<html lang="en">');
  expect(readFileSync(join(dir, "kpis.json"), "utf8")).toBe("<html>");
  expect(finishPages(dir)).toBe(0); // already finished
});
