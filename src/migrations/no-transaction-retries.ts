import { type MigrationRunContext, withRetries } from './migration-run-context.js';
import type { LockRetryOutcome } from './retry-on-lock-timeout.js';

// Builds that can stop half-way on a lock timeout: CREATE INDEX CONCURRENTLY leaves an INVALID
// index behind (status and verify report it with the statement to drop it), REINDEX CONCURRENTLY
// and DETACH PARTITION CONCURRENTLY similar leftovers. Running them again would fail or pile up.
const LEAVES_WORK_BEHIND_ON_TIMEOUT =
  /^(?:create\s+(?:unique\s+)?index\s+concurrently|reindex\b[\s\S]*\bconcurrently|alter\s+table\b[\s\S]*\bdetach\s+partition\b[\s\S]*\bconcurrently)\b/i;

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
  step: (runStatement: (statementSql: string) => Promise<void>) => Promise<void>,
): Promise<LockRetryOutcome<void>> {
  let attempts = 1;
  try {
    await step(async (statementSql) => {
      attempts = 1;
      if (LEAVES_WORK_BEHIND_ON_TIMEOUT.test(statementSql)) {
        await context.db.exec(statementSql);
        return;
      }
      const outcome = await withRetries(context, file, async () => {
        await context.db.exec(statementSql);
      });
      attempts = outcome.attempts;
      if (!outcome.ok) throw outcome.error;
    });
    return { ok: true, value: undefined, attempts };
  } catch (error) {
    return { ok: false, error, attempts };
  }
}
