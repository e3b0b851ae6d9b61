import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../../test/harness/backends.js';
import { introspectCatalog } from '../../catalog/introspect-catalog.js';
import { loadConfig } from '../../config/load-config.js';
import type { ResolvedService } from '../../config/resolved-config.js';
import type { Db } from '../../db/db.js';
import { parseMigrationText } from '../../migrations/parse-migration-file.js';
import { loadSqlParser } from '../../migrations/sql-parser.js';
import { discoverEstateMigrations, type ServiceMigration } from '../estate-migrations.js';
import { applySchemaEffectSteps, applySchemaEffects, schemasAffected } from './apply-schema-effects.js';
import { exactProjection } from './exact-projection.js';
import { migrationSchemaEffects } from './migration-schema-effects.js';
import { emptySchemaState, type SchemaState } from './schema-state.js';

/**
 * The differential test: each sequence of migrations is applied for real (one transaction per
 * file, search_path set to the service schema, as the shadow replay does) and through the model,
 * and after EVERY migration the exact part of each schema it may have changed is compared with
 * introspection.
 */

const KRONOS = fileURLToPath(new URL('../../../examples/kronos', import.meta.url));

/** The review benchmark's corpus generator (plain JS, loaded by URL as it has no type declarations). */
async function generateReviewCorpus(dir: string, count: number): Promise<void> {
  const url = new URL('../../../bench/review/generate-review-corpus.mjs', import.meta.url).href;
  const generator = (await import(url)) as {
    generateReviewCorpus(dir: string, count: number): Promise<unknown>;
  };
  await generator.generateReviewCorpus(dir, count);
}

interface TrickyMigration {
  service: string;
  schema: string;
  name: string;
  sql: string;
  /** Server major version the SQL needs (PostgreSQL 18 syntax). */
  minimumMajor?: number;
}

/** Enough of the benchmark corpus for every kind of change it generates, 15 per service. */
const BENCH_MIGRATIONS = 105;

const TRICKY_SCHEMAS = ['shop', 'billing', 'Mixed Case'];

const shop = (name: string, sql: string, minimumMajor?: number): TrickyMigration => ({
  service: 'shop',
  schema: 'shop',
  name,
  sql: `-- migrate:up\n${sql}\n`,
  ...(minimumMajor === undefined ? {} : { minimumMajor }),
});
const billing = (name: string, sql: string, minimumMajor?: number): TrickyMigration => ({
  ...shop(name, sql, minimumMajor),
  service: 'billing',
  schema: 'billing',
});
const mixed = (name: string, sql: string): TrickyMigration => ({
  ...shop(name, sql),
  service: 'mixed',
  schema: 'Mixed Case',
});

