/**
 * The pg_catalog queries behind `introspectCatalog`: one per object kind, each covering every
 * requested schema (`$1`, a text array) so an introspection costs a fixed number of round trips.
 * Nested parts (a table's columns, constraints, indexes; an enum's values) come back as json.
 * Names sort with `COLLATE "C"` so PGlite and servers with other collations agree.
 */

/** Name of dbward's own history table, present in every service schema and never part of the model. */
export const HISTORY_TABLE = 'dbward_migrations';

/**
 * Reads the server version and the schemas, and pins two settings for the queries that follow
 * (their old values are returned for restoring; the `OFFSET 0` subquery reads them before the
 * outer `set_config` calls run):
 * - `search_path` empty, so every `pg_get_*`/`format_type` result is schema-qualified whatever
 *   the caller's session had, and comparable between databases;
 * - `jit` off: the tables query looks expensive to the planner, and JIT-compiling it costs
 *   ~700 ms on servers built with LLVM, for a query that runs in a few milliseconds.
 */
export const SCHEMAS_SQL = `
SELECT s.previous_search_path,
       s.previous_jit,
       set_config('search_path', '', false) AS pinned_search_path,
       set_config('jit', 'off', false) AS pinned_jit,
       current_setting('server_version') AS server_version,
       coalesce((
         SELECT json_agg(json_build_object(
                  'name', n.nspname,
                  'owner', pg_get_userbyid(n.nspowner),
                  'comment', obj_description(n.oid, 'pg_namespace')
                ) ORDER BY n.nspname COLLATE "C")
           FROM pg_namespace n
          WHERE n.nspname = ANY($1::text[])
       ), '[]'::json) AS schemas
  FROM (SELECT current_setting('search_path') AS previous_search_path,
               current_setting('jit') AS previous_jit
        OFFSET 0) s`;

export const RESTORE_SETTINGS_SQL = `
SELECT set_config('search_path', $1, false) AS search_path, set_config('jit', $2, false) AS jit`;

/** True when the pg_class row `c` belongs to an extension (such objects are not the service's). */
const NOT_EXTENSION_RELATION = `NOT EXISTS (
  SELECT 1 FROM pg_depend e
   WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')`;

/**
 * Tables with their columns, constraints and indexes. `$2` is the history table's name.
 * Array columns report their element type; the raw typmod is decoded in TypeScript.
 * A foreign key to a partitioned table has one clone per referenced partition on the same
 * table (its `conparentid` points to a constraint of the same table); those clones are skipped.
 */
export const TABLES_SQL = `
SELECT n.nspname AS schema,
       c.relname AS name,
       c.relkind::text AS relkind,
       obj_description(c.oid, 'pg_class') AS comment,
       c.reltuples::float8 AS estimated_rows,
       pg_total_relation_size(c.oid)::float8 AS total_bytes,
       cols.columns,
       cons.constraints,
       idx.indexes
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 CROSS JOIN LATERAL (
   SELECT coalesce(json_agg(json_build_object(
            'name', a.attname,
            'type', format_type(a.atttypid, a.atttypmod),
            'baseType', et.typname,
            'typeSchema', nullif(etn.nspname, 'pg_catalog'),
            'typmod', a.atttypmod,
            'isArray', t.typelem <> 0 AND t.typlen = -1,
            'notNull', a.attnotnull,
            'default', CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
            'identity', a.attidentity::text,
            'generated', CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END,
            'comment', col_description(c.oid, a.attnum),
            'position', a.position
          ) ORDER BY a.attnum), '[]'::json) AS columns
     FROM (
       SELECT pa.*, row_number() OVER (ORDER BY pa.attnum) AS position
         FROM pg_attribute pa
        WHERE pa.attrelid = c.oid AND pa.attnum > 0 AND NOT pa.attisdropped
     ) a
     JOIN pg_type t ON t.oid = a.atttypid
     JOIN pg_type et ON et.oid = CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN t.typelem ELSE t.oid END
     JOIN pg_namespace etn ON etn.oid = et.typnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 ) cols
 CROSS JOIN LATERAL (
   SELECT coalesce(json_agg(json_build_object(
            'name', k.conname,
            'contype', k.contype::text,
            'columns', (SELECT coalesce(json_agg(ka.attname ORDER BY u.ord), '[]'::json)
                          FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
                          JOIN pg_attribute ka ON ka.attrelid = k.conrelid AND ka.attnum = u.attnum),
            'definition', pg_get_constraintdef(k.oid),
            'validated', k.convalidated,
            'refSchema', rn.nspname,
            'refTable', rc.relname,
            'refColumns', (SELECT coalesce(json_agg(ra.attname ORDER BY u.ord), '[]'::json)
                             FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, ord)
                             JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.attnum),
            'onDelete', k.confdeltype::text,
            'onUpdate', k.confupdtype::text
          ) ORDER BY k.conname), '[]'::json) AS constraints
     FROM pg_constraint k
     LEFT JOIN pg_class rc ON rc.oid = k.confrelid
     LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
    WHERE k.conrelid = c.oid
      AND k.contype IN ('p', 'u', 'f', 'c', 'x')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint pk WHERE pk.oid = k.conparentid AND pk.conrelid = k.conrelid)
 ) cons
 CROSS JOIN LATERAL (
   SELECT coalesce(json_agg(json_build_object(
            'name', ic.relname,
            'columns', (SELECT coalesce(json_agg(
                                 CASE WHEN i.indkey[k.n - 1] <> 0
                                      THEN (SELECT ia.attname::text FROM pg_attribute ia
                                             WHERE ia.attrelid = i.indrelid AND ia.attnum = i.indkey[k.n - 1])
                                      ELSE pg_get_indexdef(i.indexrelid, k.n, true) END
                                 ORDER BY k.n), '[]'::json)
                          FROM generate_series(1, i.indnkeyatts) AS k(n)),
            'definition', pg_get_indexdef(i.indexrelid),
            'unique', i.indisunique,
            'primary', i.indisprimary,
            'valid', i.indisvalid,
            'method', am.amname,
            'predicate', pg_get_expr(i.indpred, i.indrelid),
            'constraint', (SELECT ik.conname FROM pg_constraint ik
                            WHERE ik.conindid = i.indexrelid AND ik.conrelid = i.indrelid
                              AND ik.contype IN ('p', 'u', 'x'))
          ) ORDER BY ic.relname), '[]'::json) AS indexes
     FROM pg_index i
     JOIN pg_class ic ON ic.oid = i.indexrelid
     JOIN pg_am am ON am.oid = ic.relam
    WHERE i.indrelid = c.oid
 ) idx
 WHERE n.nspname = ANY($1::text[])
   AND c.relkind IN ('r', 'p')
   AND c.relname <> $2
   AND ${NOT_EXTENSION_RELATION}
 ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`;

