// `pulse serve DIR`: a built site served as a plain static host would — WebAssembly with its MIME type,
// under a subpath, revalidated with ETags, nothing outside the folder, a file's brotli or gzip copy
// when the request accepts it — and stopped cleanly by a signal.
import {type ChildProcess, spawn} from "node:child_process";
import {mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync} from "node:fs";
import {get, type IncomingHttpHeaders} from "node:http";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {brotliDecompressSync, gunzipSync, gzipSync} from "node:zlib";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {precompressSite} from "../../loaders/site/precompress.js";

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

/** A raw request (fetch would send its own Accept-Encoding and unpack the body): status, headers, body bytes. */
function request(url: URL, headers: Record<string, string> = {}, method = "GET"): Promise<{status?: number; headers: IncomingHttpHeaders; body: Buffer}> {
  return new Promise((done, fail) => {
    get({hostname: url.hostname, port: url.port, path: url.pathname, method, headers}, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c) => chunks.push(c));
      response.on("end", () => done({status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks)}));
    }).on("error", fail);
  });
}

// the engine as a build leaves it: 64 KiB of WebAssembly-like bytes that compress well, with its copies
const ENGINE = "_node/@duckdb/duckdb-wasm@1.32.0/dist/duckdb-eh.wasm";
const ENGINE_BYTES = Buffer.concat([WASM, Buffer.from("\x00\x01duckdb".repeat(8192)).subarray(0, 65536 - WASM.length)]);
// the account page's data: a gzip file the page unpacks itself
const BUCKET = "data/account-pages/000.json.gz";
const BUCKET_BYTES = gzipSync('[{"account_id": "A1"}]');

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
  mkdirSync(join(site, ENGINE, ".."), {recursive: true});
  writeFileSync(join(site, ENGINE), ENGINE_BYTES);
  mkdirSync(join(site, BUCKET, ".."), {recursive: true});
  writeFileSync(join(site, BUCKET), BUCKET_BYTES);
  await precompressSite(site); // writes ENGINE.br and ENGINE.gz (the other files are under 1 KiB)
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

describe("precompressed copies", () => {
  const engine = () => new URL(ENGINE, base);
  const size = (path: string) => statSync(join(site, path)).size;

  test("brotli for a browser that accepts it, with the engine's type and the copy's length", async () => {
    // what Chromium sends
    const br = await request(engine(), {"Accept-Encoding": "gzip, deflate, br, zstd"});
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toBe("application/wasm");
    expect(br.headers.vary).toBe("Accept-Encoding");
    expect(Number(br.headers["content-length"])).toBe(size(`${ENGINE}.br`));
    expect(br.body.length).toBe(size(`${ENGINE}.br`));
    expect(br.body.length).toBeLessThan(ENGINE_BYTES.length / 10); // the same 8 bytes 8,192 times
    expect(brotliDecompressSync(br.body).equals(ENGINE_BYTES)).toBe(true);
  });

  test("gzip when only gzip is accepted, the file as it is when nothing is", async () => {
    const gz = await request(engine(), {"Accept-Encoding": "gzip, deflate"});
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.headers["content-type"]).toBe("application/wasm");
    expect(Number(gz.headers["content-length"])).toBe(size(`${ENGINE}.gz`));
    expect(gunzipSync(gz.body).equals(ENGINE_BYTES)).toBe(true);
    // brotli refused with q=0
    expect((await request(engine(), {"Accept-Encoding": "br;q=0, gzip"})).headers["content-encoding"]).toBe("gzip");

    const plainRequests: Record<string, string>[] = [{}, {"Accept-Encoding": "identity"}, {"Accept-Encoding": "br;q=0, gzip;q=0"}];
    for (const headers of plainRequests) {
      const plain = await request(engine(), headers);
      expect(plain.headers["content-encoding"], JSON.stringify(headers)).toBeUndefined();
      expect(plain.headers.vary).toBe("Accept-Encoding");
      expect(Number(plain.headers["content-length"])).toBe(ENGINE_BYTES.length);
      expect(plain.body.equals(ENGINE_BYTES)).toBe(true);
    }
    const head = await request(engine(), {"Accept-Encoding": "br"}, "HEAD");
    expect(head.headers["content-encoding"]).toBe("br");
    expect(Number(head.headers["content-length"])).toBe(size(`${ENGINE}.br`));
    expect(head.body.length).toBe(0);
  });

  test("each encoding has its own ETag, and each revalidates to 304", async () => {
    const accept = {br: "br, gzip", gzip: "gzip", identity: "identity"};
    const etags: Record<string, string> = {};
    for (const [encoding, header] of Object.entries(accept)) etags[encoding] = (await request(engine(), {"Accept-Encoding": header})).headers.etag!;
    expect(new Set(Object.values(etags)).size).toBe(3);
    expect(etags.br).toMatch(/-br"$/);
    expect(etags.gzip).toMatch(/-gzip"$/);
    for (const [encoding, header] of Object.entries(accept)) {
      const again = await request(engine(), {"Accept-Encoding": header, "If-None-Match": etags[encoding]});
      expect(again.status, encoding).toBe(304);
      expect(again.headers.etag).toBe(etags[encoding]);
      expect(again.body.length).toBe(0);
    }
    // a brotli ETag does not revalidate the gzip bytes: the gzip copy is sent
    const other = await request(engine(), {"Accept-Encoding": "gzip", "If-None-Match": etags.br});
    expect(other.status).toBe(200);
    expect(other.headers["content-encoding"]).toBe("gzip");
  });

  test("a .gz file asked for by name is sent as it is: the account page unpacks it itself", async () => {
    const bucket = await request(new URL(BUCKET, base), {"Accept-Encoding": "gzip, deflate, br"});
    expect(bucket.status).toBe(200);
    expect(bucket.headers["content-type"]).toBe("application/gzip");
    expect(bucket.headers["content-encoding"]).toBeUndefined();
    expect(bucket.body.equals(BUCKET_BYTES)).toBe(true);
    // and the file without .gz does not exist: not found, whatever the request accepts
    expect((await request(new URL("data/account-pages/000.json", base), {"Accept-Encoding": "gzip"})).status).toBe(404);
  });
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
