import type { ResolvedConfig } from '../config/resolved-config.js';
import type { DbSession } from '../db/db.js';
import type { AppliedMigration } from './applied-migration.js';
import { readAppliedMigrations } from './history-table.js';
import { selectServices } from './select-services.js';

export interface ServiceHistory {
  service: string;
  schema: string;
  migrations: AppliedMigration[];
}

/** migrationHistory reads the history table of each service (or the named ones), oldest first. */
export async function migrationHistory(
  config: ResolvedConfig,
  session: DbSession,
  options: { services?: readonly string[] } = {},
): Promise<ServiceHistory[]> {
  const services = selectServices(config, options.services, 'migration history');
  const histories: ServiceHistory[] = [];
  for (const service of services) {
    histories.push({
      service: service.name,
      schema: service.schema,
      migrations: await readAppliedMigrations(session, service.schema),
    });
  }
  return histories;
}
