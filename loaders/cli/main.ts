// The `pulse` command: data, build, serve, sample. Exit codes: 0 ok, 1 failed, 2 wrong usage.
// A failure prints one line naming what failed (loaders/cli/failureReport.ts); --debug or PULSE_DEBUG=1 adds the trace.
import {dataCommand, UsageError} from "./dataCommand.js";
import {isDebug, reportFailure} from "./failureReport.js";

const HELP = `Usage: pulse <command> [options]

Commands:
  data      validate the exports and write the Parquet tables and quality report
  build     build the report site
  serve     serve a built site locally
  sample    generate sample exports

Run 'pulse <command> --help' for a command's options. A failure prints one line
saying what failed; --debug (or PULSE_DEBUG=1) adds the full trace.
`;

type Command = (argv: string[]) => Promise<number>;

async function command(name: string): Promise<Command | undefined> {
  switch (name) {
    case "data":
      return dataCommand;
    case "sample":
      return (await import("../sample/generateSample.js")).sampleCommand;
    case "build":
      return (await import("./buildCommand.js")).buildCommand;
    case "serve":
      return (await import("./serveCommand.js")).serveCommand;
  }
}

export async function main(argv: string[]): Promise<number> {
  // `pulse --debug build …` is `pulse build … --debug`
  const [name, ...rest] = argv[0] === "--debug" && argv.length > 1 ? [...argv.slice(1), "--debug"] : argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(HELP);
    return name ? 0 : 2;
  }
  const run = await command(name);
  if (!run) {
    process.stderr.write(`pulse: unknown command '${name}'\n${HELP}`);
    return 2;
  }
  const debug = isDebug(rest);
  // an error thrown outside the command's own chain of promises (an event handler, a stream) ends the
  // process the same way, instead of with Node's trace
  const unforeseen = (error: unknown) => {
    reportFailure(name, error, debug);
    process.exit(1);
  };
  process.on("uncaughtException", unforeseen);
  process.on("unhandledRejection", unforeseen);
  try {
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError || (error as {code?: string} | undefined)?.code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`pulse ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    reportFailure(name, error, debug);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
