// The `pulse` command: data, build, serve, sample. Exit codes: 0 ok, 1 failed, 2 wrong usage.
import {isPulseError} from "../errors.js";
import {dataCommand, UsageError} from "./dataCommand.js";

const HELP = `Usage: pulse <command> [options]

Commands:
  data      validate the exports and write the Parquet tables and quality report
  build     build the report site
  serve     serve a built site locally
  sample    generate sample exports

Run 'pulse <command> --help' for a command's options.
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
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(HELP);
    return name ? 0 : 2;
  }
  const run = await command(name);
  if (!run) {
    process.stderr.write(`pulse: unknown command '${name}'\n${HELP}`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError || (error as {code?: string}).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`pulse ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    if (isPulseError(error)) {
      process.stderr.write(`\npulse ${name}: ${(error as Error).message}\n`);
      return 1;
    }
    process.stderr.write(`\npulse ${name}: failed: ${(error as Error).stack ?? error}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
