// Errors a user can act on: each names what is wrong and where, in one line.

/** A setting in pulse.config.ts (or a flag) is wrong. */
export class PulseConfigError extends Error {
  constructor(readonly setting: string, reason: string) {
    super(`configuration: ${setting} ${reason}`);
    this.name = "PulseConfigError";
  }
}

/** An input export cannot be read at all (missing file, missing column, unreadable format). */
export class PulseInputError extends Error {
  constructor(readonly file: string, reason: string, readonly column?: string) {
    super(`${file}: ${column ? `column '${column}': ` : ""}${reason}`);
    this.name = "PulseInputError";
  }
}

export function isPulseError(error: unknown): error is PulseConfigError | PulseInputError {
  return error instanceof PulseConfigError || error instanceof PulseInputError;
}