/** Hand-written DDL covering every modelled statement and its edges. */
const TRICKY_MIGRATIONS: TrickyMigration[] = [
  shop(
    'types',
    `CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
CREATE TABLE customers (
  id serial PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  code char(3),
  plain_char char,
  note bpchar,
  price numeric(10,2) CHECK (price >= 0),
  whole numeric(10),
  ratio numeric,
  created_at timestamp(3),
  updated_at timestamptz,
  at_time time(2) with time zone,
  plain_time time,
  span interval day to second(3),
  span2 interval,
  span3 interval(2),
  tags text[],
  labels varchar(20)[],
  grid int[][],
  current_mood mood,
  moods mood[],
  qty positive_int,
  big bigserial,
  small smallserial,
  flag boolean DEFAULT true,
  data jsonb,
  doc json,
  ch "char",
  bits bit(8),
  onebit bit,
  vbits bit varying(16),
  fl float,
  f4 real,
  f8 float8,
  dec decimal(6,3),
  id_uuid uuid,
  ident bigint GENERATED ALWAYS AS IDENTITY,
  CHECK (created_at IS NOT NULL),
  CHECK (price < whole)
);`,
  ),
  shop(
    'generated_names',
    `CREATE TABLE a_table_with_a_really_long_name_that_goes_on_and_on_for_ever_x (
  a_column_with_an_equally_long_name_that_goes_on_and_on_for_ever int UNIQUE,
  other int,
  UNIQUE (other),
  UNIQUE (other, a_column_with_an_equally_long_name_that_goes_on_and_on_for_ever),
  CHECK (other > 0),
  CHECK (other < 100),
  CHECK (other <> a_column_with_an_equally_long_name_that_goes_on_and_on_for_ever)
);
CREATE INDEX ON a_table_with_a_really_long_name_that_goes_on_and_on_for_ever_x (other);
CREATE INDEX ON a_table_with_a_really_long_name_that_goes_on_and_on_for_ever_x (other);
CREATE INDEX ON customers (lower(email));
CREATE INDEX ON customers (email, code, created_at);
CREATE INDEX ON customers (id, id);
CREATE INDEX ON customers ((price * 2), (whole + 1));
CREATE TABLE dup (a int PRIMARY KEY UNIQUE, b int UNIQUE, c int, UNIQUE (b), CONSTRAINT dup_c_named UNIQUE (c), UNIQUE (c));`,
  ),
  shop(
    'concurrently',
    `-- dbward:no-transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS customers_code_uidx ON customers (code);
CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_code_uidx ON customers (code, id);
DROP INDEX CONCURRENTLY IF EXISTS customers_code_uidx;`,
  ),
  billing(
    'invoices',
    `CREATE TABLE invoices (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id int REFERENCES shop.customers,
  total numeric(12,2),
  "Status" text,
  "select" int,
  currency char(3) NOT NULL DEFAULT 'EUR'
);
ALTER TABLE invoices ADD CONSTRAINT invoices_total_positive CHECK (total > 0) NOT VALID;
ALTER TABLE invoices ADD CONSTRAINT invoices_status_nn CHECK ("Status" IS NOT NULL) NOT VALID;
ALTER TABLE invoices ADD CHECK ("select" IS NOT NULL);
ALTER TABLE invoices ADD FOREIGN KEY (customer_id) REFERENCES shop.customers (id) NOT VALID;
CREATE TABLE "Audit Trail" ("Id" int PRIMARY KEY, "Invoice" bigint REFERENCES invoices (id) ON DELETE SET NULL);`,
  ),
  billing(
    'renames',
    `ALTER TABLE invoices VALIDATE CONSTRAINT invoices_status_nn;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_customer_id_fkey1;
CREATE INDEX invoices_total_idx ON invoices (total, customer_id);
CREATE INDEX ON invoices ("Status") WHERE total > 0;
CREATE INDEX ON invoices (currency) INCLUDE (total);
ALTER TABLE invoices RENAME COLUMN "Status" TO "State";
ALTER TABLE invoices RENAME TO bills;
ALTER INDEX invoices_total_idx RENAME TO bills_total_idx;
ALTER TABLE bills RENAME CONSTRAINT invoices_pkey TO bills_pkey;
ALTER TABLE bills RENAME CONSTRAINT invoices_status_nn TO bills_state_nn;
ALTER TABLE bills DROP COLUMN total;`,
  ),
  shop(
    'alter_commands',
    `ALTER TABLE customers
  ALTER COLUMN code TYPE varchar(10),
  ALTER COLUMN note SET NOT NULL,
  ADD COLUMN extra int NOT NULL DEFAULT 0 CHECK (extra >= 0),
  DROP COLUMN plain_char,
  ALTER COLUMN price DROP DEFAULT,
  ALTER COLUMN flag SET DEFAULT false,
  ALTER COLUMN whole TYPE numeric(12,4);
ALTER TABLE customers ALTER COLUMN whole SET NOT NULL;
ALTER TABLE customers ALTER COLUMN whole DROP NOT NULL;
ALTER TABLE ONLY customers ADD COLUMN IF NOT EXISTS extra int;
ALTER TABLE customers ADD COLUMN seq_col int NOT NULL;
ALTER TABLE customers ALTER COLUMN seq_col ADD GENERATED BY DEFAULT AS IDENTITY;
ALTER TABLE customers ALTER COLUMN ident DROP IDENTITY;
ALTER TABLE customers ALTER COLUMN ident DROP IDENTITY IF EXISTS;
ALTER TABLE customers ALTER COLUMN email SET STATISTICS 100, CLUSTER ON customers_pkey, SET (fillfactor = 90);
ALTER TABLE customers ALTER COLUMN tags TYPE varchar(50)[], ALTER COLUMN span TYPE interval;
ALTER TABLE customers ADD COLUMN later_serial serial, ADD COLUMN later_pk_candidate int;`,
  ),
  shop(
    'using_index_and_cascade',
    `CREATE TABLE orders (id int NOT NULL, ref text, customer_id int REFERENCES customers ON DELETE CASCADE);
CREATE UNIQUE INDEX orders_id_uidx ON orders (id);
ALTER TABLE orders ADD CONSTRAINT orders_pk PRIMARY KEY USING INDEX orders_id_uidx;
CREATE UNIQUE INDEX orders_ref_uidx ON orders (ref);
ALTER TABLE orders ADD UNIQUE USING INDEX orders_ref_uidx;
CREATE TABLE order_lines (order_id int REFERENCES orders, line int, qty int CHECK (qty > 0), PRIMARY KEY (order_id, line));
CREATE INDEX ON order_lines (line, qty);
ALTER TABLE orders DROP CONSTRAINT orders_pk CASCADE;
ALTER TABLE customers DROP COLUMN email;
ALTER TABLE order_lines DROP COLUMN line;
ALTER TABLE order_lines ADD PRIMARY KEY (order_id);
ALTER TABLE order_lines DROP CONSTRAINT order_lines_pkey;
ALTER TABLE order_lines DROP CONSTRAINT IF EXISTS order_lines_pkey;`,
  ),
  shop(
    'partitioned',
    `CREATE TABLE events (id bigint, at date NOT NULL, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE INDEX ON events (kind);
CREATE INDEX events_only_idx ON ONLY events (at);
ALTER TABLE events ADD CONSTRAINT events_kind_check CHECK (kind <> '');
ALTER TABLE events ADD COLUMN payload jsonb;
CREATE TABLE event_refs (event_id bigint, event_at date, FOREIGN KEY (event_id, event_at) REFERENCES events);`,
  ),
  billing(
    'if_exists',
    `CREATE TABLE IF NOT EXISTS bills (x int);
CREATE TABLE IF NOT EXISTS notes (id int, body text);
DROP TABLE IF EXISTS nothing_here;
CREATE INDEX IF NOT EXISTS bills_pkey ON bills (id);
DROP INDEX IF EXISTS missing_idx;
DROP TABLE shop.order_lines;
ALTER TABLE IF EXISTS nothing_here ADD COLUMN x int;
CREATE SCHEMA IF NOT EXISTS billing;
CREATE SEQUENCE notes2_id_seq;
CREATE TABLE notes2 (id serial, body text);
CREATE SEQUENCE IF NOT EXISTS counter;
CREATE VIEW open_bills AS SELECT id FROM bills;
CREATE OR REPLACE VIEW open_bills AS SELECT id FROM bills;
ALTER VIEW open_bills RENAME TO unpaid_bills;
COMMENT ON TABLE notes IS 'notes';
COMMENT ON COLUMN notes.body IS 'the body';
INSERT INTO notes (id, body) VALUES (1, 'x');
UPDATE notes SET body = 'y';
DELETE FROM notes WHERE id = 2;
ANALYZE notes;
GRANT SELECT ON notes TO PUBLIC;
SELECT setval('counter', 10);
SET lock_timeout = '5s';`,
  ),
  billing(
    'constraint_name_clash',
    `CREATE TABLE t (a int CHECK (a > 0), b int);
ALTER TABLE t RENAME TO t_old;
ALTER TABLE t_old ADD UNIQUE (a);
CREATE TABLE t (a int CHECK (a > 0), b int REFERENCES t_old (a));
CREATE TABLE t_a_key (id int);
ALTER TABLE t ADD UNIQUE (a);`,
  ),
  shop(
    'add_column_if_not_exists',
    // PostgreSQL skips an existing column together with its inline constraints.
    `ALTER TABLE customers ADD COLUMN IF NOT EXISTS email text UNIQUE;
ALTER TABLE customers ADD COLUMN IF NOT EXISTS code int CHECK (code > 0) REFERENCES customers (id);
ALTER TABLE customers ADD COLUMN IF NOT EXISTS nickname text UNIQUE;
CREATE INDEX ON customers (nickname) INCLUDE (code);
DROP INDEX customers_nickname_code_idx;`,
  ),
  shop(
    'drop_column_keeps_unrelated_indexes',
    // A dropped column's name in a string, after ::, or as a function name ties no index to it.
    `CREATE TABLE ev_table (id int, kind text, created_at timestamp, date int, day int, pending int, lower int);
CREATE INDEX ev_day ON ev_table ((created_at::date));
CREATE INDEX ev_trunc ON ev_table (date_trunc('day', created_at));
CREATE INDEX ev_pending ON ev_table (id) WHERE kind = 'pending';
CREATE INDEX ev_lower ON ev_table (lower(kind));
CREATE INDEX ev_uses_day ON ev_table (id) WHERE day > 0;
ALTER TABLE ev_table DROP COLUMN date, DROP COLUMN pending, DROP COLUMN lower;
ALTER TABLE ev_table DROP COLUMN day;`,
  ),
  shop(
    'drop_cascade_and_move',
    `CREATE TABLE moving (id int PRIMARY KEY, parent int REFERENCES moving);
ALTER TABLE moving SET SCHEMA billing;
ALTER TABLE billing.moving RENAME COLUMN parent TO parent_id;
DROP TABLE customers CASCADE;
DROP TABLE IF EXISTS customers, dup;`,
  ),
  shop(
    'temporary_table_dropped',
    // Once the temporary table is dropped, its name finds the service's table again.
    `CREATE TABLE shadowed (a int);
CREATE TEMP TABLE shadowed (b int);
ALTER TABLE shadowed ADD COLUMN t int;
DROP TABLE shadowed;
ALTER TABLE shadowed ADD COLUMN c int;`,
  ),
  mixed(
    'quoted',
    `CREATE TYPE "Feeling" AS ENUM ('ok');
CREATE TABLE "Users" ("Id" int PRIMARY KEY, "Email Address" text UNIQUE, feeling "Feeling", "user" int, CHECK ("Email Address" IS NOT NULL), CHECK ("user" IS NOT NULL));
CREATE INDEX ON "Users" ("Email Address", feeling);
ALTER TYPE "Feeling" RENAME TO "Mood";
CREATE TABLE "Really_Long_Mixed_Case_Table_Name_That_Needs_Truncation_To_Fit_In" ("A" int UNIQUE);`,
  ),
  billing(
    'pg18_not_null',
    `ALTER TABLE notes ADD CONSTRAINT notes_id_nn NOT NULL id;
ALTER TABLE notes2 ADD CONSTRAINT notes2_body_nn NOT NULL body NOT VALID;`,
    18,
  ),
  billing(
    'drop_schema',
    `CREATE SCHEMA scratch;
CREATE TABLE scratch.tmp (id int PRIMARY KEY);
CREATE TABLE refs_scratch (id int REFERENCES scratch.tmp (id));
DROP SCHEMA scratch CASCADE;
CREATE TEMP TABLE work (id int);
ALTER TABLE work ADD COLUMN x int;
DROP TABLE work;
DROP VIEW unpaid_bills;
DROP SEQUENCE counter;`,
  ),
];

