// A failure is one line for the user — what failed and why — and the trace only with --debug.
import {describe, expect, test} from "vitest";
import {debugDetails, failureLine, isDebug} from "../../loaders/cli/failureReport.js";
import {siteFailure} from "../../loaders/cli/renderSite.js";
import {firstMeaningfulLine, PulseConfigError, PulseInputError, PulseSiteError} from "../../loaders/errors.js";

// DuckDB's message for a model that failed at run time, as computeMetrics wraps it (seen on contracts with an
// ARR of "nan", issue #15): the SQL line and a caret follow the error
const MODEL_FAILURE = `metrics model staging/stg_contracts.sql failed: Conversion Error: Could not cast value nan to DECIMAL(18,2) when casting from source column arr

LINE 13:   CAST(arr AS DECIMAL(18, 2)) AS arr,
           ^`;

// the end of a real `observable build` log (stdout and stderr as they came) when a data loader threw:
// run with PULSE_TABLES_DIR naming an empty folder
const FRAMEWORK_LOG = `build src/style.css → /tmp/fwout/_import/style.def0c0fb.css
copy src/data/kpis.json → load /data/kpis.json → [fresh] 2 kB in 310ms
copy src/data/metric_settings.json → load /data/metric_settings.json → [missing] /work/pulse/loaders/site/siteTable.ts:31
    if (!existsSync(path)) throw new Error(\`\${table}.parquet was not built (looked in \${dir})\`);
                                 ^


Error: metric_settings.parquet was not built (looked in /tmp/emptytables)
    at <anonymous> (/work/pulse/loaders/site/siteTable.ts:31:34)
    at String.replace (<anonymous>)
    at overBuiltTables (/work/pulse/loaders/site/siteTable.ts:29:17)
    at async <anonymous> (/work/pulse/src/data/metric_settings.json.ts:6:20)

Node.js v20.20.2
error in 1006ms: loader exited with code 1

Unexpected error: loader exited with code 1

Tip: To see the full stack trace, run with the --debug flag.

If you think this is a bug, please file an issue at
↳ https://github.com/observablehq/framework/issues
`;

describe("firstMeaningfulLine", () => {
  test("drops DuckDB's SQL line and caret", () => {
    expect(firstMeaningfulLine(MODEL_FAILURE)).toBe(
      "metrics model staging/stg_contracts.sql failed: Conversion Error: Could not cast value nan to DECIMAL(18,2) when casting from source column arr"
    );
  });

  test("drops DuckDB's hints after the error", () => {
    const oom = "Out of Memory Error: could not allocate block of size 30.5 MiB (0 bytes/976.5 KiB used)\n\nPossible solutions:\n* Reducing the number of threads (SET threads=X)";
    expect(firstMeaningfulLine(oom)).toBe("Out of Memory Error: could not allocate block of size 30.5 MiB (0 bytes/976.5 KiB used)");
  });

  test("joins a header that announces the error on the next line (esbuild)", () => {
    const esbuild = 'Transform failed with 1 error:\n/tmp/x/pulse.config.ts:2:0: ERROR: Expected "}" but found end of file';
    expect(firstMeaningfulLine(esbuild)).toBe('Transform failed with 1 error: /tmp/x/pulse.config.ts:2:0: ERROR: Expected "}" but found end of file');
  });
});

describe("failureLine", () => {
  test("an unforeseen error: its first meaningful line, and where to find the rest", () => {
    expect(failureLine("data", new Error(MODEL_FAILURE))).toBe(
      "pulse data: metrics model staging/stg_contracts.sql failed: Conversion Error: Could not cast value nan to DECIMAL(18,2) when casting from source column arr (run with --debug for the details)"
    );
  });

  test("Pulse's own errors as they are: they already say what to do", () => {
    expect(failureLine("build", new PulseInputError("/exports/usage_events.csv.gz", "is empty (0 bytes)"))).toBe("pulse build: /exports/usage_events.csv.gz: is empty (0 bytes)");
    expect(failureLine("data", new PulseConfigError("segments.highFrequencyVisits", "must be a number, got 'five'", "/tmp/x/pulse.config.ts"))).toBe(
      "pulse data: configuration file /tmp/x/pulse.config.ts: segments.highFrequencyVisits must be a number, got 'five'"
    );
  });

  test("something thrown that is not an Error", () => {
    expect(failureLine("serve", "stopped")).toBe("pulse serve: stopped (run with --debug for the details)");
  });
});

