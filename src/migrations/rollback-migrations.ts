import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import { DbwardError } from '../errors/dbward-error.js';
import type { AppliedMigration } from './applied-migration.js';
import { describeMigrationFailure } from './describe-migration-failure.js';
import { historyDeleteSql, readAppliedMigrations } from './history-table.js';
import { loadMigrationModule } from './load-migration-module.js';
import { isWorthRerunning } from './migration-chunks.js';
import type { MigrationFailure } from './migration-failure.js';
import { matchesAppliedChecksum } from './migration-file-reads.js';
import type { ProgressListener } from './migration-progress.js';
import {
  type MigrationRunContext,
  migrationLockName,
  migrationRunContext,
  serverTraits,
  withRetries,
} from './migration-run-context.js';
import { DURABILITY_BARRIER_SQL, migrationSettingsSql } from './migration-settings.js';
import { runNoTransactionStep } from './no-transaction-retries.js';
import { withOnlyStatementPosition } from './only-statement-offset.js';
import { isPartlyRolledBack, keepRemainingDownSql } from './partly-rolled-back.js';
import { type DownSectionFile, readDownSections } from './read-down-sections.js';
import { isLockTimeout } from './retry-on-lock-timeout.js';
import { nextRollbackChunk, rollbackMigrationChunk } from './rollback-migration-chunk.js';
import { type MigrationRunOptions, runInTransaction } from './run-in-transaction.js';
import { runMigrationFunction } from './run-migration-function.js';
import { runWithoutTransaction } from './run-without-transaction.js';
import { findService } from './select-services.js';
import { SqlRunError } from './sql-run-error.js';
import { fileSectionSource, type SqlSource, storedSqlSource } from './sql-source.js';
import { sqlWithoutStatements } from './sql-without-statements.js';

export interface RollbackOptions {
  service: string;
  /** Roll back this many of the newest migrations (default 1). */
  count?: number;
  /** Roll back every migration with an id above this one; 0 empties the service. */
  to?: number;
  dryRun?: boolean;
  onProgress?: ProgressListener;
}

export interface RolledBackStep {
  id: number;
  name: string;
  file: string;
  durationMs: number;
  attempts: number;
}

export interface RollbackResult {
  service: string;
  schema: string;
  rolledBack: RolledBackStep[];
  /** Ids that were to be rolled back, newest first (all of them for a dry run). */
  planned: number[];
  /** Down SQL that differs from the file now, files that are gone: the stored SQL ran anyway. */
  warnings: string[];
  failure: MigrationFailure | null;
  dryRun: boolean;
  totalMs: number;
}

/**
 * cannotRollBack is the failure for the first target with no down SQL to run (none, or only
 * comments): refused before anything is rolled back, so a run does not stop halfway at a
 * migration that cannot be undone, nor drop the history row of one whose down does nothing.
 */
function cannotRollBack(
  targets: readonly AppliedMigration[],
  service: string,
  lockTimeoutMs: number,
): MigrationFailure | null {
  const stuck = targets.find((row) => !row.file.endsWith('.ts') && sqlWithoutStatements(row.downSql));
  if (stuck === undefined) return null;
  return describeMigrationFailure(noDownError(stuck), {
    action: 'roll back',
    service,
    id: stuck.id,
    file: stuck.file,
    source: null,
    attempts: 0,
    lockTimeoutMs,
  });
}

/** appliedIdsText names what --to could be: the applied ids, or that there are none. */
function appliedIdsText(applied: readonly AppliedMigration[]): string {
  if (applied.length === 0) return 'none is applied';
  const ids = applied.map((row) => row.id).sort((a, b) => a - b);
  const shown =
    ids.length <= 6 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')}, ..., ${ids.slice(-2).join(', ')}`;
  return `applied: ${shown}`;
}

/** rollbackTargets are the applied migrations to roll back, newest first. */
export function rollbackTargets(
  applied: readonly AppliedMigration[],
  options: Pick<RollbackOptions, 'count' | 'to'>,
): AppliedMigration[] {
  const newestFirst = [...applied].sort((a, b) => b.id - a.id);
  if (options.to !== undefined) return newestFirst.filter((row) => row.id > (options.to ?? 0));
  return newestFirst.slice(0, options.count ?? 1);
}

/**
 * rollbackMigrations runs the STORED down SQL of the newest migrations of one service, newest
 * first, each in a transaction with the removal of its history row, under the service's lock. The
 * file is not needed (it may have been edited or deleted since); a difference is a warning.
 */
