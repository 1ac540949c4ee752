// The table cache does not grow without end under a daily schedule (loaders/tableCache.ts): the sets of
// tables used most recently are kept, older ones and leftovers of killed builds removed — never one
// that another process used within the hour or is building now.
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, afterEach, expect, test} from "vitest";
import {CACHE_IDLE_MS, cacheKeep, markUsed, oldestKeptUse, pruneTableCache} from "../../loaders/tableCache.js";
import {pruneRollupCache} from "../../loaders/rollups/usageCache.js";

const work = mkdtempSync(join(tmpdir(), "pulse-cache-"));
afterAll(() => rmSync(work, {recursive: true, force: true}));
const saved = process.env.PULSE_CACHE_KEEP;
afterEach(() => {
  if (saved === undefined) delete process.env.PULSE_CACHE_KEEP;
  else process.env.PULSE_CACHE_KEEP = saved;
});

const NOW = Date.parse("2026-12-04T12:00:00Z");
const DAY = 24 * 3600 * 1000;
const fp = (n: number) => n.toString(16).padStart(20, "0");

function touch(path: string, at: number) {
  utimesSync(path, at / 1000, at / 1000);
}

/** A complete set of tables last used at `usedAt`. */
function tableSet(cache: string, name: string, usedAt: number) {
  mkdirSync(join(cache, name), {recursive: true});
  writeFileSync(join(cache, name, "accounts.parquet"), "");
  writeFileSync(join(cache, name, "manifest.json"), "{}");
  touch(join(cache, name, "manifest.json"), usedAt);
}

function leftover(cache: string, name: string, at: number) {
  mkdirSync(join(cache, name), {recursive: true});
  touch(join(cache, name), at);
}

test("keeps the sets used most recently, removes the older ones and killed builds' leftovers", () => {
  const cache = join(work, "daily");
  // a week of daily builds, each with fresh exports: one set a day, the newest today
  for (let day = 0; day < 7; day++) tableSet(cache, fp(day), NOW - day * DAY);
  leftover(cache, `${fp(9)}.partial-4242`, NOW - 2 * DAY); // a build killed two days ago
  leftover(cache, `${fp(9)}.spill`, NOW - 2 * DAY);
  writeFileSync(join(cache, "notes.txt"), "not Pulse's"); // something else in the folder stays
  const removed = pruneTableCache(cache, 3, CACHE_IDLE_MS, NOW);
  expect(removed.sort()).toEqual([fp(3), fp(4), fp(5), fp(6), `${fp(9)}.partial-4242`, `${fp(9)}.spill`].sort());
  expect(readdirSync(cache).sort()).toEqual([fp(0), fp(1), fp(2), "notes.txt"]);
});

test("what was used in the last hour or is being built stays, whatever the count", () => {
  const cache = join(work, "busy");
  tableSet(cache, fp(1), NOW);
  tableSet(cache, fp(2), NOW - 10 * 60 * 1000); // another process's pulse data, ten minutes ago
  tableSet(cache, fp(3), NOW - 2 * DAY);
  mkdirSync(join(cache, `${fp(3)}.lock`)); // being rebuilt right now
  leftover(cache, `${fp(4)}.partial-77`, NOW - 2 * DAY);
  mkdirSync(join(cache, `${fp(4)}.lock`)); // its build is still running (a long one)
  tableSet(cache, fp(5), NOW - 2 * DAY);
  expect(pruneTableCache(cache, 1, CACHE_IDLE_MS, NOW)).toEqual([fp(5)]);
  expect(existsSync(join(cache, fp(2)))).toBe(true);
  expect(existsSync(join(cache, fp(3)))).toBe(true);
  expect(existsSync(join(cache, `${fp(4)}.partial-77`))).toBe(true);
});

test("reusing a set marks it as used, so an old set in daily use is kept", () => {
  const cache = join(work, "reused");
  tableSet(cache, fp(1), NOW - 30 * DAY); // built a month ago, the exports unchanged since
  tableSet(cache, fp(2), NOW - 2 * DAY);
  tableSet(cache, fp(3), NOW - 3 * DAY);
  markUsed(join(cache, fp(1))); // reused by today's build (the real clock: later than NOW)
  expect(pruneTableCache(cache, 2, CACHE_IDLE_MS, Date.now() + 2 * CACHE_IDLE_MS)).toEqual([fp(3)]);
});

test("the usage rollups a kept set was built from stay; the others go", () => {
  const cache = join(work, "rollups");
  const rollups = join(cache, "rollups");
  const rollup = (name: string, usedAt: number) => {
    mkdirSync(join(rollups, name), {recursive: true});
    writeFileSync(join(rollups, name, "entry.json"), "{}");
    touch(join(rollups, name, "entry.json"), usedAt);
  };
  // three daily builds kept (days 0, 1, 2), day 3's set removed; each day's set used the rollups of the files it read
  for (let day = 0; day < 3; day++) tableSet(cache, fp(day), NOW - day * DAY);
  rollup("day-0-file", NOW); // read by today's build only
  rollup("old-file", NOW - 2 * DAY); // last used by the build of two days ago: still kept
  rollup("gone-file", NOW - 3 * DAY); // last used by day 3's build, whose set is gone: removed
  leftover(rollups, "killed.partial-99", NOW - 3 * DAY); // a build killed while rolling up a file
  const since = oldestKeptUse(cache, 3);
  expect(since).toBe(NOW - 2 * DAY);
  expect(pruneRollupCache(rollups, since, CACHE_IDLE_MS, NOW).sort()).toEqual(["gone-file", "killed.partial-99"]);
  expect(readdirSync(rollups).sort()).toEqual(["day-0-file", "old-file"]);
  // reusing a set (its inputs unchanged) marks the rollups it lists as used
  writeFileSync(join(cache, fp(2), "manifest.json"), JSON.stringify({rollups: ["old-file"]}));
  markUsed(join(cache, fp(2)), rollups);
  expect(pruneRollupCache(rollups, oldestKeptUse(cache, 1), CACHE_IDLE_MS, Date.now() + 2 * CACHE_IDLE_MS)).toEqual(["day-0-file"]);
});

test("an empty or missing cache folder is fine", () => {
  expect(pruneTableCache(join(work, "none"), 3)).toEqual([]);
});

test("PULSE_CACHE_KEEP sets how many sets are kept; anything but a whole number from 1 is refused", () => {
  delete process.env.PULSE_CACHE_KEEP;
  expect(cacheKeep()).toBe(3);
  process.env.PULSE_CACHE_KEEP = " 10 ";
  expect(cacheKeep()).toBe(10);
  for (const bad of ["0", "-1", "two", "1.5"]) {
    process.env.PULSE_CACHE_KEEP = bad;
    expect(() => cacheKeep(), bad).toThrow(`PULSE_CACHE_KEEP: must be a whole number of table sets to keep, 1 or more, got "${bad}"`);
  }
});
