import type { ResolvedConfig, ResolvedService } from '../config/resolved-config.js';
import type { DbSession } from '../db/db.js';
import type { AppliedMigration } from './applied-migration.js';
import { discoverMigrations } from './discover-migrations.js';
import { readAppliedMigrations } from './history-table.js';
import type { MigrationFile } from './migration-file-types.js';
import { type MigrationFolderNote, migrationFolderNotes } from './migration-folder-notes.js';

/** ServiceMigrations is a service's migration files next to its history. */
export interface ServiceMigrations {
  service: ResolvedService;
  files: MigrationFile[];
  applied: AppliedMigration[];
  /** Files in the folder that are not migrations, or a missing folder. */
  notes: MigrationFolderNote[];
}

/** loadServiceMigrations reads the files and the history of each service (read-only). */
export async function loadServiceMigrations(
  config: ResolvedConfig,
  session: DbSession,
  services: readonly ResolvedService[],
): Promise<ServiceMigrations[]> {
  const states: ServiceMigrations[] = [];
  for (const service of services) {
    const files = await discoverMigrations(service, config.rootDir);
    const applied = await readAppliedMigrations(session, service.schema);
    states.push({ service, files, applied, notes: await migrationFolderNotes(service, config.rootDir) });
  }
  return states;
}

/** pendingMigrations are the files not applied yet, in id order, up to `to` when given. */
export function pendingMigrations(
  files: readonly MigrationFile[],
  applied: readonly AppliedMigration[],
  to?: number,
): MigrationFile[] {
  const appliedIds = new Set(applied.map((row) => row.id));
  return files.filter((file) => !appliedIds.has(file.id) && (to === undefined || file.id <= to));
}
