import type { Db } from '../db/db.js';
import { execStatements } from './exec-statements.js';
import {
  type MigrationSettings,
  migrationSettingsSql,
  resetMigrationSettingsSql,
} from './migration-settings.js';
import type { StatementRunner } from './no-transaction-retries.js';
import { SqlRunError } from './sql-run-error.js';
import type { SqlSource } from './sql-source.js';

/**
 * runWithoutTransaction runs a `-- dbward:no-transaction` section one statement at a time (what
 * CREATE INDEX CONCURRENTLY needs, and what PGlite needs, since it runs a multi-statement text as
 * one implicit transaction). `recordSql` (the history write) runs only when every statement
 * succeeded; it gets the elapsed milliseconds. Statements that succeeded before a failure stay.
 */
export async function runWithoutTransaction(
  db: Db,
  settings: MigrationSettings,
  source: SqlSource,
  recordSql: (elapsedMs: number) => string,
  runStatement?: StatementRunner,
): Promise<void> {
  const started = performance.now();
  await db.exec(migrationSettingsSql(settings, 'session'));
  try {
    const ran = await execStatements(db, source.sql, runStatement);
    try {
      await db.exec(recordSql(performance.now() - started));
    } catch (error) {
      throw new SqlRunError(error, null, ran);
    }
  } finally {
    await db.exec(resetMigrationSettingsSql(settings)).catch(() => {});
  }
}