export async function rollbackMigrations(
  config: ResolvedConfig,
  db: Db,
  options: RollbackOptions,
): Promise<RollbackResult> {
  const started = performance.now();
  if (options.count !== undefined && options.to !== undefined) {
    throw new DbwardError(
      'bad-usage',
      `roll back ${options.service}: give either a count (-n) or --to, not both`,
      { exitCode: 2 },
    );
  }
  if (options.count !== undefined && (!Number.isInteger(options.count) || options.count < 1)) {
    throw new DbwardError('bad-usage', `roll back ${options.service}: -n must be a positive whole number`, {
      exitCode: 2,
    });
  }
  const service = findService(config, options.service, 'roll back');
  const applied = await readAppliedMigrations(db, service.schema);
  if (options.to !== undefined && options.to !== 0 && !applied.some((row) => row.id === options.to)) {
    // As for up --to: a typo must not roll back more than meant (everything, for a short id).
    throw new DbwardError(
      'bad-usage',
      `roll back ${service.name}: --to ${options.to}: no applied migration of ${service.name} has that id (${appliedIdsText(applied)}); --to 0 rolls back every migration`,
      { exitCode: 2 },
    );
  }
  const dryRun = options.dryRun === true;
  const planned = rollbackTargets(applied, options);
  const result: RollbackResult = {
    service: service.name,
    schema: service.schema,
    rolledBack: [],
    planned: planned.map((row) => row.id),
    warnings: [],
    failure: null,
    dryRun,
    totalMs: 0,
  };
  // A dry run refuses what the real run would refuse before rolling anything back.
  if (dryRun) result.failure = cannotRollBack(planned, service.name, config.lockTimeoutMs);
  if (dryRun || result.planned.length === 0) return { ...result, totalMs: performance.now() - started };

  const context = migrationRunContext(config, db, service, options.onProgress, await serverTraits(db));
  await db.withAdvisoryLock(
    migrationLockName(service.schema),
    async () => {
      const targets = rollbackTargets(await readAppliedMigrations(db, service.schema), options);
      result.planned = targets.map((row) => row.id);
      result.failure = cannotRollBack(targets, service.name, config.lockTimeoutMs);
      if (result.failure !== null) return;
      const files = await readDownSections(service, config.rootDir, new Set(result.planned));
      const warnAbout = (row: AppliedMigration) => {
        const warning = downDifference(row, files.get(row.id) ?? null);
        if (warning === null) return;
        result.warnings.push(warning);
        context.onProgress({ kind: 'warning', service: service.name, file: row.file, message: warning });
      };
      const rolledBack = (row: AppliedMigration, durationMs: number, attempts: number) => {
        const step = { id: row.id, name: row.name, file: row.file, durationMs, attempts };
        result.rolledBack.push(step);
        context.onProgress({ kind: 'rolled-back', service: service.name, ...step });
      };
      try {
        for (let next = 0; next < targets.length; ) {
          let chunkFailure: unknown = null;
          let connectionLost = false;
          let failedAt: number | null = null;
          // Several transactional rollbacks per round trip; a failed one is re-run alone below.
          const chunk = context.chunked ? nextRollbackChunk(targets.slice(next)) : [];
          if (chunk.length > 1) {
            for (const row of chunk) warnAbout(row);
            const outcome = await rollbackMigrationChunk(context, chunk);
            for (const step of outcome.rolledBack) rolledBack(step.row, step.durationMs, 1);
            next += outcome.rolledBack.length;
            if (outcome.complete) continue;
            chunkFailure = outcome.error;
            connectionLost = outcome.connectionLost;
            failedAt = outcome.failedAt;
          }
          const row = targets[next];
          if (row === undefined) break;
          const file = files.get(row.id) ?? null;
          if (chunk.length <= 1) warnAbout(row);
          const source = downSource(row, file);
          const began = performance.now();
          const run = row.noTransaction
            ? await runNoTransactionStep(context, row.file, (runStatement) =>
                rollbackOne(context, row, file, source, { runStatement }),
              )
            : !connectionLost && (chunkFailure === null || isWorthRerunning(chunkFailure))
              ? await withRetries(
                  context,
                  row.file,
                  // A retry after a lock timeout goes statement by statement, so a last failure names its statement.
                  (attempt) => rollbackOne(context, row, file, source, { statementByStatement: attempt > 1 }),
                  isLockTimeout(chunkFailure)
                    ? await withOnlyStatementPosition(chunkFailure, source?.sql ?? null, failedAt)
                    : undefined,
                )
              : {
                  ok: false as const,
                  error: await withOnlyStatementPosition(chunkFailure, source?.sql ?? null, failedAt),
                  attempts: 1,
                };
          if (!run.ok) {
            result.failure = describeMigrationFailure(run.error, {
              action: 'roll back',
              service: service.name,
              id: row.id,
              file: row.file,
              source,
              attempts: run.attempts,
              lockTimeoutMs: config.lockTimeoutMs,
              noTransaction: row.noTransaction,
            });
            return;
          }
          rolledBack(row, performance.now() - began, run.attempts);
          next++;
        }
      } finally {
        // After a failure (a lost connection, say) the barrier's own error must not hide it.
        if (result.rolledBack.length > 0)
          await db.exec(DURABILITY_BARRIER_SQL).catch((error: unknown) => {
            if (result.failure === null) throw error;
          });
      }
    },
    {
      onWait: () =>
        context.onProgress({ kind: 'waiting-for-lock', service: service.name, schema: service.schema }),
    },
  );
  return { ...result, totalMs: performance.now() - started };
}

