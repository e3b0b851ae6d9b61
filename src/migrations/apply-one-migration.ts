import { type HistoryRowValues, historyInsertSql } from './history-table.js';
import { loadMigrationModule } from './load-migration-module.js';
import type { MigrationFile } from './migration-file-types.js';
import { type MigrationRunContext, withRetries } from './migration-run-context.js';
import { migrationSettingsSql } from './migration-settings.js';
import type { LockRetryOutcome } from './retry-on-lock-timeout.js';
import { runInTransaction } from './run-in-transaction.js';
import { runWithoutTransaction } from './run-without-transaction.js';
import { SqlRunError } from './sql-run-error.js';
import { fileSectionSource, type SqlSource } from './sql-source.js';

export interface ApplyIdentity {
  /** OS side of applied_by. */
  appliedVia: string;
  forcedReason: string | null;
}

/** appliedRowOf is the history row of a file applied now. */
export function appliedRowOf(
  file: MigrationFile,
  identity: ApplyIdentity,
  durationMs: number | null,
): HistoryRowValues {
  return {
    id: file.id,
    name: file.name,
    file: file.path,
    checksum: file.checksum,
    downSql: file.down?.sql ?? null,
    noTransaction: file.noTransaction,
    kind: 'applied',
    durationMs,
    appliedVia: identity.appliedVia,
    forcedReason: identity.forcedReason,
  };
}

/** sourceOfUp is the up section to run, or null for a TypeScript migration. */
export function sourceOfUp(file: MigrationFile): SqlSource | null {
  return file.up === null ? null : fileSectionSource(file, file.up);
}

/**
 * applyOneMigration runs a migration's up part and writes its history row: SQL in one transaction
 * with the row, no-transaction SQL statement by statement then the row, TypeScript `up(db)` in a
 * transaction with the row. Throws on failure (nothing of a transactional migration stays).
 */
export async function applyOneMigration(
  context: MigrationRunContext,
  file: MigrationFile,
  identity: ApplyIdentity,
  runStatement?: (statementSql: string) => Promise<void>,
): Promise<void> {
  const { db, settings } = context;
  const row = (durationMs: number | null) =>
    historyInsertSql(settings.schema, appliedRowOf(file, identity, durationMs));

  if (file.format === 'ts') {
    const module = await loadMigrationModule(file.absolutePath, file.path, 'apply');
    const started = performance.now();
    try {
      await db.transaction(async (tx) => {
        await tx.exec(migrationSettingsSql(settings, 'local'));
        await module.up(tx);
        await tx.exec(row(performance.now() - started));
      });
    } catch (error) {
      throw new SqlRunError(error, null);
    }
    return;
  }

  const source = sourceOfUp(file);
  if (source === null) throw new SqlRunError(new Error('no "-- migrate:up" section'), null);
  if (file.noTransaction)
    await runWithoutTransaction(db, settings, source, (elapsedMs) => row(elapsedMs), runStatement);
  else await runInTransaction(db, settings, source, row(null));
}

// Builds that can stop half-way on a lock timeout: CREATE INDEX CONCURRENTLY leaves an INVALID
// index behind (status and verify report it with the statement to drop it), REINDEX CONCURRENTLY
// and DETACH PARTITION CONCURRENTLY similar leftovers. Running them again would fail or pile up.
const LEAVES_WORK_BEHIND_ON_TIMEOUT =
  /^(?:create\s+(?:unique\s+)?index\s+concurrently|reindex\b[\s\S]*\bconcurrently|alter\s+table\b[\s\S]*\bdetach\s+partition\b[\s\S]*\bconcurrently)\b/i;

/**
 * applyNoTransactionMigration applies a `-- dbward:no-transaction` migration once, retrying a
 * statement that hits a lock timeout (SQLSTATE 55P03) on its own, with the configured backoff:
 * outside a transaction the statements before it have already committed, so re-running the whole
 * migration would run them twice. A statement that leaves work behind when it times out (see
 * above) is not retried.
 */
export async function applyNoTransactionMigration(
  context: MigrationRunContext,
  file: MigrationFile,
  identity: ApplyIdentity,
): Promise<LockRetryOutcome<void>> {
  let attempts = 1;
  try {
    await applyOneMigration(context, file, identity, async (statementSql) => {
      attempts = 1;
      if (LEAVES_WORK_BEHIND_ON_TIMEOUT.test(statementSql)) {
        await context.db.exec(statementSql);
        return;
      }
      const outcome = await withRetries(context, file.path, async () => {
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
