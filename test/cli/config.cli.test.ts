// `--config FILE` and PULSE_CONFIG as a scheduler uses them: a configuration file kept outside the project
// (say /etc/pulse/), in TypeScript or JavaScript, with a data.dir relative to the file's own folder.
// The runs go through bin/pulse.js, as a user's do: how Node loads the file is the point (vitest would load
// it its own way).
import {spawn} from "node:child_process";
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {generateSample} from "../../loaders/sample/generateSample.js";

const repo = resolve(import.meta.dirname, "../..");
// outside the project, and in no folder whose package.json says "type": "module"
const work = mkdtempSync(join(tmpdir(), "pulse-config-"));
const sample = join(work, "sample");
const AS_OF = "2026-11-15";

interface Run {
  code: number | null;
  stderr: string;
}

function pulse(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(repo, "bin/pulse.js"), ...args], {
      cwd: repo,
      env: {...process.env, PULSE_CACHE: join(work, "cache"), CI: "true", PULSE_DEBUG: "", ...env}
    });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    child.on("close", (code) => done({code, stderr}));
  });
}

const lastLine = (run: Run) => run.stderr.trim().split("\n").at(-1);

/** A config file in a folder of its own under the temp folder. */
function configFile(folder: string, name: string, text: string): string {
  const dir = join(work, folder);
  mkdirSync(dir, {recursive: true});
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

beforeAll(async () => {
  await generateSample({outDir: sample, accounts: 60, seed: 7});
}, 120_000);
afterAll(() => rmSync(work, {recursive: true, force: true}));

describe("a config file outside the project", () => {
  // data.dir "exports" names a folder that is not there: the message shows the config was loaded and
  // where the folder was looked for — beside the config, not in the working directory (the project)
  test.each([
    ["ts", "pulse.config.ts", 'const dir: string = "exports";\nexport default {data: {dir}, currency: "EUR"};\n'],
    ["mts", "pulse.config.mts", 'const dir: string = "exports";\nexport default {data: {dir}};\n'],
    ["js", "pulse.config.js", 'export default {data: {dir: "exports"}};\n'],
    ["mjs", "pulse.config.mjs", 'export default {data: {dir: "exports"}};\n']
  ])(".%s loads, and data.dir is relative to its folder", async (folder, name, text) => {
    const file = configFile(folder, name, text);
    const run = await pulse(["data", "--config", file, "--out", join(work, "tables")]);
    expect(run.code).toBe(1);
    expect(lastLine(run)).toBe(`pulse data: ${join(work, folder, "exports")}: data folder does not exist`);
  });

  test("PULSE_CONFIG names it as --config does", async () => {
    const file = configFile("env", "reports.ts", 'export default {data: {dir: "../exports-env"}};\n');
    const run = await pulse(["data", "--out", join(work, "tables")], {PULSE_CONFIG: file});
    expect(lastLine(run)).toBe(`pulse data: ${join(work, "exports-env")}: data folder does not exist`);
  });

  test("a build with it reads the exports beside it, with its settings; it may import files beside it and use top-level await", async () => {
    const dir = join(work, "whole");
    mkdirSync(dir, {recursive: true});
    cpSync(sample, join(dir, "exports"), {recursive: true});
    writeFileSync(join(dir, "thresholds.ts"), "export const visits: number = 7;\n");
    const file = configFile(
      "whole",
      "pulse.config.ts",
      `import type {PulseConfigInput} from ${JSON.stringify(join(repo, "loaders/config/schema.js"))};
import {visits} from "./thresholds.js";
const asOf = await Promise.resolve(${JSON.stringify(AS_OF)});
export default {data: {dir: "exports"}, asOf, segments: {highFrequencyVisits: visits}} satisfies PulseConfigInput;
`
    );
    const out = join(work, "tables-whole");
    const run = await pulse(["data", "--config", file, "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(lastLine(run)).toMatch(new RegExp(`tables as of ${AS_OF} in ${out}`));
    const quality = JSON.parse(readFileSync(join(out, "quality.json"), "utf8"));
    expect(quality.data_dir).toBe(join(dir, "exports"));
  });

  test("--data on the command line stays relative to the working directory", async () => {
    const file = configFile("flag", "pulse.config.mjs", 'export default {data: {dir: "exports"}};\n');
    const run = await pulse(["data", "--config", file, "--data", "no-such-folder", "--out", join(work, "tables")]);
    expect(lastLine(run)).toBe(`pulse data: ${join(repo, "no-such-folder")}: data folder does not exist`);
  });
});

describe("a config file that is wrong is one line naming it", () => {
  test("a syntax error", async () => {
    const file = configFile("syntax", "pulse.config.ts", 'export default {currency: "EUR"\n');
    const run = await pulse(["data", "--config", file, "--out", join(work, "tables")]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(lastLine(run)).toMatch(new RegExp(`^pulse data: configuration file ${file}: could not be loaded: .*Expected "}" but found end of file`));
  });

  test("a wrong setting", async () => {
    const file = configFile("wrong", "pulse.config.js", 'export default {segments: {highFrequencyVisits: "five"}};\n');
    const run = await pulse(["data", "--config", file, "--out", join(work, "tables")]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(lastLine(run)).toBe(`pulse data: configuration file ${file}: segments.highFrequencyVisits must be a number, got 'five'`);
  });

  test("no default export", async () => {
    const file = configFile("nothing", "pulse.config.mjs", "export const settings = {currency: 'EUR'};\n");
    const run = await pulse(["data", "--config", file, "--out", join(work, "tables")]);
    expect(lastLine(run)).toBe(`pulse data: configuration file ${file}: has no default export; write \`export default {…}\` with the settings`);
  });

  test("a file that is not there, or of another kind", async () => {
    const missing = join(work, "missing.ts");
    expect(lastLine(await pulse(["data", "--config", missing, "--out", join(work, "tables")]))).toBe(
      `pulse data: configuration: --config names a file that does not exist: ${missing}`
    );
    const json = configFile("json", "pulse.config.json", "{}\n");
    expect(lastLine(await pulse(["data", "--config", json, "--out", join(work, "tables")]))).toBe(
      `pulse data: configuration file ${json}: must be a .ts, .mts, .js or .mjs file (an ES module whose default export is the settings)`
    );
  });
});