/** applyForReal runs a migration's up section as the shadow replay does; false when it failed. */
async function applyForReal(db: Db, migration: ServiceMigration): Promise<boolean> {
  const section = migration.file.up;
  if (section === null || section.statements.length === 0) return true;
  const schema = pg.escapeIdentifier(migration.service.schema);
  const head = `CREATE SCHEMA IF NOT EXISTS ${schema};\nSET search_path = ${schema};\n`;
  try {
    if (migration.file.noTransaction) {
      await db.exec(head);
      for (const statement of section.statements) await db.exec(statement.sql);
    } else {
      await db.exec(`BEGIN;\n${head}${section.sql}\n;\nCOMMIT;`);
    }
    return true;
  } catch {
    await db.exec('ROLLBACK').catch(() => {});
    return false;
  }
}

interface ReplayResult {
  state: SchemaState;
  comparisons: number;
  failures: string[];
  /** `<file> <schema> <path>: model <value> != real <value>`, one per differing leaf. */
  differences: string[];
}

/** replay applies the migrations both ways and compares after each one. */
async function replay(
  db: Db,
  migrations: readonly ServiceMigration[],
  schemas: string[],
): Promise<ReplayResult> {
  let state = emptySchemaState(schemas);
  const result: ReplayResult = { state, comparisons: 0, failures: [], differences: [] };
  for (const migration of migrations) {
    if (!(await applyForReal(db, migration))) result.failures.push(migration.file.path);
    const effects = migrationSchemaEffects(migration);
    state = applySchemaEffects(state, effects, migration.file.path);
    const affected = schemasAffected(effects);
    const compare = schemas.filter((s) => (affected === 'all' || affected.has(s)) && !state.inexact.has(s));
    await db.exec('RESET search_path');
    const real = await introspectCatalog(db, { schemas: compare });
    for (const schema of compare) {
      const introspected = real.schemas.find((s) => s.name === schema);
      const modelled = state.schemas.get(schema);
      const model = modelled === undefined ? null : exactProjection(modelled);
      const actual = introspected === undefined ? null : exactProjection(introspected);
      result.comparisons++;
      for (const difference of leafDifferences(model, actual, ''))
        result.differences.push(`${migration.file.path} ${schema}${difference}`);
    }
  }
  result.state = state;
  // The review catches up on many files through one draft: it must reach the very same state.
  const batched = applySchemaEffectSteps(
    emptySchemaState(schemas),
    migrations.map((migration) => ({
      effects: migrationSchemaEffects(migration),
      where: migration.file.path,
    })),
  );
  if (JSON.stringify(stateSnapshot(batched)) !== JSON.stringify(stateSnapshot(state))) {
    result.differences.push('applying every migration through one draft gave another state than one by one');
  }
  return result;
}

