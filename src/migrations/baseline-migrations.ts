import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import { DbwardError } from '../errors/dbward-error.js';
import { appliedVia } from './applied-via.js';
import { appliedRowOf } from './apply-one-migration.js';
import { checkMigrationIntegrity, type IntegrityProblem } from './check-migration-integrity.js';
import { createHistoryTableSql, historyInsertSql, readAppliedMigrations } from './history-table.js';
import { type MigrationRef, migrationRefOf } from './migration-ref.js';
import { migrationLockName } from './migration-run-context.js';
import { findService } from './select-services.js';
import { loadServiceMigrations } from './service-migrations.js';

export interface BaselineOptions {
  service: string;
  /** Record every migration up to and including this id. */
  to: number;
  appliedVia?: string;
}

export interface BaselineResult {
  service: string;
  schema: string;
  /** Recorded now, without running. */
  recorded: MigrationRef[];
  /** Ids at or below `to` that were already in the history. */
  alreadyApplied: number[];
  /** Problems in the files to record: when any, nothing was recorded. */
  problems: IntegrityProblem[];
}

/**
 * baselineMigrations records a service's migrations up to `to` as applied without running them,
 * to adopt a database whose schema was built by other means (another tool, by hand). The rows
 * carry kind `baseline`, the checksum and the down SQL of each file, so integrity checks and
 * rollbacks work for them as for any other.
 */
export async function baselineMigrations(
  config: ResolvedConfig,
  db: Db,
  options: BaselineOptions,
): Promise<BaselineResult> {
  const service = findService(config, options.service, 'baseline');
  const [state] = await loadServiceMigrations(config, db, [service]);
  const files = state?.files ?? [];
  if (!files.some((file) => file.id === options.to)) {
    throw new DbwardError(
      'bad-usage',
      `baseline ${service.name} --to ${options.to}: no migration file with that id (ids: ${files.map((file) => file.id).join(', ') || 'none'})`,
      { exitCode: 2 },
    );
  }
  const result: BaselineResult = {
    service: service.name,
    schema: service.schema,
    recorded: [],
    alreadyApplied: [],
    problems: [],
  };
  const upTo = files.filter((file) => file.id <= options.to);
  if (state !== undefined) {
    // Only what baseline would record is its concern: later applied migrations are not "gone"
    // because their files lie beyond --to.
    const appliedUpTo = state.applied.filter((row) => row.id <= options.to);
    result.problems = checkMigrationIntegrity(
      { ...state, files: upTo, applied: appliedUpTo },
      { allowOutOfOrder: true },
    );
  }
  if (result.problems.length > 0) return result;

  const identity = { appliedVia: options.appliedVia ?? appliedVia(), forcedReason: null };
  await db.withAdvisoryLock(migrationLockName(service.schema), async () => {
    await db.exec(createHistoryTableSql(service.schema));
    const applied = new Set((await readAppliedMigrations(db, service.schema)).map((row) => row.id));
    const toRecord = upTo.filter((file) => !applied.has(file.id));
    result.alreadyApplied = upTo.filter((file) => applied.has(file.id)).map((file) => file.id);
    if (toRecord.length === 0) return;
    const inserts = toRecord.map(
      (file) =>
        `${historyInsertSql(service.schema, { ...appliedRowOf(file, identity, 0), kind: 'baseline' })};`,
    );
    await db.exec(`BEGIN;\n${inserts.join('\n')}\nCOMMIT;`);
    result.recorded = toRecord.map(migrationRefOf);
  });
  return result;
}
