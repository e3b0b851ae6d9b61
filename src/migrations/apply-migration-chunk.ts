import { type ApplyIdentity, appliedRowOf } from './apply-one-migration.js';
import { failedStatementInSection } from './failed-statement.js';
import { historyInsertSql, historyTableName } from './history-table.js';
import { execChunk, takeChunk } from './migration-chunks.js';
import type { MigrationFile } from './migration-file-types.js';
import type { MigrationRunContext } from './migration-run-context.js';
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
  const error = await execChunk(db, transactions);
  let recorded: { rows: { id: string; duration_ms: number }[] };
  try {
    recorded = await db.query<{ id: string; duration_ms: number }>(
      `SELECT id::text AS id, duration_ms FROM ${historyTableName(settings.schema)} WHERE id = ANY($1::bigint[])`,
      [files.map((file) => String(file.id))],
    );
  } catch (readError) {
    return { applied: [], error: error ?? readError, complete: false, connectionLost: true, failedAt: null };
  }
  const durations = new Map(recorded.rows.map((row) => [Number(row.id), row.duration_ms]));
  const applied: ChunkOutcome['applied'] = [];
  for (const file of files) {
    const durationMs = durations.get(file.id);
    if (durationMs === undefined) break;
    applied.push({ file, durationMs });
  }
  const failed = batches[applied.length];
  const failedStart = transactions.slice(0, applied.length).reduce((sum, sql) => sum + sql.length, 0);
  return {
    applied,
    error,
    complete: error === null && applied.length === files.length,
    connectionLost: false,
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
