// A static file server for a built site: correct MIME types (application/wasm for DuckDB-Wasm),
// optional subpath (/reports/pulse/), index.html for folders, nothing outside the site's folder.
// Deliberately plain, like the hosts the site is published to: `pulse serve` and the e2e tests use it,
// so a page that only works with server-side rewriting fails here too. Like nginx's gzip_static and
// brotli_static, it sends a file's precompressed copy (FILE.br, FILE.gz: loaders/site/precompress.ts)
// when the request accepts it, and never compresses anything itself.
import {createReadStream, existsSync, statSync, type Stats} from "node:fs";
import {createServer, type Server} from "node:http";
import {extname, join, normalize, resolve, sep} from "node:path";
import {COPY_ENDING, type Encoding} from "../site/precompress.js";
import {chooseEncoding} from "./acceptEncoding.js";

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".parquet": "application/vnd.apache.parquet",
  ".arrow": "application/vnd.apache.arrow.file",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".gz": "application/gzip"
};

export interface StaticServerOptions {
  /** URL path the site is served under, e.g. "/reports/pulse/"; default "/" */
  prefix?: string;
  port?: number;
  host?: string;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The ETag of the bytes sent: their file's size and time, and the encoding ("-br", "-gzip") of a copy. */
function etagOf(stat: Stats, encoding: Encoding | null): string {
  return `"${stat.size.toString(16)}-${Math.trunc(stat.mtimeMs).toString(16)}${encoding ? `-${encoding}` : ""}"`;
}

export function staticServer(root: string, options: StaticServerOptions = {}): Promise<RunningServer> {
  const site = resolve(root);
  const prefix = `/${(options.prefix ?? "/").replace(/^\/+|\/+$/g, "")}/`.replace("//", "/");
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      response.writeHead(400).end("bad path");
      return;
    }
    if (!pathname.startsWith(prefix)) {
      if (pathname === prefix.slice(0, -1)) {
        response.writeHead(301, {Location: prefix + url.search}).end();
        return;
      }
      response.writeHead(404).end("not found");
      return;
    }
    let file = normalize(join(site, pathname.slice(prefix.length)));
    if (file !== site && !file.startsWith(site + sep)) {
      response.writeHead(403).end("forbidden");
      return;
    }
    // a folder's index.html, nothing else: no /tiers → tiers.html rewriting, as on a plain static host
    // (the site's links end in .html, so none is needed)
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      response.writeHead(404, {"Content-Type": "text/plain"}).end("not found");
      return;
    }
    // the file as it is, or its brotli or gzip copy when there is one and the request accepts it; a
    // request for a .gz file itself (the account page's data) gets that file, with no Content-Encoding
    const copies = (["br", "gzip"] as const).filter((encoding) => isFile(file + COPY_ENDING[encoding]));
    const encoding = chooseEncoding(request.headers["accept-encoding"], copies);
    const sent = encoding === null ? file : file + COPY_ENDING[encoding];
    // revalidated on every use (no-cache), answered with 304 when unchanged: a reload gets the files
    // changed since, and the unchanged 34 MB engine is not downloaded again. Each encoding has its own
    // ETag (a cache must not answer a brotli request with the gzip bytes).
    const stat = statSync(sent);
    const etag = etagOf(stat, encoding);
    const headers: Record<string, string | number> = {
      "Content-Type": MIME[extname(file).toLowerCase()] ?? "application/octet-stream",
      "Cache-Control": "no-cache",
      ETag: etag,
      "Last-Modified": stat.mtime.toUTCString(),
      ...(copies.length > 0 ? {Vary: "Accept-Encoding"} : {})
    };
    if (request.headers["if-none-match"]?.split(/\s*,\s*/).includes(etag)) {
      response.writeHead(304, headers).end();
      return;
    }
    response.writeHead(200, {...headers, ...(encoding ? {"Content-Encoding": encoding} : {}), "Content-Length": stat.size});
    if (request.method === "HEAD") response.end();
    else createReadStream(sent).pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : options.port;
      resolvePromise({
        server,
        url: `http://${options.host ?? "127.0.0.1"}:${port}${prefix}`,
        close: () => new Promise((done) => server.close(() => done()))
      });
    });
  });
}
