import type { DbSession } from '../db/db.js';

/**
 * readLiveRowEstimates reads `pg_class.reltuples` of every table in the given schemas of the
 * target database, keyed `schema.table`. A table never analyzed is there as -1 (PostgreSQL 14
 * and later; older ones say 0): its size is unknown, but it exists and may hold data (made by
 * hand, then dropped with IF EXISTS by a migration), which the rules must not take for absent.
 */
export async function readLiveRowEstimates(
  db: DbSession,
  schemas: readonly string[],
): Promise<Map<string, number>> {
  const result = await db.query<{ schema: string; name: string; estimate: number }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.reltuples::float8 AS estimate
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])`,
    [schemas],
  );
  const estimates = new Map<string, number>();
  for (const row of result.rows) {
    const estimate = Number(row.estimate);
    estimates.set(`${row.schema}.${row.name}`, Number.isFinite(estimate) && estimate >= 0 ? estimate : -1);
  }
  return estimates;
}
