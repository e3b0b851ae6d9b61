import { pgErrorDetails } from '../db/pg-error-details.js';
import type { AppliedMigration } from './applied-migration.js';
import { failedStatementInSection } from './failed-statement.js';
import { historyDeleteSql, historyTableName } from './history-table.js';
import { takeChunk } from './migration-chunks.js';
import type { MigrationRunContext } from './migration-run-context.js';
import { migrationSettingsSql } from './migration-settings.js';

/**
 * nextRollbackChunk takes the rows from the front whose stored down SQL can share a transaction:
 * not a no-transaction or TypeScript migration, and only plain DDL. A down section that runs code
 * or changes data (SELECT, CALL, DO, DML: a function or trigger may `set_config(..., true)`) or
 * settings (SET, RESET, LOCAL, SET CONSTRAINTS), or names dbward's savepoint, could change what
 * the rows after it see for the rest of the transaction, so it runs alone, in a transaction of
 * its own. Read from the text (words in comments and strings count too: that only costs speed).
 */
export function nextRollbackChunk(rows: readonly AppliedMigration[]): AppliedMigration[] {
  return takeChunk(rows, (row) =>
    row.noTransaction || row.file.endsWith('.ts') || row.downSql === null || mayAffectLaterRows(row.downSql)
      ? null
      : row.downSql,
  );
}

const NOT_PLAIN_DDL =
  /\b(?:select|call|do|perform|execute|insert|update|delete|merge|copy|reset|local|set_config|constraints|dbward_rollback_step)\b|(?:^|;)\s*set\b/i;

function mayAffectLaterRows(sql: string): boolean {
  return NOT_PLAIN_DDL.test(sql);
}

export interface RollbackChunkOutcome {
  /** Rolled back, in order; a chunk's migrations share its elapsed time evenly. */
  rolledBack: { row: AppliedMigration; durationMs: number }[];
  complete: boolean;
  /**
   * What stopped the row after `rolledBack`, or null: none, or the round trip was undone as a
   * whole at COMMIT without telling which row failed, so that row runs alone from scratch.
   */
  error: unknown;
  /** The connection failed: nothing more can be asked of it, `error` is the failure to report. */
  connectionLost: boolean;
  /** JS index, in the failed row's down SQL, of the statement that failed, when the driver told. */
  failedAt: number | null;
}

/** The savepoint around each migration of a chunk; a name a migration is unlikely to use. */
const STEP_SAVEPOINT = 'dbward_rollback_step';

/**
 * rollbackMigrationChunk runs the stored down SQL of several migrations in one round trip and one
 * transaction, each migration inside a savepoint together with the removal of its history row.
 *
 * Why one transaction: a transaction that drops a relation's files (DROP TABLE, DROP INDEX, what
 * most down sections do) always waits for its commit to reach disk, whatever synchronous_commit
 * says, so a transaction per migration costs one disk flush per migration. The outcome is the one
 * of a transaction per migration: when migration k fails, the transaction is rolled back to k's
 * savepoint and the migrations before it are committed, each with its history row removed; the
 * history then tells which were rolled back, and the caller re-runs the failed one alone (in a
 * transaction of its own, with the lock-timeout retries) to report it precisely. A failure at
 * COMMIT (a deferred constraint) rolls back the whole chunk, and the caller goes on one
 * migration at a time from its first. dbward's settings are set again inside every savepoint, so
 * a migration's own `SET` of search_path or a timeout does not reach the next one.
 */
export async function rollbackMigrationChunk(
  context: MigrationRunContext,
  rows: readonly AppliedMigration[],
): Promise<RollbackChunkOutcome> {
  const { db, settings } = context;
  const started = performance.now();
  const settingsSql = migrationSettingsSql(settings, 'local');
  const stepHead = `SAVEPOINT ${STEP_SAVEPOINT};\n${settingsSql}\n`;
  const steps = rows.map(
    (row) =>
      `${stepHead}${row.downSql ?? ''}\n;\n${historyDeleteSql(settings.schema, row.id)};\nRELEASE SAVEPOINT ${STEP_SAVEPOINT};\n`,
  );
  const head = `BEGIN;\n${settingsSql}\n`;
  const script = `${head}${steps.join('')}COMMIT;\n`;
  let error: unknown = null;
  try {
    await db.exec(script);
  } catch (failure) {
    error = failure ?? new Error('the chunk failed');
    try {
      // Keep the migrations before the failed one, as separate transactions would have.
      await db.exec(`ROLLBACK TO SAVEPOINT ${STEP_SAVEPOINT};\nCOMMIT;`);
    } catch (recovery) {
      // The COMMIT failed (a deferred constraint of an earlier row) or there was no savepoint
      // (the failure was the COMMIT itself): the whole round trip is undone and which row failed
      // is unknown. An error with no SQLSTATE is the connection's.
      if (pgErrorDetails(recovery) === null) return lost(error);
      await db.exec('ROLLBACK').catch(() => {});
      return { rolledBack: [], error: null, complete: false, connectionLost: false, failedAt: null };
    }
  }
  const elapsed = performance.now() - started;
  let done: AppliedMigration[];
  try {
    done = error === null ? [...rows] : await rolledBackBeforeFailure(context, rows);
  } catch {
    return lost(error);
  }
  const failedStart = head.length + steps.slice(0, done.length).reduce((sum, step) => sum + step.length, 0);
  return {
    rolledBack: done.map((row) => ({ row, durationMs: elapsed / Math.max(1, done.length) })),
    error,
    complete: error === null && done.length === rows.length,
    connectionLost: false,
    failedAt:
      error === null || done.length >= rows.length
        ? null
        : await failedStatementInSection(
            error,
            script,
            failedStart + stepHead.length,
            rows[done.length]?.downSql?.length ?? 0,
          ),
  };
}

function lost(error: unknown): RollbackChunkOutcome {
  return { rolledBack: [], error, complete: false, connectionLost: true, failedAt: null };
}

/** rolledBackBeforeFailure: the rows from the front whose history row is gone (their rollback committed). */
async function rolledBackBeforeFailure(
  context: MigrationRunContext,
  rows: readonly AppliedMigration[],
): Promise<AppliedMigration[]> {
  const remaining = await context.db.query<{ id: string }>(
    `SELECT id::text AS id FROM ${historyTableName(context.settings.schema)} WHERE id = ANY($1::bigint[])`,
    [rows.map((row) => String(row.id))],
  );
  const stillApplied = new Set(remaining.rows.map((row) => Number(row.id)));
  const done: AppliedMigration[] = [];
  for (const row of rows) {
    if (stillApplied.has(row.id)) break;
    done.push(row);
  }
  return done;
}
