// `pulse serve DIR`: a built site served as a plain static host would — WebAssembly with its MIME type,
// under a subpath, revalidated with ETags, nothing outside the folder — and stopped cleanly by a signal.
import {type ChildProcess, spawn} from "node:child_process";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {get} from "node:http";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, expect, test} from "vitest";

const repo = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "pulse-serve-"));
const site = join(work, "site");
const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]); // an empty WebAssembly module

function serve(args: string[]): ChildProcess {
  return spawn(process.execPath, [join(repo, "bin/pulse.js"), "serve", ...args], {cwd: repo});
}

function exited(child: ChildProcess): Promise<{code: number | null; stderr: string}> {
  let stderr = "";
  child.stderr!.on("data", (c) => (stderr += c));
  return new Promise((done) => child.on("close", (code) => done({code, stderr})));
}

/** The URL `pulse serve` says it serves at. */
function servingAt(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let text = "";
    child.stderr!.on("data", (c) => {
      text += c;
      const url = /Serving .* at (http:\/\/\S+) /.exec(text)?.[1];
      if (url) done(url);
    });
    child.on("close", () => fail(new Error(`pulse serve stopped: ${text}`)));
  });
}

let child: ChildProcess;
let base: string;
let stopped: Promise<{code: number | null; stderr: string}>;

beforeAll(async () => {
  mkdirSync(join(site, "_node", "@duckdb"), {recursive: true});
  mkdirSync(join(site, "snapshots", "2026-11-02"), {recursive: true});
  writeFileSync(join(site, "index.html"), "<!doctype html><title>Pulse</title>");
  writeFileSync(join(site, "churn-watch.html"), "<!doctype html><title>Churn watch</title>");
  writeFileSync(join(site, "snapshots", "2026-11-02", "index.html"), "<!doctype html><title>Pulse, 2 November</title>");
  writeFileSync(join(site, "_node", "@duckdb", "duckdb-eh.wasm"), WASM);
  writeFileSync(join(work, "secret.txt"), "not part of the site");
  child = serve([site, "--port", "0", "--prefix", "/reports/pulse/"]);
  stopped = exited(child);
  base = await servingAt(child);
}, 60_000);

afterAll(() => {
  child.kill("SIGKILL");
  rmSync(work, {recursive: true, force: true});
});

test("serves the site under its subpath, WebAssembly as application/wasm", async () => {
  expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/reports\/pulse\/$/);
  const wasm = await fetch(new URL("_node/@duckdb/duckdb-eh.wasm", base));
  expect(wasm.status).toBe(200);
  expect(wasm.headers.get("content-type")).toBe("application/wasm");
  expect(Buffer.from(await wasm.arrayBuffer())).toEqual(WASM);
  const page = await fetch(new URL("churn-watch.html?owner=Ana", base));
  expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(await page.text()).toContain("Churn watch");
  // a folder is its index.html: a snapshot's link
  expect(await (await fetch(new URL("snapshots/2026-11-02/", base))).text()).toContain("2 November");
});

test("an unchanged file is revalidated with its ETag (304, no body), a changed one is sent again", async () => {
  const url = new URL("_node/@duckdb/duckdb-eh.wasm", base);
  const first = await fetch(url);
  const etag = first.headers.get("etag");
  expect(first.headers.get("cache-control")).toBe("no-cache");
  expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
  const again = await fetch(url, {headers: {"If-None-Match": etag!}});
  expect(again.status).toBe(304);
  expect((await again.arrayBuffer()).byteLength).toBe(0);
  // a rebuild writes the file anew
  writeFileSync(join(site, "_node", "@duckdb", "duckdb-eh.wasm"), Buffer.concat([WASM, Buffer.from([0])]));
  const changed = await fetch(url, {headers: {"If-None-Match": etag!}});
  expect(changed.status).toBe(200);
  expect(changed.headers.get("etag")).not.toBe(etag);
});

test("the subpath without its slash redirects; paths outside the site or the subpath are refused", async () => {
  const bare = await fetch(new URL("/reports/pulse?tier=S", base), {redirect: "manual"});
  expect(bare.status).toBe(301);
  expect(bare.headers.get("location")).toBe("/reports/pulse/?tier=S");
  expect((await fetch(new URL("/index.html", base))).status).toBe(404);
  expect((await fetch(new URL("missing.html", base))).status).toBe(404);
  // a raw request (fetch would resolve dots before sending); an encoded slash survives URL parsing
  const outside = await new Promise<{status?: number; body: string}>((done) => {
    const {hostname, port} = new URL(base);
    get({hostname, port, path: "/reports/pulse/..%2fsecret.txt"}, (response) => {
      let body = "";
      response.on("data", (c) => (body += c));
      response.on("end", () => done({status: response.statusCode, body}));
    });
  });
  expect(outside.status).toBe(403);
  expect(outside.body).not.toContain("not part of the site");
});

test("stops with exit 0 on SIGTERM, as a process manager stops it", async () => {
  child.kill("SIGTERM");
  expect((await stopped).code).toBe(0);
});

test("a folder without a built site is a usage error (exit 2) with a one-line reason", async () => {
  const empty = join(work, "empty");
  mkdirSync(empty);
  const run = await exited(serve([empty, "--port", "0"]));
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
  expect(run.stderr).toMatch(/holds no built site \(no index\.html\); run pulse build first/);
});
