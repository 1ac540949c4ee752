// The build lock (loaders/lock.ts): builds of one project run one at a time, and a lock left behind by
// a build that died (killed, crashed, machine restarted) does not block the next scheduled build.
import {spawnSync} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, expect, test} from "vitest";
import {processIdentity, UNOWNED_LOCK_MS, withLock} from "../../loaders/lock.js";

const work = mkdtempSync(join(tmpdir(), "pulse-lock-"));
afterAll(() => rmSync(work, {recursive: true, force: true}));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A lock folder as another process would have left it. */
function leaveLock(lock: string, owner: object | null) {
  mkdirSync(lock, {recursive: true});
  if (owner) writeFileSync(join(lock, "owner"), JSON.stringify(owner));
}

test("a second holder waits until the first is done, says so, then runs", async () => {
  const lock = join(work, "serial.lock");
  const events: string[] = [];
  const messages: string[] = [];
  const first = withLock(lock, () => {}, async () => {
    events.push("first start");
    await sleep(600);
    events.push("first end");
  });
  await sleep(50);
  const second = withLock(lock, (m) => messages.push(m), async () => {
    events.push("second start");
    events.push("second end");
  });
  await Promise.all([first, second]);
  expect(events).toEqual(["first start", "first end", "second start", "second end"]);
  expect(messages).toEqual([`waiting for another build (pid ${process.pid}) to finish`]);
  expect(existsSync(lock)).toBe(false);
});

test("the lock is released when the work fails", async () => {
  const lock = join(work, "failing.lock");
  await expect(withLock(lock, () => {}, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  expect(existsSync(lock)).toBe(false);
});

test("a lock whose process has exited is taken over at once", async () => {
  const lock = join(work, "dead.lock");
  const exited = spawnSync(process.execPath, ["-e", ""]).pid;
  leaveLock(lock, {pid: exited, process: null});
  const messages: string[] = [];
  expect(await withLock(lock, (m) => messages.push(m), async () => "ran")).toBe("ran");
  expect(messages).toEqual([]);
  // nothing left behind: neither the lock nor the stale one moved aside
  expect(readdirSync(work).filter((f) => f.startsWith("dead.lock"))).toEqual([]);
});

test("a lock whose pid now belongs to another process (a restart reused it) is taken over", async () => {
  // this test's own pid is alive, but the lock says it was a process with another start time
  const identity = processIdentity(process.pid);
  expect(identity, "Linux's /proc tells which process a pid is").toMatch(/^[0-9a-f-]+\/\d+$/);
  expect(processIdentity(process.pid)).toBe(identity); // stable for the life of a process
  const lock = join(work, "reused.lock");
  leaveLock(lock, {pid: process.pid, process: `${identity!.split("/")[0]}/1`});
  const messages: string[] = [];
  expect(await withLock(lock, (m) => messages.push(m), async () => "ran")).toBe("ran");
  expect(messages).toEqual([]);
});

test("a lock without an owner is waited for while young and taken over once old", async () => {
  const lock = join(work, "unowned.lock");
  leaveLock(lock, null);
  const messages: string[] = [];
  let ran = false;
  const waiting = withLock(lock, (m) => messages.push(m), async () => {
    ran = true;
  });
  await sleep(600);
  // young: its creator may be about to write the owner file
  expect(ran).toBe(false);
  expect(messages).toEqual(["waiting for another build (pid ?) to finish"]);
  // old: its creator died between creating it and writing the owner file
  const old = (Date.now() - UNOWNED_LOCK_MS - 5_000) / 1000;
  utimesSync(lock, old, old);
  await waiting;
  expect(ran).toBe(true);
  expect(readdirSync(work).filter((f) => f.startsWith("unowned.lock"))).toEqual([]);
});
