// One at a time: a second process asking for the same lock waits for the first, or takes the lock
// over when its holder is gone. A lock is a folder (mkdir is atomic) holding `owner`: the holder's
// pid and, on Linux, which process that pid was (boot id and start time), so a lock left behind by
// a build that was killed before a reboot is not mistaken for a live one when the pid is reused.
import {mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";

/** A lock folder whose owner file is still missing after this long was left by a process that died creating it. */
export const UNOWNED_LOCK_MS = 10_000;

interface LockOwner {
  pid: number;
  /** "<boot id>/<start time in clock ticks>" on Linux; null where /proc is not there */
  process: string | null;
}

/** Which process `pid` is: it stays the same for the process's life and differs for a later one with the same pid. */
export function processIdentity(pid: number): string | null {
  try {
    const bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the fields after the command name (which may hold spaces and parentheses): state is the 3rd field, start time the 22nd
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return `${bootId}/${fields[19]}`;
  } catch {
    return null;
  }
}

/** Whether a process with this pid exists (one of another user's counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: a process of another user has the pid, so it exists
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the process that wrote `owner` is still running. */
export function ownerAlive(owner: LockOwner): boolean {
  if (!processAlive(owner.pid)) return false;
  if (owner.process === null) return true;
  return processIdentity(owner.pid) === owner.process;
}

function readOwner(lock: string): LockOwner | null {
  try {
    const text = readFileSync(join(lock, "owner"), "utf8");
    const owner = JSON.parse(text) as LockOwner;
    return Number.isInteger(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

function lockMtime(lock: string): number {
  try {
    return Math.round(statSync(lock).mtimeMs);
  } catch {
    return Date.now();
  }
}

function lockAgeMs(lock: string): number {
  return Date.now() - lockMtime(lock);
}

export async function withLock<T>(lock: string, progress: (message: string) => void, work: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(lock), {recursive: true});
  let told = false;
  // stale locks this process moved aside; removed when it is done, so that another waiter that judged
  // the same stale lock cannot move this process's fresh lock to the same name in the meantime
  const movedAside: string[] = [];
  try {
    for (;;) {
      try {
        mkdirSync(lock);
        const owner: LockOwner = {pid: process.pid, process: processIdentity(process.pid)};
        writeFileSync(join(lock, "owner"), JSON.stringify(owner));
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const owner = readOwner(lock);
        // the holder died (or the machine restarted), or died between creating the lock and saying who it is
        const stale = owner ? !ownerAlive(owner) : lockAgeMs(lock) > UNOWNED_LOCK_MS;
        if (stale) {
          // named after this lock's creation, so waiters that judged the same lock stale race for one name
          const aside = `${lock}.stale-${lockMtime(lock)}`;
          try {
            renameSync(lock, aside);
            movedAside.push(aside);
            continue;
          } catch {
            // another waiter moved it first, or took the lock since: look again after a pause
          }
        } else if (!told) {
          progress(`waiting for another build (pid ${owner?.pid ?? "?"}) to finish`);
          told = true;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    try {
      return await work();
    } finally {
      rmSync(lock, {recursive: true, force: true});
    }
  } finally {
    for (const aside of movedAside) rmSync(aside, {recursive: true, force: true});
  }
}
