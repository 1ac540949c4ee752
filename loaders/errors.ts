// Errors a user can act on: each names what is wrong and where, in one line.

/** A setting in pulse.config.ts (or a flag) is wrong; with `file`, the message names the configuration file. */
export class PulseConfigError extends Error {
  constructor(readonly setting: string, readonly reason: string, readonly file?: string) {
    super(file ? `configuration file ${file}: ${setting ? `${setting} ` : ""}${reason}` : `configuration: ${setting} ${reason}`);
    this.name = "PulseConfigError";
  }
}

/** An input export cannot be read at all (missing file, missing column, unreadable format, damaged file). */
export class PulseInputError extends Error {
  constructor(readonly file: string, reason: string, readonly column?: string) {
    super(`${file}: ${column ? `column '${column}': ` : ""}${reason}`);
    this.name = "PulseInputError";
  }
}

/**
 * Rendering the site (Framework's `observable build`) failed: the message is the one line a user reads
 * (which step or data loader failed, and the most telling line of the log); `log` is the whole log,
 * shown with --debug.
 */
export class PulseSiteError extends Error {
  constructor(message: string, readonly log: string) {
    super(message);
    this.name = "PulseSiteError";
  }
}

export function isPulseError(error: unknown): error is PulseConfigError | PulseInputError | PulseSiteError {
  return error instanceof PulseConfigError || error instanceof PulseInputError || error instanceof PulseSiteError;
}

/**
 * The first meaningful line of an error message. DuckDB's messages go on with the SQL (`LINE 13: …`) and a
 * caret under it, sometimes with hints after a blank line ("Possible solutions: …"); esbuild's start with
 * "Transform failed with 1 error:" and give the error on the next line. Those are dropped or joined.
 */
export function firstMeaningfulLine(message: string): string {
  const lines = message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^LINE \d+:/.test(line) && !/^\^+$/.test(line));
  const [first = "", second] = lines;
  // a header that announces the error on the next line
  return first.endsWith(":") && second !== undefined ? `${first} ${second}` : first;
}

/** The most of a failure line a user reads: a quoted value beyond it (a 5 MB CSV line in DuckDB's message) is cut. */
export const MAX_FAILURE_LINE = 500;

/** `text` cut to at most `max` characters, saying how much was left out. */
export function clipLine(text: string, max = MAX_FAILURE_LINE): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${(text.length - max).toLocaleString("en-US")} more characters)`;
}
