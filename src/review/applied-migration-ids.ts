import type { ResolvedService } from '../config/resolved-config.js';
import type { DbSession } from '../db/db.js';
import { escapeIdentifier } from '../db/sql-quoting.js';

/** The history table every service keeps in its own schema (DESIGN.md). */
const HISTORY_TABLE = 'dbward_migrations';

/**
 * appliedMigrationIds reads, per service, the ids in `<schema>.dbward_migrations`; a service
 * whose history table does not exist yet has applied nothing.
 */
export async function appliedMigrationIds(
  db: DbSession,
  services: readonly ResolvedService[],
): Promise<Map<string, Set<number>>> {
  const applied = new Map<string, Set<number>>();
  const existing = await db.query<{ schema: string }>(
    `SELECT n.nspname AS schema
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = $1 AND c.relkind IN ('r', 'p') AND n.nspname = ANY($2::text[])`,
    [HISTORY_TABLE, services.map((service) => service.schema)],
  );
  const withHistory = new Set(existing.rows.map((row) => row.schema));
  for (const service of services) {
    const ids = new Set<number>();
    applied.set(service.name, ids);
    if (!withHistory.has(service.schema)) continue;
    const table = `${escapeIdentifier(service.schema)}.${escapeIdentifier(HISTORY_TABLE)}`;
    const rows = await db.query<{ id: string }>(`SELECT id::text AS id FROM ${table}`);
    for (const row of rows.rows) ids.add(Number(row.id));
  }
  return applied;
}
