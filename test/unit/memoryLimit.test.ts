// DuckDB's memory limit for a build (loaders/build.ts, docs/scheduling.md "Memory").
import {totalmem} from "node:os";
import {afterEach, expect, test} from "vitest";
import {duckdbMemoryLimit} from "../../loaders/build.js";

const saved = process.env.PULSE_MEMORY_LIMIT;
afterEach(() => {
  if (saved === undefined) delete process.env.PULSE_MEMORY_LIMIT;
  else process.env.PULSE_MEMORY_LIMIT = saved;
});

test("by default 3 GB or half the machine's memory, whichever is less", () => {
  delete process.env.PULSE_MEMORY_LIMIT;
  const halfMb = Math.floor(totalmem() / 2 ** 20 / 2);
  expect(duckdbMemoryLimit()).toBe(`${Math.max(256, Math.min(3072, halfMb))}MB`);
});

test("PULSE_MEMORY_LIMIT sets it, as a DuckDB size", () => {
  process.env.PULSE_MEMORY_LIMIT = " 8GB ";
  expect(duckdbMemoryLimit()).toBe("8GB");
  process.env.PULSE_MEMORY_LIMIT = "512MiB";
  expect(duckdbMemoryLimit()).toBe("512MiB");
});

test("a PULSE_MEMORY_LIMIT that is not a size is refused with the variable's name", () => {
  process.env.PULSE_MEMORY_LIMIT = "lots";
  expect(() => duckdbMemoryLimit()).toThrow(/PULSE_MEMORY_LIMIT.*must be a size such as 3GB or 512MB, got "lots"/);
});