/**
 * downDifference warns when the file's down section is not what was stored, or the file is gone;
 * for a TypeScript migration, when the file changed at all (its current down() is what runs).
 */
function downDifference(row: AppliedMigration, file: DownSectionFile | null): string | null {
  if (row.file.endsWith('.ts')) {
    if (file === null)
      return `${row.file}: the file is gone; a TypeScript migration cannot be rolled back without it`;
    // The code of a TypeScript migration is not stored: only the file's checksum tells an edit.
    return matchesAppliedChecksum(file, row.checksum)
      ? null
      : `${file.path}: changed since it was applied (the code of a TypeScript migration is not stored); running its current down()`;
  }
  if (isPartlyRolledBack(row.downSql))
    return `${row.file}: an earlier down stopped part way; running the rest of its stored down SQL, from the statement that failed`;
  if (file === null) return `${row.file}: the file is gone; running the down SQL stored when it was applied`;
  // As applied (line ends aside): its down section is the stored SQL (no need to read the file).
  if (file.checksum === row.checksum) return null;
  if (withLfLineEnds(file.down?.sql ?? null) !== withLfLineEnds(row.downSql)) {
    return `${file.path}: its down section differs from the one stored when it was applied; running the stored down SQL`;
  }
  return null;
}

function withLfLineEnds(sql: string | null): string | null {
  return sql?.replaceAll('\r\n', '\n') ?? null;
}

/** downSource is the stored down SQL, pointing into the file when the file still holds it. */
function downSource(row: AppliedMigration, file: DownSectionFile | null): SqlSource | null {
  if (row.downSql === null) return null;
  // A file as it was applied (same checksum) holds the stored SQL as its down section without
  // being read: it is read only to point a failure into it.
  if (
    file === null ||
    isPartlyRolledBack(row.downSql) ||
    (file.checksum !== row.checksum && withLfLineEnds(file.down?.sql ?? null) !== withLfLineEnds(row.downSql))
  )
    return storedSqlSource(row.file, row.downSql);
  return fileSectionSource(file, {
    sql: row.downSql,
    get offset() {
      return file.down?.offset ?? 0;
    },
  });
}

async function rollbackOne(
  context: MigrationRunContext,
  row: AppliedMigration,
  file: DownSectionFile | null,
  source: SqlSource | null,
  options: MigrationRunOptions = {},
): Promise<void> {
  const { db, settings } = context;
  const removeRow = historyDeleteSql(settings.schema, row.id);
  if (row.file.endsWith('.ts')) {
    if (file === null)
      throw new DbwardError(
        'file-missing',
        `roll back ${row.file}: the TypeScript migration is gone; restore the file to roll it back`,
      );
    const module = await loadMigrationModule(file.absolutePath, file.path, 'roll back');
    const down = module.down;
    if (down === undefined)
      throw new DbwardError('no-down', `roll back ${file.path}: the module exports no down(db)`);
    try {
      await db.transaction(async (tx) => {
        await tx.exec(migrationSettingsSql(settings, 'local'));
        await runMigrationFunction(tx, (session) => down(session));
        await tx.exec(removeRow);
      });
    } catch (error) {
      throw new SqlRunError(error, null);
    }
    return;
  }
  if (source === null || sqlWithoutStatements(source.sql)) throw noDownError(row);
  if (!row.noTransaction) return runInTransaction(db, settings, source, removeRow, options);
  try {
    await runWithoutTransaction(db, settings, source, () => removeRow, options.runStatement);
  } catch (error) {
    const done = error instanceof SqlRunError ? (error.statementsDone ?? 0) : 0;
    if (!(error instanceof SqlRunError) || done === 0) throw error;
    // The statements before the failure stay done; the next down must not run them again.
    const kept = await keepRemainingDownSql(db, settings.schema, row.id, source.sql, done);
    throw new SqlRunError(error.cause, error.offset, done, kept);
  }
}

/** noDownError: the migration was applied with no down SQL (no section, or one with no statement). */
function noDownError(row: AppliedMigration): DbwardError {
  const what = row.downSql === null ? 'without a down section' : 'with an empty down section';
  return new DbwardError(
    'no-down',
    `roll back ${row.file}: it was applied ${what}, so there is nothing to run and nothing was rolled back; write the reverse as a new migration`,
  );
}
