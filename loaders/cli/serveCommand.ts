// `pulse serve DIR`: serves a built site locally.
import {existsSync} from "node:fs";
import {parseArgs} from "node:util";
import {UsageError} from "./dataCommand.js";
import {DEBUG_HELP} from "./failureReport.js";
import {staticServer} from "./staticServer.js";

export const SERVE_HELP = `Usage: pulse serve [DIR] [--port N] [--host HOST] [--prefix /path/] [--debug]

Serves a built Pulse site (default DIR: dist) as a static site, with the right
MIME type for WebAssembly. --prefix serves it under a subpath, as a host would.
A file's brotli or gzip copy (FILE.br, FILE.gz, written by pulse build) is sent
instead of the file when the browser accepts that encoding.

${DEBUG_HELP}`;

export async function serveCommand(argv: string[]): Promise<number> {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: {type: "string", default: "3000"},
      host: {type: "string", default: "127.0.0.1"},
      prefix: {type: "string", default: "/"},
      debug: {type: "boolean", default: false},
      help: {type: "boolean", short: "h", default: false}
    }
  });
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const dir = positionals[0] ?? "dist";
  if (!existsSync(`${dir}/index.html`)) throw new UsageError(`${dir} holds no built site (no index.html); run pulse build first`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got '${values.port}'`);
  const running = await staticServer(dir, {port, host: values.host, prefix: values.prefix});
  process.stderr.write(`Serving ${dir} at ${running.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await running.close();
  return 0;
}
