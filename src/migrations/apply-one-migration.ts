import { type HistoryRowValues, historyInsertSql } from './history-table.js';
import { loadMigrationModule } from './load-migration-module.js';
import type { MigrationFile } from './migration-file-types.js';
import type { MigrationRunContext } from './migration-run-context.js';
import { migrationSettingsSql } from './migration-settings.js';
import { runNoTransactionStep } from './no-transaction-retries.js';
import type { LockRetryOutcome } from './retry-on-lock-timeout.js';
import { type MigrationRunOptions, runInTransaction } from './run-in-transaction.js';
import { runMigrationFunction } from './run-migration-function.js';
import { runWithoutTransaction } from './run-without-transaction.js';
import { SqlRunError } from './sql-run-error.js';
import { fileSectionSource, type SqlSource } from './sql-source.js';
import { checkedMigrationModule } from './typescript-migration-preflight.js';

export interface ApplyIdentity {
  /** OS side of applied_by. */
  appliedVia: string;
  forcedReason: string | null;
  /**
   * The files (project-relative paths) the reason was given for: those whose review errors were
   * forced through. Null: every file applied in the run (no review said which).
   */
  forcedFiles?: ReadonlySet<string> | null;
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
    forcedReason:
      identity.forcedFiles === undefined ||
      identity.forcedFiles === null ||
      identity.forcedFiles.has(file.path)
        ? identity.forcedReason
        : null,
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
  options: MigrationRunOptions = {},
): Promise<void> {
  const { db, settings } = context;
  const row = (durationMs: number | null) =>
    historyInsertSql(settings.schema, appliedRowOf(file, identity, durationMs));

  if (file.format === 'ts') {
    // The module the pre-flight of `up` loaded, so the code that was checked is the code that runs.
    const module =
      checkedMigrationModule(file) ?? (await loadMigrationModule(file.absolutePath, file.path, 'apply'));
    const started = performance.now();
    try {
      await db.transaction(async (tx) => {
        await tx.exec(migrationSettingsSql(settings, 'local'));
        await runMigrationFunction(tx, (session) => module.up(session));
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
    await runWithoutTransaction(db, settings, source, (elapsedMs) => row(elapsedMs), options.runStatement);
  else await runInTransaction(db, settings, source, row(null), options);
}

/** applyNoTransactionMigration applies a no-transaction migration, retrying statements, not the file. */
export function applyNoTransactionMigration(
  context: MigrationRunContext,
  file: MigrationFile,
  identity: ApplyIdentity,
): Promise<LockRetryOutcome<void>> {
  return runNoTransactionStep(context, file.path, (runStatement) =>
    applyOneMigration(context, file, identity, { runStatement }),
  );
}