describe("--debug", () => {
  test("is the flag anywhere among the arguments, or PULSE_DEBUG=1", () => {
    expect(isDebug(["--out", "x", "--debug"], {})).toBe(true);
    expect(isDebug(["--out", "x"], {PULSE_DEBUG: "1"})).toBe(true);
    expect(isDebug(["--out", "x"], {PULSE_DEBUG: "0"})).toBe(false);
    expect(isDebug(["--out", "x"], {})).toBe(false);
  });

  test("adds the whole trace, the causes, and the site rendering's log", () => {
    const error = new Error(MODEL_FAILURE, {cause: new Error("the cause")});
    const details = debugDetails(error);
    expect(details).toContain("LINE 13:");
    expect(details).toMatch(/\n {4}at /);
    expect(details).toContain("caused by: Error: the cause");
    expect(debugDetails(new PulseSiteError("rendering the site failed: …", FRAMEWORK_LOG))).toContain("at overBuiltTables");
  });
});

describe("siteFailure", () => {
  test("names the data loader that failed and the error it threw", () => {
    // the loader file is looked up under src/: /data/metric_settings.json is made by src/data/metric_settings.json.ts
    expect(siteFailure(FRAMEWORK_LOG)).toBe("the data loader src/data/metric_settings.json.ts failed: metric_settings.parquet was not built (looked in /tmp/emptytables)");
  });

  test("the loader named by the error's trace, when Framework's progress lines interleave", () => {
    // another loader's progress line comes between the failing loader's "load" and its "error in"
    const interleaved = FRAMEWORK_LOG.replace("error in 1006ms", "load /data/kpis.json → [fresh] 2 kB in 310ms\nerror in 1006ms")
      .replace("copy src/data/kpis.json → load /data/kpis.json → [fresh] 2 kB in 310ms\n", "");
    expect(siteFailure(interleaved)).toBe("the data loader src/data/metric_settings.json.ts failed: metric_settings.parquet was not built (looked in /tmp/emptytables)");
    // no progress line at all: the trace alone
    const unpaired = FRAMEWORK_LOG.replace(/error in 1006ms: loader exited with code 1\n/, "");
    expect(siteFailure(unpaired)).toBe("the data loader src/data/metric_settings.json.ts failed: metric_settings.parquet was not built (looked in /tmp/emptytables)");
  });

  test("without a loader's error: Framework's own", () => {
    const log = "Warning: the output root /tmp/fwout is not within the current working directory and will not be cleared.\n\nUnexpected error: file conflict: /_import/style.def0c0fb.css\n\nTip: To see the full stack trace, run with the --debug flag.\n";
    expect(siteFailure(log)).toBe("file conflict: /_import/style.def0c0fb.css");
  });

  test("else the last line that is not Framework's advice", () => {
    expect(siteFailure("load /index in 120ms\nsomething went wrong\n\nTip: To see the full stack trace, run with the --debug flag.\n")).toBe("something went wrong");
  });
});

describe("a failure line stays a line", () => {
  test("a value quoted in an error (a 1 MB cell in DuckDB's message) is cut after 500 characters, saying how much was left out", () => {
    const line = failureLine("data", new Error(`Conversion Error: could not convert '${"x".repeat(1_000_000)}'`));
    // "Conversion Error: could not convert '" is 37 characters: 463 x kept of 1,000,000, then "'" — 1,000,038 in all
    expect(line).toBe(`pulse data: Conversion Error: could not convert '${"x".repeat(463)}… (999,538 more characters) (run with --debug for the details)`);
    const input = failureLine("data", new PulseInputError("accounts.csv", `bad value ${"y".repeat(10_000)}`, "name"));
    expect(input.length).toBeLessThan(600);
    expect(input).toMatch(/^pulse data: accounts\.csv: column 'name': bad value y+… \(9,\d{3} more characters\)$/);
  });
});
