import type { ResolvedConfig, ResolvedService } from '../config/resolved-config.js';
import { type DiscoverOptions, discoverMigrations } from '../migrations/discover-migrations.js';
import type { MigrationFile } from '../migrations/migration-file-types.js';

/** A migration file with the service it belongs to. */
export interface ServiceMigration {
  service: ResolvedService;
  file: MigrationFile;
}

/**
 * discoverEstateMigrations reads every service's migrations and orders them as the schema context
 * replays them: by id, then by the service's place in the config, then by file name. Ids are per
 * service, so this interleaves services the way timestamps would. Services in `known` (files the
 * caller has already read and parsed, by service name) are not read again. With `loadParser:
 * false` the caller awaits loadSqlParser() before it reads a file's parsed fields.
 */
export async function discoverEstateMigrations(
  config: ResolvedConfig,
  known: ReadonlyMap<string, readonly MigrationFile[]> = new Map(),
  options: DiscoverOptions = {},
): Promise<ServiceMigration[]> {
  const perService = await Promise.all(
    config.services.map(async (service, serviceIndex) =>
      (known.get(service.name) ?? (await discoverMigrations(service, config.rootDir, options))).map(
        (file, fileIndex) => ({
          migration: { service, file },
          serviceIndex,
          fileIndex,
        }),
      ),
    ),
  );
  return perService
    .flat()
    .sort(
      (a, b) =>
        a.migration.file.id - b.migration.file.id ||
        a.serviceIndex - b.serviceIndex ||
        a.fileIndex - b.fileIndex,
    )
    .map((entry) => entry.migration);
}
