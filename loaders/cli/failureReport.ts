// How a failed command tells the user: one line on stderr naming what failed, after any progress
// lines; with --debug (or PULSE_DEBUG=1) the full trace, and for the site rendering its full log,
// after that line. A scheduler's log gets the line; whoever debugs asks for the rest.
import {clipLine, firstMeaningfulLine, isPulseError, PulseSiteError} from "../errors.js";

/** The --debug line of every command's --help. */
export const DEBUG_HELP = `  --debug           on failure, also print the full trace after the one-line reason
                    (PULSE_DEBUG=1 does the same)
`;

/** --debug anywhere in the command's arguments, or PULSE_DEBUG set to 1 (or true). */
export function isDebug(argv: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return argv.includes("--debug") || /^(1|true|yes)$/i.test(env.PULSE_DEBUG?.trim() ?? "");
}

/**
 * The one line for a failure. Pulse's own errors already say what is wrong and where; anything else
 * (a DuckDB error in a model, a file system error) is cut to its first meaningful line and points at --debug.
 */
export function failureLine(command: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (isPulseError(error)) return `pulse ${command}: ${clipLine(message.split("\n").map((l) => l.trim()).filter(Boolean).join(" "))}`;
  return `pulse ${command}: ${clipLine(firstMeaningfulLine(message) || (error as Error)?.name || "failed")} (run with --debug for the details)`;
}

/** What --debug adds after the line: the trace with every cause, and the site rendering's log. */
export function debugDetails(error: unknown): string {
  const parts: string[] = [];
  if (error instanceof PulseSiteError) parts.push(`observable build's log:\n${error.log.trimEnd()}`);
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(`${depth > 0 ? "caused by: " : ""}${current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join("\n");
}

/** Writes the failure to stderr: the line, then (with debug) the details. */
export function reportFailure(command: string, error: unknown, debug: boolean, stream: NodeJS.WriteStream = process.stderr): void {
  // on a terminal the progress is one updating line: end it so that the failure has a line of its own
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  stream.write(`${tty ? "\n" : ""}${failureLine(command, error)}\n`);
  if (debug) stream.write(`${debugDetails(error)}\n`);
}