function stateSnapshot(state: SchemaState): unknown {
  return { schemas: [...state.schemas], inexact: [...state.inexact] };
}

/** leafDifferences lists where two JSON values differ, by path (arrays of named items by name). */
function leafDifferences(model: unknown, real: unknown, path: string): string[] {
  if (JSON.stringify(model) === JSON.stringify(real)) return [];
  if (Array.isArray(model) && Array.isArray(real)) {
    const named = (items: unknown[]) =>
      new Map(items.map((item, i) => [String((item as { name?: unknown })?.name ?? i), item]));
    const a = named(model);
    const b = named(real);
    const keys = [...new Set([...a.keys(), ...b.keys()])];
    return keys.flatMap((key) => leafDifferences(a.get(key), b.get(key), `${path}[${key}]`));
  }
  if (model !== null && real !== null && typeof model === 'object' && typeof real === 'object') {
    const keys = [...new Set([...Object.keys(model), ...Object.keys(real)])];
    return keys.flatMap((key) =>
      leafDifferences(
        (model as Record<string, unknown>)[key],
        (real as Record<string, unknown>)[key],
        `${path}.${key}`,
      ),
    );
  }
  return [
    `${path}: model ${JSON.stringify(model)?.slice(0, 300)} != real ${JSON.stringify(real)?.slice(0, 300)}`,
  ];
}

