import type { DbSession } from '../db/db.js';

/** One live column as the server describes it. */
export interface LiveColumn {
  name: string;
  /** `format_type(atttypid, atttypmod)`: canonical and safe to put back into SQL. */
  type: string;
  /** `pg_type.typname` (`varchar`, `int4`, `_text` for arrays). */
  typeName: string;
  /** `pg_type.typcategory`: `S` string, `N` numeric, `A` array, `D` date/time... */
  typeCategory: string;
  typmod: number;
}

/** What the data checks need of one table of the target database. */
export interface LiveTableShape {
  schema: string;
  table: string;
  columns: LiveColumn[];
  /** Primary key columns in key order; empty when the table has none. */
  primaryKey: string[];
}

interface ShapeRow {
  columns: LiveColumn[];
  primary_key: string[] | null;
}

// Ordinary and partitioned tables only: a view or a sequence is not something to back up or alter.
const SHAPE_SQL = `
SELECT
  (SELECT json_agg(json_build_object(
            'name', a.attname::text,
            'type', format_type(a.atttypid, a.atttypmod),
            'typeName', t.typname::text,
            'typeCategory', t.typcategory::text,
            'typmod', a.atttypmod) ORDER BY a.attnum)
     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
  (SELECT array_agg(a.attname::text ORDER BY k.ord)
     FROM pg_index i
     CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = c.oid AND i.indisprimary) AS primary_key
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`;

/** readLiveTableShape reads a table's columns and primary key, or null when there is no such table. */
export async function readLiveTableShape(
  db: DbSession,
  schema: string,
  table: string,
): Promise<LiveTableShape | null> {
  const result = await db.query<ShapeRow>(SHAPE_SQL, [schema, table]);
  const row = result.rows[0];
  if (row === undefined) return null;
  return { schema, table, columns: row.columns ?? [], primaryKey: row.primary_key ?? [] };
}
