import type { DbSession } from '../db/db.js';
import { quoteIdentifier } from './sql-literal.js';

/** InvalidIndex is an index a failed CREATE INDEX CONCURRENTLY left behind, unused but maintained. */
export interface InvalidIndex {
  schema: string;
  name: string;
  table: string;
  /** The statement that removes it, to be run before the migration is retried. */
  fix: string;
}

/** findInvalidIndexes lists the indexes of `schema` marked invalid (`pg_index.indisvalid = false`). */
export async function findInvalidIndexes(session: DbSession, schema: string): Promise<InvalidIndex[]> {
  const result = await session.query<{ name: string; table: string }>(
    `SELECT index_class.relname AS name, table_class.relname AS table
       FROM pg_index i
       JOIN pg_class index_class ON index_class.oid = i.indexrelid
       JOIN pg_class table_class ON table_class.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = index_class.relnamespace
      WHERE n.nspname = $1 AND NOT i.indisvalid
      ORDER BY 1`,
    [schema],
  );
  return result.rows.map((row) => ({
    schema,
    name: row.name,
    table: row.table,
    fix: `DROP INDEX CONCURRENTLY ${quoteIdentifier(schema)}.${quoteIdentifier(row.name)};`,
  }));
}
