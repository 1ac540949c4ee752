// Every page on a phone (issue #15): at 390 × 844 the page never scrolls sideways, no two texts of a chart
// overlap (tick labels, bar labels, legends drawn in SVG), every button stays inside its card, and a table's
// rows are as tall as their content (a stacked row on a phone), not a 300 px box of blank. A screenshot of
// each page at that size goes to test/screenshots/phone-<page>.png, to be looked at. Nothing on screen moves
// while the page loads: its layout shift (CLS, Lighthouse's definition) stays under 0.1.
import {mkdir} from "node:fs/promises";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, expect, inject, test} from "vitest";
import {distFile, expectNoProblems, launchChromium, openPage, queryParquet, screenshotDir} from "./harness.js";

const siteUrl = inject("siteUrl");
const siteOrigin = inject("siteOrigin");
const PHONE = {width: 390, height: 844};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Records the page's layout shifts from its first frame (the browser's Layout Instability API, what
 * Lighthouse's CLS adds up): each shift's time, score and the elements that moved.
 */
const RECORD_SHIFTS = `
  window.__pulseShifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      const moved = entry.sources.map((s) => s.node && s.node.nodeType === 1
        ? s.node.tagName.toLowerCase() + (s.node.id ? "#" + s.node.id : "") + [...s.node.classList].map((c) => "." + c).join("") + " “" + (s.node.textContent || "").trim().slice(0, 40) + "”"
        : "text “" + ((s.node && s.node.textContent) || "").trim().slice(0, 40) + "”");
      window.__pulseShifts.push({time: entry.startTime, value: entry.value, moved});
    }
  }).observe({type: "layout-shift", buffered: true});
`;

interface Shift {
  time: number;
  value: number;
  moved: string[];
}

/**
 * Cumulative layout shift as Chrome and Lighthouse define it: shifts are grouped in session windows (less
 * than 1 s between two shifts, 5 s at most) and the page's CLS is its largest window's sum.
 */
function cumulativeLayoutShift(shifts: Shift[]): {cls: number; window: Shift[]} {
  let best: Shift[] = [];
  let bestSum = 0;
  let current: Shift[] = [];
  let sum = 0;
  for (const shift of [...shifts].sort((a, b) => a.time - b.time)) {
    const last = current.at(-1);
    if (last && (shift.time - last.time >= 1000 || shift.time - current[0].time >= 5000)) {
      current = [];
      sum = 0;
    }
    current.push(shift);
    sum += shift.value;
    if (sum > bestSum) {
      bestSum = sum;
      best = [...current];
    }
  }
  return {cls: bestSum, window: best};
}

/**
 * A page opened at 390 × 844 (a phone's viewport, touch), watched for problems like every e2e page, with
 * the layout shifts it made until it was drawn (before the test scrolls it).
 */
async function openPhone(path: string) {
  const opened = await openPage(browser, siteOrigin);
  await opened.page.setViewportSize(PHONE);
  await opened.page.addInitScript({content: RECORD_SHIFTS});
  await opened.page.goto(`${siteUrl}${path}`);
  const shifts = await settled(opened.page);
  return {...opened, shifts};
}

/**
 * Waits until the page has drawn what it draws: no cell still loading, no query in flight (updating.js),
 * every chart frame filled. Then one more frame for the charts that draw on resize.
 */
async function settled(page: Page): Promise<Shift[]> {
  await page.waitForFunction(
    () =>
      !document.querySelector("#observablehq-main observablehq-loading") &&
      !document.documentElement.hasAttribute("data-loading") &&
      !document.documentElement.hasAttribute("data-updating"),
    null,
    {timeout: 90_000, polling: 100}
  );
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const shifts = await page.evaluate(() => (window as unknown as {__pulseShifts: Shift[]}).__pulseShifts);
  await drawEveryChart(page);
  return shifts;
}

/** Scrolls down the page a screen at a time, so that every chart drawn when seen (chartWhenSeen) is drawn; then back to the top. */
async function drawEveryChart(page: Page): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += PHONE.height) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(50);
  }
  await page.waitForFunction(() => [...document.querySelectorAll(".chart-when-seen")].every((frame) => frame.hasAttribute("data-drawn")), null, {timeout: 60_000});
  await page.evaluate(() => window.scrollTo(0, 0));
}

