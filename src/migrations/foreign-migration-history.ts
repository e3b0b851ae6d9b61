import type { DbSession } from '../db/db.js';
import { quoteIdentifier } from './sql-literal.js';

/** ForeignMigrationHistory is another tool's history table found in a service's schema. */
export interface ForeignMigrationHistory {
  tool: 'alembic' | 'flyway';
  table: string;
  /** The version it holds (Alembic heads joined by `, `; Flyway's latest successful one), or null. */
  version: string | null;
}

const VERSION_QUERIES: Record<
  ForeignMigrationHistory['tool'],
  { table: string; query: (table: string) => string }
> = {
  alembic: {
    table: 'alembic_version',
    query: (table) =>
      `SELECT string_agg(version_num::text, ', ' ORDER BY version_num) AS version FROM ${table}`,
  },
  flyway: {
    table: 'flyway_schema_history',
    query: (table) =>
      `SELECT version::text AS version FROM ${table} WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1`,
  },
};

/**
 * findForeignMigrationHistory detects an `alembic_version` or `flyway_schema_history` table in
 * the schema: a database managed by another tool, to adopt with `dbward baseline`.
 */
export async function findForeignMigrationHistory(
  session: DbSession,
  schema: string,
): Promise<ForeignMigrationHistory[]> {
  const tools = Object.entries(VERSION_QUERIES) as [
    ForeignMigrationHistory['tool'],
    (typeof VERSION_QUERIES)['alembic'],
  ][];
  const present = await session.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind IN ('r', 'p')`,
    [schema, tools.map(([, known]) => known.table)],
  );
  const found: ForeignMigrationHistory[] = [];
  for (const [tool, known] of tools) {
    if (!present.rows.some((row) => row.name === known.table)) continue;
    const table = `${quoteIdentifier(schema)}.${quoteIdentifier(known.table)}`;
    let version: string | null = null;
    try {
      const result = await session.query<{ version: string | null }>(known.query(table));
      version = result.rows[0]?.version ?? null;
    } catch {
      // A table of that name with other columns: report it, without a version.
    }
    found.push({ tool, table: `${schema}.${known.table}`, version });
  }
  return found;
}
