import { completedStatementsBefore } from '../db/completed-statements.js';
import { type ApplyIdentity, appliedRowOf } from './apply-one-migration.js';
import { failedStatementInSection } from './failed-statement.js';
import { historyInsertSql, historyTableName } from './history-table.js';
import { execChunk, takeChunk } from './migration-chunks.js';
import type { MigrationFile } from './migration-file-types.js';
import type { MigrationRunContext } from './migration-run-context.js';
import { splitStatements } from './split-statements.js';
import { loadSqlParser } from './sql-parser.js';
import { transactionBatch } from './transaction-batch.js';

/** chunkable: a SQL migration that runs in a transaction (TypeScript and no-transaction ones run alone). */
export function isChunkable(file: MigrationFile): boolean {
  return file.format === 'sql' && !file.noTransaction && file.up !== null;
}

/** nextChunk takes the chunkable migrations from the front of `files`. */
export function nextChunk(files: readonly MigrationFile[]): MigrationFile[] {
  return takeChunk(files, (file) => (isChunkable(file) ? (file.up?.sql ?? '') : null));
}

export interface ChunkOutcome {
  /** Applied, in order, with the duration the server measured. */
  applied: { file: MigrationFile; durationMs: number }[];
  /** False when a migration failed: the ones after `applied` did not run. */
  complete: boolean;
  /** What stopped the chunk, or null. */
  error: unknown;
  /** The history could not be read after the failure: the connection is gone; report `error`. */
  connectionLost: boolean;
  /** JS index, in the failed migration's up SQL, of the statement that failed, when the driver told. */
  failedAt: number | null;
}

/**
 * applyMigrationChunk sends several migrations in one round trip, each still its own transaction
 * with its history row (`BEGIN ... COMMIT` one after the other). The server stops at the first
 * error; the history then tells which committed. The caller re-runs the failed one on its own to
 * report it precisely (or to retry a lock timeout): it was rolled back, so that is safe.
 */
export async function applyMigrationChunk(
  context: MigrationRunContext,
  files: readonly MigrationFile[],
  identity: ApplyIdentity,
): Promise<ChunkOutcome> {
  const { db, settings } = context;
  const batches = files.map((file) => {
    const row = historyInsertSql(settings.schema, appliedRowOf(file, identity, null));
    return transactionBatch(settings, file.up?.sql ?? '', row);
  });
  const transactions = batches.map((batch) => batch.sql);
  const started = performance.now();
  const error = await execChunk(db, transactions);
  let recorded: { rows: { id: string; duration_ms: number }[] } | null = null;
  try {
    recorded = await db.query<{ id: string; duration_ms: number }>(
      `SELECT id::text AS id, duration_ms FROM ${historyTableName(settings.schema)} WHERE id = ANY($1::bigint[])`,
      [files.map((file) => String(file.id))],
    );
  } catch (readError) {
    if (error === null) return lostOutcome([], readError);
  }
  const applied: ChunkOutcome['applied'] = [];
  if (recorded === null) {
    // The connection is gone, so the history cannot tell: the statements the server completed
    // can. A transaction whose COMMIT completed is applied; the one running was rolled back.
    const committed = await transactionsCommitted(error, transactions);
    const durationMs = (performance.now() - started) / Math.max(1, committed + 1);
    for (const file of files.slice(0, committed)) applied.push({ file, durationMs });
  } else {
    const durations = new Map(recorded.rows.map((row) => [Number(row.id), row.duration_ms]));
    for (const file of files) {
      const durationMs = durations.get(file.id);
      if (durationMs === undefined) break;
      applied.push({ file, durationMs });
    }
  }
  const failed = batches[applied.length];
  const failedStart = transactions.slice(0, applied.length).reduce((sum, sql) => sum + sql.length, 0);
  return {
    applied,
    error,
    complete: error === null && applied.length === files.length,
    connectionLost: recorded === null,
    failedAt:
      error === null || failed === undefined
        ? null
        : await failedStatementInSection(
            error,
            transactions.join(''),
            failedStart + failed.sectionOffset,
            files[applied.length]?.up?.sql.length ?? 0,
          ),
  };
}

function lostOutcome(applied: ChunkOutcome['applied'], error: unknown): ChunkOutcome {
  return { applied, error, complete: false, connectionLost: true, failedAt: null };
}

/**
 * transactionsCommitted counts the transactions of a script, from the front, whose every
 * statement (their COMMIT last) the server completed before `error`; 0 when the driver did not
 * count. A connection lost while a COMMIT's reply was on its way makes that one look rolled back.
 */
async function transactionsCommitted(error: unknown, transactions: readonly string[]): Promise<number> {
  const completed = completedStatementsBefore(error);
  if (completed === null) return 0;
  await loadSqlParser();
  let statements = 0;
  let committed = 0;
  for (const sql of transactions) {
    const split = splitStatements(sql);
    if (!split.ok) break;
    statements += split.statements.length;
    if (statements > completed) break;
    committed++;
  }
  return committed;
}
