import type { ResolvedConfig } from '../config/resolved-config.js';
import type { DbSession } from '../db/db.js';
import { checkMigrationIntegrity } from './check-migration-integrity.js';
import { type ForeignMigrationHistory, findForeignMigrationHistory } from './foreign-migration-history.js';
import { findInvalidIndexes } from './invalid-indexes.js';
import type { MigrationFolderNote } from './migration-folder-notes.js';
import { integrityProblemOf, invalidIndexProblemOf, type MigrationProblem } from './migration-problem.js';
import { type MigrationRef, migrationRefOf } from './migration-ref.js';
import { selectServices } from './select-services.js';
import { loadServiceMigrations, pendingMigrations } from './service-migrations.js';

export interface ServiceStatus {
  service: string;
  schema: string;
  applied: number;
  /** The newest applied id, or null when nothing is applied. */
  currentId: number | null;
  lastAppliedAt: string | null;
  pending: MigrationRef[];
  problems: MigrationProblem[];
  /** Alembic or Flyway history tables found in the schema. */
  foreignHistory: ForeignMigrationHistory[];
  /** `.sql` files in the folder that are not migrations (never applied), or a missing folder. */
  notes: MigrationFolderNote[];
}

export interface MigrationStatusResult {
  services: ServiceStatus[];
  /** True when no service has a problem. */
  ok: boolean;
}

export interface StatusOptions {
  services?: readonly string[];
  allowOutOfOrder?: boolean;
}

/**
 * migrationStatus reports, per service, what is applied and pending and every problem: integrity
 * (changed, missing, duplicate or out-of-order files, unreadable files) and INVALID indexes left
 * by a failed CREATE INDEX CONCURRENTLY. Read-only.
 */
export async function migrationStatus(
  config: ResolvedConfig,
  session: DbSession,
  options: StatusOptions = {},
): Promise<MigrationStatusResult> {
  const services = selectServices(config, options.services, 'migration status');
  const allowOutOfOrder = options.allowOutOfOrder ?? config.migrations.allowOutOfOrder;
  const states = await loadServiceMigrations(config, session, services);
  const statuses: ServiceStatus[] = [];
  for (const state of states) {
    const { service, files, applied } = state;
    const newest = applied.reduce<(typeof applied)[number] | null>(
      (latest, row) => (latest === null || row.appliedAt > latest.appliedAt ? row : latest),
      null,
    );
    const invalid = await findInvalidIndexes(session, service.schema);
    statuses.push({
      service: service.name,
      schema: service.schema,
      applied: applied.length,
      currentId: applied.at(-1)?.id ?? null,
      lastAppliedAt: newest?.appliedAt.toISOString() ?? null,
      pending: pendingMigrations(files, applied).map(migrationRefOf),
      problems: [
        ...checkMigrationIntegrity(state, { allowOutOfOrder }).map(integrityProblemOf),
        ...invalid.map((index) => invalidIndexProblemOf(service.name, index)),
      ],
      foreignHistory: await findForeignMigrationHistory(session, service.schema),
      notes: state.notes,
    });
  }
  return { services: statuses, ok: statuses.every((status) => status.problems.length === 0) };
}