async function dropSchemas(db: Db, schemas: readonly string[]): Promise<void> {
  await db.exec(`DROP SCHEMA IF EXISTS ${schemas.map((s) => pg.escapeIdentifier(s)).join(', ')} CASCADE`);
}

function service(name: string, schema = name): ResolvedService {
  return { name, schema } as ResolvedService;
}

/** trickyEstate parses the hand-written migrations, keeping those the server's version supports. */
function trickyEstate(serverMajor: number): ServiceMigration[] {
  return TRICKY_MIGRATIONS.filter((m) => serverMajor >= (m.minimumMajor ?? 0)).map((m, i) => {
    const fileName = `${String(i + 1).padStart(4, '0')}_${m.name}.sql`;
    const path = `migrations/${m.service}/${fileName}`;
    const file = parseMigrationText(m.sql, { path, absolutePath: `/tricky/${path}`, fileName });
    if (file.problems.length > 0)
      throw new Error(`${path}: ${file.problems.map((p) => p.message).join('; ')}`);
    return { service: service(m.service, m.schema), file };
  });
}

describe.each(testBackends().map((backend) => [backend.name, backend] as const))(
  'schema model vs introspection on %s',
  (_name, backend) => {
    let database: TestDatabase;
    let db: Db;
    let serverMajor = 0;
    beforeAll(async () => {
      await loadSqlParser();
      database = await backend.createDatabase();
      db = await database.open();
      const version = await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
      serverMajor = Math.floor(Number(version.rows[0]?.v ?? 0) / 10000);
    });
    afterAll(async () => {
      await db?.close();
      await database?.drop();
    });

    it('follows the kronos example estate exactly', async () => {
      const config = await loadConfig({ cwd: KRONOS, env: {} });
      const estate = await discoverEstateMigrations(config);
      const schemas = config.services.map((s) => s.schema);
      const result = await replay(db, estate, schemas);
      await dropSchemas(db, schemas);
      expect(result.failures).toEqual([]);
      expect(result.differences).toEqual([]);
      expect([...result.state.inexact]).toEqual([]);
      expect(result.comparisons).toBeGreaterThanOrEqual(estate.length);
    });

    it('follows the benchmark corpus exactly', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'dbward-schema-model-'));
      try {
        await generateReviewCorpus(dir, BENCH_MIGRATIONS);
        const config = await loadConfig({ cwd: dir, env: {} });
        const estate = await discoverEstateMigrations(config);
        const schemas = config.services.map((s) => s.schema);
        const result = await replay(db, estate, schemas);
        await dropSchemas(db, schemas);
        expect(result.failures).toEqual([]);
        expect(result.differences).toEqual([]);
        expect([...result.state.inexact]).toEqual([]);
        expect(result.comparisons).toBeGreaterThanOrEqual(BENCH_MIGRATIONS);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('follows hand-written tricky DDL exactly', async () => {
      const estate = trickyEstate(serverMajor);
      const result = await replay(db, estate, TRICKY_SCHEMAS);
      await dropSchemas(db, TRICKY_SCHEMAS);
      expect(result.failures).toEqual([]);
      expect(result.differences).toEqual([]);
      expect([...result.state.inexact]).toEqual([]);
      // Every tricky migration was compared for every schema it touches.
      expect(result.comparisons).toBeGreaterThanOrEqual(estate.length);
    });
  },
);
