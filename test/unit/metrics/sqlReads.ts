// The tables a model's SQL reads, found in the SQL itself: every name after FROM or JOIN (also each item of a
// comma-separated FROM list), minus the model's own CTE names and table functions (generate_series(…), unnest(…)).
// The lineage test compares this with the model's `-- Reads:` header, so the header cannot drift from the SQL.
// It is a reader for the SQL of loaders/metrics/sql/, not a SQL parser: comments and string literals are removed
// first, then the words are scanned.

const CLAUSE_WORDS = new Set([
  "where", "group", "order", "having", "qualify", "window", "limit", "union", "except", "intersect", "on", "using",
  "join", "left", "right", "inner", "outer", "full", "cross", "natural", "positional", "asof", "anti", "semi",
  "lateral", "select", "from", "with", "as", "values"
]);

/** The SQL's words and punctuation, without comments and string literals ("quoted" names unquoted, lower case). */
export function sqlTokens(sql: string): string[] {
  const tokens: string[] = [];
  const pattern = /--[^\n]*|'(?:[^']|'')*'|"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_]*)|(\S)/g;
  for (const match of sql.matchAll(pattern)) {
    if (match[1] !== undefined) tokens.push(match[1].replaceAll('""', '"').toLowerCase());
    else if (match[2] !== undefined) tokens.push(match[2].toLowerCase());
    else if (match[3] !== undefined) tokens.push(match[3]);
    else if (match[0].startsWith("'")) tokens.push("'…'");
  }
  return tokens;
}

const isName = (token: string | undefined) => token !== undefined && /^[a-z_][a-z0-9_]*$/.test(token);

/** The index just after the parenthesis that closes the one at `open`. */
function afterClosing(tokens: string[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i] === "(") depth++;
    else if (tokens[i] === ")" && --depth === 0) return i + 1;
  }
  return tokens.length;
}

/** The names the SQL defines as CTEs (`name AS (`, `name(columns) AS (`), and window names (`WINDOW w AS (`). */
export function cteNames(tokens: string[]): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    if (!isName(tokens[i]) || CLAUSE_WORDS.has(tokens[i])) continue;
    let j = i + 1;
    if (tokens[j] === "(" && (tokens[i - 1] === "with" || tokens[i - 1] === ",")) j = afterClosing(tokens, j);
    if (tokens[j] === "as" && (tokens[j + 1] === "(" || (tokens[j + 1] === "materialized" && tokens[j + 2] === "("))) names.add(tokens[i]);
  }
  return names;
}

/** Every table name read after FROM / JOIN, CTE names included. */
export function fromNames(tokens: string[]): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== "from" && tokens[i] !== "join") continue;
    if (tokens[i - 1] === "distinct") continue; // IS [NOT] DISTINCT FROM: a comparison
    let j = i + 1;
    for (;;) {
      if (tokens[j] === "lateral") j++;
      if (tokens[j] === "(") {
        j = afterClosing(tokens, j); // a subquery: its own FROMs are found by the outer scan
      } else if (isName(tokens[j]) && !CLAUSE_WORDS.has(tokens[j])) {
        if (tokens[j + 1] === "(") j = afterClosing(tokens, j + 1); // a table function
        else names.add(tokens[j++]);
      } else {
        break;
      }
      // an alias, AS optional, with optional column names
      if (tokens[j] === "as") j++;
      if (isName(tokens[j]) && !CLAUSE_WORDS.has(tokens[j])) j++;
      if (tokens[j] === "(" && tokens[j - 1] !== ")") j = afterClosing(tokens, j);
      if (tokens[j] !== ",") break;
      j++;
    }
  }
  return names;
}

/** The tables the SQL reads: FROM / JOIN names that are not its own CTEs, sorted. */
export function tablesRead(sql: string): string[] {
  const tokens = sqlTokens(sql);
  const ctes = cteNames(tokens);
  return [...fromNames(tokens)].filter((name) => !ctes.has(name)).sort();
}
