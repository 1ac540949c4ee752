// Progress of a long run (loaders/cli/progress.ts): one line that updates in place on a terminal,
// plain timestamped log lines when the output is a file or pipe (cron, CI), nothing with --quiet.
import {afterEach, beforeEach, expect, test, vi} from "vitest";
import {progressDisplay} from "../../loaders/cli/progress.js";

function stream(isTTY: boolean) {
  const written: string[] = [];
  return {written, stream: {isTTY, write: (text: string) => written.push(text)} as unknown as NodeJS.WriteStream};
}

const savedCi = process.env.CI;
beforeEach(() => {
  vi.useFakeTimers({now: 0});
  delete process.env.CI;
});
afterEach(() => {
  vi.useRealTimers();
  if (savedCi === undefined) delete process.env.CI;
  else process.env.CI = savedCi;
});

test("on a terminal: one line rewritten in place with the elapsed time, then a final line", () => {
  const {written, stream: tty} = stream(true);
  const progress = progressDisplay(tty);
  vi.advanceTimersByTime(1_200);
  progress("usage_events: 3553957 read, 3553908 accepted, 49 rejected");
  vi.advanceTimersByTime(2_300);
  progress("computing metrics as of 2026-11-15");
  progress.done("site as of 2026-11-15 in dist");
  expect(written).toEqual([
    "\r\x1b[2K[1.2s] usage_events: 3553957 read, 3553908 accepted, 49 rejected",
    "\r\x1b[2K[3.5s] computing metrics as of 2026-11-15",
    "\r\x1b[2K",
    "[pulse 3.5s] site as of 2026-11-15 in dist\n"
  ]);
});

test("in a pipe or file (cron): a plain line per step, nothing rewritten", () => {
  const {written, stream: pipe} = stream(false);
  const progress = progressDisplay(pipe);
  vi.advanceTimersByTime(400);
  progress("reading usage_events");
  progress.done("site as of 2026-11-15 in dist");
  expect(written).toEqual(["[pulse 0.4s] reading usage_events\n", "[pulse 0.4s] site as of 2026-11-15 in dist\n"]);
  expect(written.join("")).not.toMatch(/\r|\x1b/);
});

test("on CI a terminal gets plain lines too (CI logs do not rewrite lines)", () => {
  process.env.CI = "true";
  const {written, stream: tty} = stream(true);
  progressDisplay(tty)("reading accounts");
  expect(written).toEqual(["[pulse 0.0s] reading accounts\n"]);
});

test("--quiet writes nothing", () => {
  const {written, stream: tty} = stream(true);
  const progress = progressDisplay(tty, true);
  progress("reading accounts");
  progress.done("done");
  expect(written).toEqual([]);
});
