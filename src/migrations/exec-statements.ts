import type { DbSession } from '../db/db.js';
import { pgErrorDetails } from '../db/pg-error-details.js';
import type { StatementRunner } from './no-transaction-retries.js';
import { splitStatements } from './split-statements.js';
import { loadSqlParser } from './sql-parser.js';
import { positionInText, SqlRunError } from './sql-run-error.js';

/**
 * execStatements splits `sql` with the real parser and runs its statements one at a time, each
 * through `runStatement` (default: as it is). A failure is a SqlRunError at the failing statement
 * (at the server's position inside it, if any) that knows how many ran before it. Returns how
 * many statements ran.
 */
export async function execStatements(
  session: DbSession,
  sql: string,
  runStatement: StatementRunner = async (statement) => {
    await session.exec(statement.sql);
  },
): Promise<number> {
  await loadSqlParser();
  const split = splitStatements(sql);
  if (!split.ok) throw new SqlRunError(new Error(split.error.message), split.error.offset);
  for (const [index, statement] of split.statements.entries()) {
    try {
      await runStatement(statement);
    } catch (error) {
      const position = pgErrorDetails(error)?.position ?? null;
      const inside = positionInText(position, statement.sql, 0, Number.POSITIVE_INFINITY);
      throw new SqlRunError(error, statement.offset + (inside ?? 0), index);
    }
  }
  return split.statements.length;
}
