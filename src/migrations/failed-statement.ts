import { completedStatementsBefore } from '../db/completed-statements.js';
import { splitStatements } from './split-statements.js';
import { loadSqlParser } from './sql-parser.js';

/**
 * failedStatementInSection is the JS index, in a section of `script`, of the statement that
 * stopped the script: the one after those the server completed (when the driver counted them).
 * `sectionStart` and `sectionLength` are the section's JS range in `script`. Null when the count
 * is unknown or the failed statement is not in the section (the history write, the COMMIT).
 *
 * A failure without a server position (a statement or lock timeout, a unique violation while
 * an index builds) then names its statement without running anything again: the script is
 * split with the same parser the server uses, so its statements are the server's.
 */
export async function failedStatementInSection(
  error: unknown,
  script: string,
  sectionStart: number,
  sectionLength: number,
): Promise<number | null> {
  const completed = completedStatementsBefore(error);
  if (completed === null) return null;
  await loadSqlParser();
  const split = splitStatements(script);
  const offset = split.ok ? split.statements[completed]?.offset : undefined;
  if (offset === undefined || offset < sectionStart || offset >= sectionStart + sectionLength) return null;
  return offset - sectionStart;
}
