// Progress for long runs: one updating line on a terminal, plain log lines elsewhere (CI, cron).
export interface ProgressDisplay {
  (message: string): void;
  done(message: string): void;
}

export function progressDisplay(stream: NodeJS.WriteStream = process.stderr, quiet = false): ProgressDisplay {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  const show = ((message: string) => {
    if (quiet) return;
    if (tty) stream.write(`\r\x1b[2K[${elapsed()}] ${message}`);
    else stream.write(`[pulse ${elapsed()}] ${message}\n`);
  }) as ProgressDisplay;
  show.done = (message: string) => {
    if (quiet) return;
    if (tty) stream.write(`\r\x1b[2K`);
    stream.write(`[pulse ${elapsed()}] ${message}\n`);
  };
  return show;
}