export const VIEWS_SQL = `
SELECT n.nspname AS schema,
       c.relname AS name,
       c.relkind = 'm' AS materialized,
       pg_get_viewdef(c.oid, true) AS definition,
       obj_description(c.oid, 'pg_class') AS comment
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ANY($1::text[])
   AND c.relkind IN ('v', 'm')
   AND ${NOT_EXTENSION_RELATION}
 ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`;

export const ENUMS_SQL = `
SELECT n.nspname AS schema,
       t.typname AS name,
       (SELECT coalesce(json_agg(e.enumlabel ORDER BY e.enumsortorder), '[]'::json)
          FROM pg_enum e WHERE e.enumtypid = t.oid) AS values
  FROM pg_type t
  JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = ANY($1::text[])
   AND t.typtype = 'e'
   AND NOT EXISTS (SELECT 1 FROM pg_depend e
                    WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
 ORDER BY n.nspname COLLATE "C", t.typname COLLATE "C"`;

/**
 * Sequences, with the column owning them: `a` dependencies come from serial / OWNED BY,
 * `i` from identity columns. Sequences of the history table are left out with it.
 */
export const SEQUENCES_SQL = `
SELECT n.nspname AS schema,
       c.relname AS name,
       format_type(s.seqtypid, NULL) AS data_type,
       owner.schema AS owner_schema,
       owner.table_name AS owner_table,
       owner.column_name AS owner_column
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_sequence s ON s.seqrelid = c.oid
  LEFT JOIN LATERAL (
    SELECT tn.nspname AS schema, tc.relname AS table_name, ta.attname AS column_name
      FROM pg_depend d
      JOIN pg_class tc ON tc.oid = d.refobjid
      JOIN pg_namespace tn ON tn.oid = tc.relnamespace
      JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
     WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
       AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0
       AND d.deptype IN ('a', 'i')
     LIMIT 1
  ) owner ON true
 WHERE n.nspname = ANY($1::text[])
   AND c.relkind = 'S'
   AND (owner.table_name IS NULL OR owner.table_name <> $2)
   AND ${NOT_EXTENSION_RELATION}
 ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`;

/** Functions and procedures (not aggregates or window functions), extension members excluded. */
export const FUNCTIONS_SQL = `
SELECT n.nspname AS schema,
       p.proname AS name,
       pg_get_function_identity_arguments(p.oid) AS arguments,
       coalesce(pg_get_function_result(p.oid), '') AS returns,
       l.lanname AS language,
       pg_get_functiondef(p.oid) AS definition
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_language l ON l.oid = p.prolang
 WHERE n.nspname = ANY($1::text[])
   AND p.prokind IN ('f', 'p')
   AND NOT EXISTS (SELECT 1 FROM pg_depend e
                    WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
 ORDER BY n.nspname COLLATE "C", p.proname COLLATE "C", pg_get_function_identity_arguments(p.oid) COLLATE "C"`;

/**
 * Privileges granted on the schemas and on their tables, views and sequences. An owner's own
 * privileges are implicit, so they are left out; several grantors of one privilege collapse.
 */
export const GRANTS_SQL = `
SELECT DISTINCT g.schema, g.object, g.grantee, g.privilege
  FROM (
    SELECT n.nspname::text COLLATE "C" AS schema, NULL::text COLLATE "C" AS object,
           CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END COLLATE "C" AS grantee,
           a.privilege_type COLLATE "C" AS privilege
      FROM pg_namespace n
     CROSS JOIN LATERAL aclexplode(n.nspacl) a
     WHERE n.nspname = ANY($1::text[]) AND a.grantee <> n.nspowner
    UNION ALL
    SELECT n.nspname::text, c.relname::text,
           CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END,
           a.privilege_type
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     CROSS JOIN LATERAL aclexplode(c.relacl) a
     WHERE n.nspname = ANY($1::text[])
       AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
       AND c.relname <> $2
       AND a.grantee <> c.relowner
  ) g
 ORDER BY g.schema, g.object NULLS FIRST, g.grantee, g.privilege`;
