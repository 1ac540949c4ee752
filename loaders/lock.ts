// One at a time: a second process asking for the same lock waits for the first (or takes over if it died).
import {mkdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function withLock<T>(lock: string, progress: (message: string) => void, work: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(lock), {recursive: true});
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      break;
    } catch {
      let pid = 0;
      try {
        pid = Number(readFileSync(join(lock, "pid"), "utf8"));
      } catch {
        // the other build is between creating the lock and writing its pid
      }
      if (pid && !alive(pid)) {
        rmSync(lock, {recursive: true, force: true});
        continue;
      }
      if (!told) progress(`waiting for another build (pid ${pid || "?"}) to finish`);
      told = true;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const release = () => rmSync(lock, {recursive: true, force: true});
  try {
    return await work();
  } finally {
    release();
  }
}
