// Account page benchmark: time from navigation to an account's page drawn, and what it fetched, on
// already-rendered sites (e.g. before/after a change, or 2k/50k accounts), alternating the sites.
//   npx tsx bench/accountPage.bench.ts --sites LABEL:DIR:ACCOUNT_ID,LABEL:DIR:ACCOUNT_ID [--runs 5]
// DIR is a rendered site (`pulse build --out DIR`, or the browser bench's rendered sites); the
// static server and Chromium are the end-to-end tests' (new context per load: an empty cache).
import {parseArgs} from "node:util";
import {launchChromium, openPage, serveStatic} from "../test/e2e/harness.js";

const {values} = parseArgs({options: {sites: {type: "string"}, runs: {type: "string", default: "5"}}});
if (!values.sites) throw new Error("--sites LABEL:DIR:ACCOUNT_ID[,…] is required");
const sites = values.sites.split(",").map((s) => {
  const [label, dir, id] = s.split(":");
  return {label, dir, id};
});
const runs = Number(values.runs);

interface Load {
  ms: number;
  dataBytes: number;
  wasmBytes: number;
}
const loads = new Map<string, Load[]>();
const browser = await launchChromium();
try {
  for (let run = 0; run < runs; run++) {
    for (const site of sites) {
      const server = await serveStatic(site.dir);
      const {page} = await openPage(browser, server.origin);
      const load = {ms: 0, dataBytes: 0, wasmBytes: 0};
      page.on("response", async (response) => {
        const path = new URL(response.url()).pathname;
        // the header, not the body: Playwright cannot give the body of the wasm the browser compiled while streaming
        const size = Number(response.headers()["content-length"] ?? (await response.body().then((b) => b.length, () => 0)));
        if (path.endsWith(".wasm")) load.wasmBytes += size;
        else if (path.includes("/data/")) load.dataBytes += size;
      });
      await page.goto(`${server.origin}/reports/pulse/account.html?id=${encodeURIComponent(site.id)}`);
      // the first frame where the health explanation and the contract table are drawn
      const handle = await page.waitForFunction(
        () => (document.querySelector("#health-explanation table") && document.querySelector("#contracts tbody tr") ? performance.now() : null),
        null,
        {timeout: 90_000, polling: "raf"}
      );
      load.ms = Math.round(Number(await handle.jsonValue()));
      await page.waitForTimeout(1500); // let late downloads finish, so they are counted
      loads.set(site.label, [...(loads.get(site.label) ?? []), load]);
      await page.context().close();
      await server.close();
    }
  }
} finally {
  await browser.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [label, measured] of loads) {
  const ms = measured.map((l) => l.ms);
  console.log(
    `${label}: drawn after ${median(ms)} ms (${Math.min(...ms)}–${Math.max(...ms)}), data ${(median(measured.map((l) => l.dataBytes)) / 1e3).toFixed(0)} kB, WebAssembly ${(median(measured.map((l) => l.wasmBytes)) / 1e6).toFixed(1)} MB`
  );
}
