/**
 * Quoting for SQL text sent or printed without parameters. The same rules as libpq's
 * PQescapeIdentifier / PQescapeLiteral; kept here so the modules that only build SQL text
 * (review, rendering) do not load the `pg` driver (~70 ms of start-up) just to quote a name.
 */

/** escapeIdentifier always quotes: `a"b` -> `"a""b"`. */
export function escapeIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * escapeLiteral quotes a string: quotes doubled; with a backslash, the backslashes are doubled
 * and the literal is an escape string (` E'...'`), which means the same whatever
 * `standard_conforming_strings` is.
 */
export function escapeLiteral(value: string): string {
  const quoted = value.replaceAll("'", "''");
  if (!value.includes('\\')) return `'${quoted}'`;
  return ` E'${quoted.replaceAll('\\', '\\\\')}'`;
}
