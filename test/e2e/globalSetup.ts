// Once per e2e run: build the site and serve dist/ under /reports/pulse/ on 127.0.0.1.
// PULSE_E2E_SKIP_BUILD=1 reuses the dist/ already there (for quick re-runs while writing tests).
import type {TestProject} from "vitest/node";
import {buildSite, serveStatic} from "./harness.js";

declare module "vitest" {
  export interface ProvidedContext {
    siteUrl: string;
    siteOrigin: string;
  }
}

export default async function setup(project: TestProject) {
  if (!process.env.PULSE_E2E_SKIP_BUILD) await buildSite();
  const server = await serveStatic();
  project.provide("siteUrl", server.url);
  project.provide("siteOrigin", server.origin);
  return () => server.close();
}
