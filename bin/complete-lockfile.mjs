#!/usr/bin/env node
// Adds the optional platform packages that `npm install` left out of package-lock.json because
// the registry it used has no build of them (e.g. DuckDB's darwin/win32 bindings), so that
// `npm ci` accepts the lockfile. Each added entry names its version, os, cpu and libc only: npm
// skips it on any other platform without fetching it, and fetches it by version where it applies.
//   node bin/complete-lockfile.mjs        (after any `npm install` that changed the lockfile)
import {execFileSync} from "node:child_process";
import {readFileSync, writeFileSync} from "node:fs";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const packages = lock.packages;

/** os/cpu/libc of a platform package: from the registry (any version), else from its name */
function platformOf(name) {
  try {
    const out = execFileSync("npm", ["view", name, "os", "cpu", "libc", "--json"], {encoding: "utf8", stdio: ["ignore", "pipe", "ignore"]});
    const meta = JSON.parse(out || "{}");
    if (meta.os && meta.cpu) return meta;
  } catch {}
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => ["darwin", "linux", "win32", "freebsd", "openbsd", "android", "openharmony", "sunos", "aix"].includes(p));
  const cpu = parts.find((p) => ["x64", "arm64", "arm", "ia32", "ppc64", "s390x", "riscv64", "loong64"].includes(p));
  if (!os || !cpu) throw new Error(`cannot tell the platform of ${name}; add its entry by hand`);
  const libc = os === "linux" ? [parts.some((p) => p.startsWith("musl")) ? "musl" : "glibc"] : undefined;
  return {os: [os], cpu: [cpu], ...(libc ? {libc} : {})};
}

let added = 0;
for (const [key, entry] of Object.entries({...packages})) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = key ? `${key}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[base] || packages[`node_modules/${name}`]) continue;
    const {os, cpu, libc} = platformOf(name);
    packages[`node_modules/${name}`] = {version, cpu, ...(libc ? {libc} : {}), ...(entry.dev ? {dev: true} : {}), optional: true, os};
    console.log(`added node_modules/${name}@${version} (${os}/${cpu}${libc ? `/${libc}` : ""})`);
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(added ? `${added} entries added` : "the lockfile was complete");
