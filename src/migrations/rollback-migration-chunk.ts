import type { AppliedMigration } from './applied-migration.js';
import { historyDeleteSql, historyTableName } from './history-table.js';
import { execChunk, takeChunk } from './migration-chunks.js';
import type { MigrationRunContext } from './migration-run-context.js';
import { transactionBatch } from './transaction-batch.js';

/** nextRollbackChunk takes the rows from the front whose stored down SQL runs in a transaction. */
export function nextRollbackChunk(rows: readonly AppliedMigration[]): AppliedMigration[] {
  return takeChunk(rows, (row) => (row.noTransaction || row.file.endsWith('.ts') ? null : row.downSql));
}

export interface RollbackChunkOutcome {
  /** Rolled back, in order; a chunk's migrations share its elapsed time evenly. */
  rolledBack: { row: AppliedMigration; durationMs: number }[];
  complete: boolean;
  /** What stopped the chunk, or null. */
  error: unknown;
}

/**
 * rollbackMigrationChunk runs the stored down SQL of several migrations in one round trip, each
 * in its own transaction with the removal of its history row. On an error the history tells which
 * were rolled back; the caller re-runs the failed one alone to report it precisely.
 */
export async function rollbackMigrationChunk(
  context: MigrationRunContext,
  rows: readonly AppliedMigration[],
): Promise<RollbackChunkOutcome> {
  const { db, settings } = context;
  const started = performance.now();
  const error = await execChunk(
    db,
    rows.map(
      (row) => transactionBatch(settings, row.downSql ?? '', historyDeleteSql(settings.schema, row.id)).sql,
    ),
  );
  const elapsed = performance.now() - started;
  const remaining = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM ${historyTableName(settings.schema)} WHERE id = ANY($1::bigint[])`,
    [rows.map((row) => String(row.id))],
  );
  const stillApplied = new Set(remaining.rows.map((row) => Number(row.id)));
  const done: AppliedMigration[] = [];
  for (const row of rows) {
    if (stillApplied.has(row.id)) break;
    done.push(row);
  }
  return {
    rolledBack: done.map((row) => ({ row, durationMs: elapsed / Math.max(1, done.length) })),
    error,
    complete: error === null && done.length === rows.length,
  };
}