interface PhoneFacts {
  overflow: number;
  wide: string[];
  overlaps: string[];
  buttonsOut: string[];
  tallRows: string[];
}

/** What the test checks, measured in the page. */
function measure(page: Page): Promise<PhoneFacts> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const overflow = root.scrollWidth - root.clientWidth;
    const describe = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${[...e.classList].map((c) => `.${c}`).join("")}`;
    // elements that stick out of the page on the right (not those inside a box that scrolls by itself)
    const wide = [...document.querySelectorAll("#observablehq-main *")]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && !e.closest(".crosstab-scroll, .table-scroll, .pulse-multi-menu"))
      .slice(0, 10)
      .map((e) => `${describe(e)} right ${Math.round(e.getBoundingClientRect().right)}`);
    const overlaps: string[] = [];
    for (const svg of document.querySelectorAll("#observablehq-main svg")) {
      const texts = [...svg.querySelectorAll("text")]
        .map((t) => ({text: (t.textContent ?? "").trim(), box: t.getBoundingClientRect()}))
        .filter((t) => t.text && t.box.width > 0 && t.box.height > 0);
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i].box;
          const b = texts[j].box;
          const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          // more than a pixel each way: glyph boxes that only touch are not a collision
          if (x > 1 && y > 1) overlaps.push(`${svg.getAttribute("aria-label")?.slice(0, 40)}: “${texts[i].text}” × “${texts[j].text}”`);
        }
      }
    }
    const buttonsOut = [...document.querySelectorAll("#observablehq-main .card button")]
      .filter((button) => {
        const card = button.closest(".card")!.getBoundingClientRect();
        const box = button.getBoundingClientRect();
        return box.width > 0 && (box.left < card.left - 0.5 || box.right > card.right + 0.5);
      })
      .map((button) => `${describe(button)} “${button.textContent}”`);
    const tallRows = [...document.querySelectorAll("#observablehq-main .pulse-table tbody tr[data-id]")]
      .filter((row) => row.getBoundingClientRect().height > 300)
      .slice(0, 5)
      .map((row) => `${(row as HTMLElement).dataset.id}: ${Math.round(row.getBoundingClientRect().height)} px`);
    return {overflow, wide, overlaps: overlaps.slice(0, 20), buttonsOut, tallRows};
  });
}

async function anAccount(): Promise<string> {
  const [row] = await queryParquet<{account_id: string}>(
    {accounts: distFile("accounts.parquet")},
    "SELECT account_id FROM accounts WHERE churn_watch AND has_active_contract ORDER BY arr DESC, account_id LIMIT 1"
  );
  return row.account_id;
}

const pages: Array<[string, () => Promise<string>]> = [
  ["overview", async () => "index.html"],
  ["lifecycle", async () => "lifecycle.html"],
  ["tiers", async () => "tiers.html"],
  ["health", async () => "health.html"],
  ["churn-watch", async () => "churn-watch.html"],
  ["churned", async () => "churned.html"],
  ["segments", async () => "segments.html"],
  ["modules", async () => "modules.html"],
  ["account", async () => `account.html?id=${encodeURIComponent(await anAccount())}`],
  ["backtest", async () => "backtest.html"],
  ["quality", async () => "quality.html"],
  ["snapshots", async () => "snapshots.html"]
];

test.each(pages)("%s at 390 × 844: no sideways scroll, no overlapping chart text, buttons inside their cards, rows as tall as their content, nothing moves while it loads", async (name, path) => {
  const {page, problems, shifts} = await openPhone(await path());
  const facts = await measure(page);
  await mkdir(screenshotDir, {recursive: true});
  await page.screenshot({path: join(screenshotDir, `phone-${name}.png`), fullPage: true});
  expect(facts.wide, "elements wider than the page").toEqual([]);
  expect(facts.overflow, "the page scrolls sideways by this many pixels").toBe(0);
  expect(facts.overlaps, "chart texts that overlap").toEqual([]);
  expect(facts.buttonsOut, "buttons that stick out of their card").toEqual([]);
  expect(facts.tallRows, "table rows taller than 300 px").toEqual([]);
  const {cls, window} = cumulativeLayoutShift(shifts);
  expect(cls, `layout shift while the page loads: ${JSON.stringify(window)}`).toBeLessThan(0.1);
  expectNoProblems(problems);
  await page.context().close();
});
