import type { DbSession } from '../db/db.js';
import { historyTableName } from './history-table.js';
import { splitStatements } from './split-statements.js';
import { loadSqlParser } from './sql-parser.js';

/**
 * The first line of a stored down SQL that a no-transaction rollback left part done: the
 * statements before the failed one were removed from it, so the next `down` continues at the
 * failed one instead of failing at the first (whose object is already gone). A comment, so the
 * rest is still the SQL to run.
 */
export const PARTLY_ROLLED_BACK_MARK = '-- dbward: partly rolled back';

/** isPartlyRolledBack tells a stored down SQL that an earlier rollback left part done. */
export function isPartlyRolledBack(downSql: string | null): boolean {
  return downSql?.startsWith(PARTLY_ROLLED_BACK_MARK) === true;
}

/**
 * keepRemainingDownSql stores, as the migration's down SQL, the statements of `downSql` from the
 * one at index `done` on (the failed one), after the mark. False when there is nothing left to
 * keep or the history could not be updated (the connection is gone, say): then the stored down
 * SQL is as it was.
 */
export async function keepRemainingDownSql(
  db: DbSession,
  schema: string,
  id: number,
  downSql: string,
  done: number,
): Promise<boolean> {
  await loadSqlParser();
  const split = splitStatements(downSql);
  const failed = split.ok ? split.statements[done] : undefined;
  if (failed === undefined || done === 0) return false;
  const remaining = `${PARTLY_ROLLED_BACK_MARK} (${done} statement${done === 1 ? '' : 's'} done ${new Date().toISOString()})\n${downSql.slice(failed.offset)}`;
  try {
    await db.query(`UPDATE ${historyTableName(schema)} SET down_sql = $1 WHERE id = $2`, [remaining, id]);
    return true;
  } catch {
    return false;
  }
}
