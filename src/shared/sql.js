// SQL literals for values that come from readers (the URL, filter inputs): a quote in a name
// can never end the string early. For values in a query that is not built from parts, db.query's
// params (prepared statement placeholders) do the same.

/** A SQL string literal: O'Neil → 'O''Neil'. Numbers, booleans and null become SQL literals too. */
export function sqlString(value) {
  if (value == null) return "NULL";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return `'${value.toISOString()}'`;
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** A parenthesised SQL list for IN: ["S", "A"] → ('S', 'A'); an empty list → (NULL), which matches nothing. */
export function sqlList(values) {
  const literals = Array.from(values, sqlString);
  return `(${literals.length ? literals.join(", ") : "NULL"})`;
}
