import type { Node } from 'libpg-query';
import { concurrentOperation } from './concurrent-operation.js';
import { type MigrationRunContext, withRetries } from './migration-run-context.js';
import type { LockRetryOutcome } from './retry-on-lock-timeout.js';
import type { SplitStatement } from './split-statements.js';

/** A statement as the runner gets it: its text and parse tree (the section is already split). */
export type StatementRunner = (statement: Pick<SplitStatement, 'sql' | 'ast'>) => Promise<void>;

/**
 * leavesWorkBehindOnTimeout: builds that can stop half-way on a lock timeout. CREATE INDEX
 * CONCURRENTLY leaves an INVALID index (status and verify report it with the statement to drop
 * it), REINDEX CONCURRENTLY and DETACH PARTITION CONCURRENTLY similar leftovers; running them again
 * would fail or pile up. (DROP INDEX CONCURRENTLY can simply run again.)
 */
function leavesWorkBehindOnTimeout(ast: Node): boolean {
  const operation = concurrentOperation(ast);
  return operation !== null && operation !== 'DROP INDEX CONCURRENTLY';
}

/**
 * runNoTransactionStep runs one `-- dbward:no-transaction` migration step (apply or roll back)
 * once, giving `step` a statement runner that retries a statement hitting a lock timeout
 * (SQLSTATE 55P03) on its own, with the configured backoff: outside a transaction the statements
 * before it have already committed, so re-running the whole step would run them twice. A
 * statement that leaves work behind when it times out (see above) is not retried. The outcome's
 * attempts are those of the last statement run.
 */
export async function runNoTransactionStep(
  context: MigrationRunContext,
  file: string,
  step: (runStatement: StatementRunner) => Promise<void>,
): Promise<LockRetryOutcome<void>> {
  let attempts = 1;
  try {
    await step(async (statement) => {
      attempts = 1;
      if (leavesWorkBehindOnTimeout(statement.ast)) {
        await context.db.exec(statement.sql);
        return;
      }
      const outcome = await withRetries(
        context,
        file,
        async () => {
          await context.db.exec(statement.sql);
        },
        undefined,
        'statement',
      );
      attempts = outcome.attempts;
      if (!outcome.ok) throw outcome.error;
    });
    return { ok: true, value: undefined, attempts };
  } catch (error) {
    return { ok: false, error, attempts };
  }
}
