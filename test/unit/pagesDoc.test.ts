// docs/pages.md names, for every card of every page, the query, the model, the rule and the setting with its
// default. A wrong row is worse than a missing one, so this checks what can be checked mechanically against
// the code: every setting it names exists with the default it states, every constant it quotes has that value,
// every file and model it names exists, every function it places in a file is exported there, every page cell
// it names is declared in that page, and every accounts / churns / funnel column it names is in the model.
import {existsSync, readdirSync, readFileSync, statSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {DEFAULT_CONFIG} from "../../loaders/config/schema.js";

const doc = readFileSync("docs/pages.md", "utf8");

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

/** The value at a dotted path of the default config, or undefined when there is no such setting. */
function setting(path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node != null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), DEFAULT_CONFIG);
}

/** A value as the doc writes it ("5", "0.05", "[0.34, 0.67]", "\"visits\"", "null", "−0.1") as a JS value. */
function parseValue(text: string): unknown {
  return JSON.parse(text.replace(/−/g, "-"));
}

const VALUE = String.raw`(\[[^\]]*\]|"[^"]*"|null|−?-?\d+(?:\.\d+)?)`;

describe("docs/pages.md against the code", () => {
  it("every setting it names exists, with the default it states", () => {
    const topLevel = new Set(Object.keys(DEFAULT_CONFIG));
    const named = [...doc.matchAll(/`([a-z]\w*(?:\.[a-zA-Z]\w*)+)(\.\*)?`/g)]
      .map((m) => m[1])
      .filter((path) => topLevel.has(path.split(".")[0]) && !/\.(sql|js|ts|json|parquet|md)$/.test(path));
    expect(named.length).toBeGreaterThan(40);
    expect(named.filter((path) => setting(path) === undefined)).toEqual([]);
    const stated = [...doc.matchAll(new RegExp(String.raw`\x60([a-z]\w*(?:\.\w+)+)\x60 = ${VALUE}`, "g"))]
      .filter((m) => topLevel.has(m[1].split(".")[0]));
    expect(stated.length).toBeGreaterThan(40);
    const wrong = stated.filter((m) => JSON.stringify(setting(m[1])) !== JSON.stringify(parseValue(m[2]))).map((m) => `${m[1]} = ${m[2]}, default ${JSON.stringify(setting(m[1]))}`);
    expect(wrong).toEqual([]);
  });

  it("every constant it quotes has that value in the code", () => {
    const sources = filesUnder("src", /\.js$/).map((file) => readFileSync(file, "utf8"));
    const quoted = [...doc.matchAll(new RegExp(String.raw`\x60([A-Z][A-Z_]+)\x60 = ${VALUE}`, "g"))];
    expect(quoted.map((m) => m[1]).sort()).toEqual(["ACCOUNT_PAGE_TICKETS", "FALLING_CHANGE", "MIN_FLAGGED", "RENEWAL_MIN_AGE_MONTHS"]);
    const wrong = quoted.filter(([, name, value]) => {
      const defined = sources.map((text) => text.match(new RegExp(String.raw`export const ${name} = (-?[\d.]+);`))).find(Boolean);
      return !defined || Number(defined[1]) !== parseValue(value);
    });
    expect(wrong.map((m) => m[0])).toEqual([]);
  });

  it("every file and SQL model it names exists", () => {
    const paths = [...doc.matchAll(/`((?:src|loaders|test)\/[\w/.-]+\.(?:js|ts|md|sql))`/g)].map((m) => m[1]);
    expect(paths.filter((path) => !existsSync(path))).toEqual([]);
    const models = filesUnder("loaders/metrics/sql", /\.sql$/);
    const named = [...doc.matchAll(/`([\w/]+\.sql)`/g)].map((m) => m[1]).filter((name) => !name.includes("loaders/"));
    expect(named.length).toBeGreaterThan(30);
    expect(named.filter((name) => !models.some((file) => file.endsWith(`/${name}`)))).toEqual([]);
  });

  it("every function or constant it places in a file is exported by that file", () => {
    const placed = [...doc.matchAll(/((?:`\w+`(?:\s*\/\s*|, | and ))*`\w+`) in `((?:src|loaders)\/[\w/.-]+\.(?:js|ts))`/g)]
      .flatMap((m) => [...m[1].matchAll(/`(\w+)`/g)].map((name) => ({name: name[1], file: m[2]})));
    expect(placed.length).toBeGreaterThan(50);
    const missing = placed.filter(({name, file}) => {
      const text = readFileSync(file, "utf8");
      return !new RegExp(String.raw`export (?:async )?(?:function|const|let) ${name}\b|export \{[^}]*\b${name}\b[^}]*\}`).test(text);
    });
    expect(missing.map(({name, file}) => `${name} in ${file}`)).toEqual([]);
  });

  it("every page cell it names is declared in that page", () => {
    const sections = doc.split(/^## /m).slice(1);
    const missing = sections.flatMap((section) => {
      const page = section.match(/Page: `(src\/[\w-]+\.md)`/)?.[1];
      if (!page) return [];
      const text = readFileSync(page, "utf8");
      return [...section.matchAll(/page cell `(\w+)`/g)]
        .map((m) => m[1])
        .filter((cell) => !new RegExp(String.raw`(?:const|function)\s+(?:\[\s*)?${cell}\b`).test(text))
        .map((cell) => `${page}: ${cell}`);
    });
    expect(doc.match(/page cell `/g)?.length).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });

  it("every accounts, churns and funnel column it names is a column of the model that writes the table", () => {
    const models: Record<string, string> = {
      accounts: "loaders/metrics/sql/snapshot/account_snapshot.sql",
      churns: "loaders/metrics/sql/facts/fct_churns.sql",
      funnel: "loaders/metrics/sql/kpis/funnel.sql"
    };
    const named = [...doc.matchAll(/`(accounts|churns|funnel)\.(\w+)`/g)].filter(([, , column]) => !/^(sql|parquet|json)$/.test(column));
    expect(named.length).toBeGreaterThan(20);
    const missing = named.filter(([, table, column]) => !new RegExp(String.raw`\b${column}\b`).test(readFileSync(models[table], "utf8")));
    expect(missing.map((m) => m[0])).toEqual([]);
  });
});
