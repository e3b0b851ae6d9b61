import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { BENCH_SERVICES } from './bench-services.mjs';

/** Tables the tools keep their history in; left out of the schema fingerprint. */
export const HISTORY_TABLES = ['dbward_migrations', 'schema_migrations', 'pgmigrations'];

/** withClient opens one connection to `url`, runs `fn`, and always closes it. */
export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** createBenchDatabase creates an empty database for one tool's run; returns its URL and a drop. */
export async function createBenchDatabase(adminUrl, label) {
  const name = `bench_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(3).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withClient(adminUrl, (c) => c.query(`DROP DATABASE ${pg.escapeIdentifier(name)} WITH (FORCE)`)),
  };
}

/**
 * serverActiveSeconds is the time the server spent executing statements in database `name` so
 * far (`pg_stat_database.active_time`, PostgreSQL 14+), by its own clock: a tool's share of a
 * phase is the difference before and after, whatever the client did around it. Waits until no
 * session is left in the database, since a session adds its time when it ends (at the latest).
 */
export async function serverActiveSeconds(adminUrl, name) {
  return withClient(adminUrl, async (c) => {
    for (let waited = 0; ; waited += 20) {
      const { rows } = await c.query(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      if (rows[0].n === 0) break;
      if (waited > 10_000) throw new Error(`sessions still open in ${name} after 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await c.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await c.query('SELECT active_time FROM pg_stat_database WHERE datname = $1', [name]);
    return Number(rows[0]?.active_time ?? Number.NaN) / 1000;
  });
}

/**
 * schemaFingerprint describes everything the migrations create in the service schemas
 * (relations, columns, constraints, indexes, comments), history tables left out, as sorted
 * lines: equal fingerprints mean two tools did the same work; an empty one means all rolled back.
 */
export async function schemaFingerprint(url) {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `WITH rels AS (
         SELECT cl.oid, n.nspname, cl.relname, cl.relkind
         FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
         WHERE n.nspname = ANY($1) AND cl.relkind IN ('r', 'p', 'v', 'm', 'S', 'i')
           AND NOT EXISTS (
             SELECT 1 FROM pg_depend d JOIN pg_class h ON h.oid = d.refobjid
             WHERE d.objid = cl.oid AND d.classid = 'pg_class'::regclass AND h.relname = ANY($2))
           AND NOT EXISTS (
             SELECT 1 FROM pg_index i JOIN pg_class h ON h.oid = i.indrelid
             WHERE i.indexrelid = cl.oid AND h.relname = ANY($2))
           AND cl.relname <> ALL($2)
       )
       SELECT line FROM (
         SELECT format('%s.%s kind %s', nspname, relname, relkind) AS line FROM rels
         UNION ALL
         SELECT format('%s.%s.%s %s%s%s', r.nspname, r.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                       CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
                       coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), ''))
         FROM rels r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
         LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
         WHERE r.relkind <> 'i'
         UNION ALL
         SELECT format('%s.%s constraint %s %s', r.nspname, r.relname, co.conname, pg_get_constraintdef(co.oid))
         FROM rels r JOIN pg_constraint co ON co.conrelid = r.oid
         UNION ALL
         SELECT format('%s index %s', r.nspname, pg_get_indexdef(r.oid)) FROM rels r WHERE r.relkind = 'i'
         UNION ALL
         SELECT format('%s.%s comment %s %s', r.nspname, r.relname, d.objsubid, d.description)
         FROM rels r JOIN pg_description d ON d.objoid = r.oid AND d.classoid = 'pg_class'::regclass
       ) lines ORDER BY line`,
      [BENCH_SERVICES, HISTORY_TABLES],
    );
    return rows.map((r) => r.line);
  });
}

/** historyCount counts rows of `<schema>.<table>` over every service schema (0 where absent). */
export async function historyCount(url, table) {
  return withClient(url, async (c) => {
    let total = 0;
    for (const schema of BENCH_SERVICES) {
      const { rows } = await c.query('SELECT to_regclass($1) IS NOT NULL AS present', [
        `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`,
      ]);
      if (!rows[0].present) continue;
      const counted = await c.query(
        `SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`,
      );
      total += counted.rows[0].n;
    }
    return total;
  });
}
