// Replacing an output folder only once its new content is complete: the new content is written to a
// hidden folder beside it, then the old folder is moved aside and the new one renamed into place (two
// renames on one file system) and the old removed. A run that fails or is killed leaves the old folder
// as it was; the next run removes what it left (`.<name>.partial-<pid>`). `pulse build` publishes the
// site this way, `pulse data` its tables.
import {existsSync, readdirSync, renameSync, rmSync} from "node:fs";
import {basename, dirname, join} from "node:path";
import {PulseInputError} from "../errors.js";
import {processAlive} from "../lock.js";

/**
 * Removes what runs that died left beside `out` (their `.<name>.partial-<pid>` folders and files);
 * a run still going (its pid alive) keeps its own. Returns the names removed.
 */
export function removeLeftovers(out: string): string[] {
  const parent = dirname(out);
  if (!existsSync(parent)) return [];
  const prefix = `.${basename(out)}.partial-`;
  const removed = readdirSync(parent).filter((name) => {
    if (!name.startsWith(prefix)) return false;
    const pid = Number(/^\d+/.exec(name.slice(prefix.length))?.[0]);
    return Number.isInteger(pid) && pid !== process.pid && !processAlive(pid);
  });
  for (const name of removed) rmSync(join(parent, name), {recursive: true, force: true});
  return removed;
}

/** Where a run of this process writes the new content of `out`. */
export function stagingFolder(out: string): string {
  return join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
}

/** The lock that keeps two runs from publishing into `out` at once. */
export function publishLock(out: string): string {
  return join(dirname(out), `.${basename(out)}.lock`);
}

/**
 * Puts `staging` in the place of `out`. An `out` that holds something else than what Pulse writes there
 * (`isOurs` says) is not replaced: the run stops with `refusal`, and nothing is lost.
 */
export function publishFolder(staging: string, out: string, isOurs: (dir: string) => boolean, refusal: string) {
  if (existsSync(out) && readdirSync(out).length > 0 && !isOurs(out)) throw new PulseInputError(out, refusal);
  const old = `${staging}.old`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(staging, out);
  rmSync(old, {recursive: true, force: true});
}
