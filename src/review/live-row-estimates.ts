import type { DbSession } from '../db/db.js';

/**
 * readLiveRowEstimates reads `pg_class.reltuples` of every table in the given schemas of the
 * target database, keyed `schema.table`. A table never analyzed (-1) is left out: unknown.
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
    if (estimate >= 0) estimates.set(`${row.schema}.${row.name}`, estimate);
  }
  return estimates;
}
