import { completedStatementsBefore } from '../db/completed-statements.js';
import type { Db } from '../db/db.js';
import { pgErrorDetails } from '../db/pg-error-details.js';
import { execStatements } from './exec-statements.js';
import { failedStatementInSection } from './failed-statement.js';
import { type MigrationSettings, migrationSettingsSql } from './migration-settings.js';
import type { StatementRunner } from './no-transaction-retries.js';
import { onlyStatementOffset } from './only-statement-offset.js';
import { positionInText, SqlRunError } from './sql-run-error.js';
import type { SqlSource } from './sql-source.js';
import { transactionBatch } from './transaction-batch.js';

/** How a transactional section goes to the server. */
export interface TransactionRunOptions {
  /**
   * Send the statements one at a time (still one transaction): a failure without a server
   * position, such as a lock timeout, then names its statement. Used for the retries after a lock
   * timeout, which cannot be located by replaying: the replay would only wait for the lock again.
   */
  statementByStatement?: boolean;
}

/** How one migration's SQL runs; `runStatement` is for no-transaction migrations (their retries). */
export interface MigrationRunOptions extends TransactionRunOptions {
  runStatement?: StatementRunner;
}

/**
 * runInTransaction runs a section and its history write as one transaction in one round trip.
 * On failure it rolls back and throws a SqlRunError pointing at the failing spot: from the
 * server's error position; when the error has none (a constraint violation, a statement
 * timeout), at the statement after those the server completed (node-postgres counts them), at
 * the section's only statement, or else (PGlite) by replaying the statements one by one in a
 * transaction that is rolled back (not for timeouts, which would only wait again).
 */
export async function runInTransaction(
  db: Db,
  settings: MigrationSettings,
  source: SqlSource,
  historySql: string,
  options: TransactionRunOptions = {},
): Promise<void> {
  if (options.statementByStatement) return runStatementByStatement(db, settings, source, historySql);
  const batch = transactionBatch(settings, source.sql, historySql);
  try {
    await db.exec(batch.sql);
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => {});
    const details = pgErrorDetails(error);
    if (details === null) throw new SqlRunError(error, null);
    const counted = await failedStatementInSection(error, batch.sql, batch.sectionOffset, source.sql.length);
    const offset =
      positionInText(details.position, source.sql, batch.sectionStart, batch.sectionLength) ??
      counted ??
      (await onlyStatementOffset(source.sql)) ??
      (isReplayable(details.sqlState) && completedStatementsBefore(error) === null
        ? await locateFailingStatement(db, settings, source)
        : null);
    throw new SqlRunError(error, offset);
  }
}

async function runStatementByStatement(
  db: Db,
  settings: MigrationSettings,
  source: SqlSource,
  historySql: string,
): Promise<void> {
  try {
    await db.exec(`BEGIN;\n${migrationSettingsSql(settings, 'local')}`);
    await execStatements(db, source.sql);
    await db.exec(`${historySql};\nCOMMIT;`);
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => {});
    throw error instanceof SqlRunError ? error : new SqlRunError(error, null);
  }
}

/** A lock timeout or a cancelled statement would only wait again; a replay cannot locate it better. */
function isReplayable(sqlState: string): boolean {
  return (
    sqlState !== '55P03' && sqlState !== '57014' && !sqlState.startsWith('08') && !sqlState.startsWith('57P')
  );
}

/**
 * locateFailingStatement replays the section statement by statement inside a transaction that is
 * always rolled back, and returns the JS index of the first statement that fails (or of the
 * server's position inside it); null when every statement succeeds on replay.
 */
async function locateFailingStatement(
  db: Db,
  settings: MigrationSettings,
  source: SqlSource,
): Promise<number | null> {
  try {
    await db.exec(`BEGIN;\n${migrationSettingsSql(settings, 'local')}`);
    await execStatements(db, source.sql);
    return null;
  } catch (error) {
    return error instanceof SqlRunError ? error.offset : null;
  } finally {
    await db.exec('ROLLBACK').catch(() => {});
  }
}
