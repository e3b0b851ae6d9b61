/**
 * sqlWithoutStatements: text holding nothing to run, only blanks, semicolons and comments (an
 * empty `-- migrate:down` section, as dbmate's template leaves it). No parser needed: any string,
 * identifier or keyword left after removing comments is a statement.
 */
export function sqlWithoutStatements(sql: string | null): boolean {
  if (sql === null) return true;
  const withoutComments = sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  return /^[\s;]*$/.test(withoutComments);
}
