import { splitStatements } from './split-statements.js';
import { loadSqlParser } from './sql-parser.js';
import { SqlRunError } from './sql-run-error.js';

/**
 * onlyStatementOffset is where the only statement of `sql` starts; null when it has several (or
 * none, or does not parse). A failure the server gives no position for (a statement timeout, a
 * constraint violation) can only be in that statement: naming it needs neither a replay nor a
 * second run of a slow statement.
 */
export async function onlyStatementOffset(sql: string): Promise<number | null> {
  await loadSqlParser();
  const split = splitStatements(sql);
  return split.ok && split.statements.length === 1 ? (split.statements[0]?.offset ?? null) : null;
}

/**
 * withOnlyStatementPosition is a chunk's failure as the failing migration's own error, pointing at
 * the statement the chunk found failed (`failedAt`), else, when its SQL has a single statement, at
 * that one (a failure that is not run again, such as a statement timeout, otherwise names only
 * the file).
 */
export async function withOnlyStatementPosition(
  error: unknown,
  sql: string | null,
  failedAt: number | null,
): Promise<unknown> {
  if (error instanceof SqlRunError) return error;
  if (failedAt !== null) return new SqlRunError(error, failedAt);
  if (sql === null) return error;
  const offset = await onlyStatementOffset(sql);
  return offset === null ? error : new SqlRunError(error, offset);
}
