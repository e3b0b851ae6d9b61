import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../test/harness/backends.js';
import { loadConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import { DbwardError } from '../errors/dbward-error.js';
import { parseMigrationText } from '../migrations/parse-migration-file.js';
import { loadSqlParser } from '../migrations/sql-parser.js';
import { backupTable } from './backup-table.js';
import { verifyBackup } from './verify-backup.js';

const FIXTURE = `
CREATE SCHEMA auth;
CREATE TABLE auth.sessions (id bigint PRIMARY KEY, user_id bigint NOT NULL, token text, created_at timestamptz DEFAULT now());
INSERT INTO auth.sessions (id, user_id, token) SELECT g, g % 7, 'tok-' || g FROM generate_series(1, 25) g;
CREATE TABLE auth.tenant_users (tenant text, login text, email text, PRIMARY KEY (tenant, login));
INSERT INTO auth.tenant_users VALUES ('a', 'x', 'x@a'), ('b', 'y', 'y@b');
CREATE TABLE auth."User-Sessions" (id bigint PRIMARY KEY);
INSERT INTO auth."User-Sessions" VALUES (1), (2), (3);
`;

const NOV_22 = new Date('2026-11-22T10:00:00Z');

/**
 * A role (not a superuser) owning auth.docs, whose forced policy shows it no row unless
 * app.tenant is set: a backup run as that role used to copy none of the 3 rows. The caller runs
 * as the role after this, and calls the returned cleanup (as the superuser again) at the end.
 */
async function rowSecurityOwner(db: Db): Promise<{ role: string; cleanup: () => Promise<void> }> {
  const role = `dbward_rls_${randomBytes(4).toString('hex')}`;
  await db.exec(`CREATE ROLE ${role} NOLOGIN;
    CREATE SCHEMA IF NOT EXISTS archive;
    GRANT USAGE, CREATE ON SCHEMA auth, archive TO ${role};
    SET ROLE ${role};
    CREATE TABLE auth.docs (id int PRIMARY KEY, tenant text);
    INSERT INTO auth.docs VALUES (1, 'a'), (2, 'b'), (3, 'c');
    ALTER TABLE auth.docs ENABLE ROW LEVEL SECURITY;
    ALTER TABLE auth.docs FORCE ROW LEVEL SECURITY;
    CREATE POLICY tenant_only ON auth.docs USING (tenant = current_setting('app.tenant', true));`);
  return {
    role,
    cleanup: () => db.exec(`RESET ROLE; DROP OWNED BY ${role}; DROP ROLE ${role};`),
  };
}

for (const backend of testBackends()) {
  describe(`backupTable on ${backend.name}`, () => {
    let database: TestDatabase;
    let db: Db;
    let config: ResolvedConfig;
    let configDir: string;

    beforeAll(async () => {
      configDir = await mkdtemp(join(tmpdir(), 'dbward-backup-'));
      await writeFile(
        join(configDir, 'dbward.config.json'),
        JSON.stringify({ services: { auth: {}, leaves: {} } }),
      );
      config = await loadConfig({ cwd: configDir, env: {} });
      database = await backend.createDatabase();
      db = await database.open();
      await db.exec(FIXTURE);
      await loadSqlParser();
    });
    afterAll(async () => {
      await db?.close();
      await database?.drop();
      await rm(configDir, { recursive: true, force: true });
    });

    it('copies every row into archive.<service>__<table>__<date> and prints the directive', async () => {
      const result = await backupTable(config, db, { service: 'auth', table: 'sessions', now: NOV_22 });
      expect(result.archiveTable).toBe('archive.auth__sessions__20261122');
      expect(result.rows).toBe(25);
      expect(result.directive).toBe('-- dbward:backup archive.auth__sessions__20261122');
      expect(result.columns).toEqual(['id', 'user_id', 'token', 'created_at']);
      const copied = await db.query<{ n: string; tokens: string }>(
        `SELECT count(*)::text AS n, string_agg(token, ',' ORDER BY id) AS tokens FROM archive.auth__sessions__20261122`,
      );
      expect(copied.rows[0]?.n).toBe('25');
      expect(copied.rows[0]?.tokens.startsWith('tok-1,tok-2,tok-3')).toBe(true);
    });

    it('records source, columns, row count, time and who in the table comment', async () => {
      const comment = await db.query<{ comment: string }>(
        `SELECT obj_description('archive.auth__sessions__20261122'::regclass, 'pg_class') AS comment`,
      );
      const text = comment.rows[0]?.comment ?? '';
      expect(text.startsWith('dbward backup ')).toBe(true);
      const record = JSON.parse(text.slice('dbward backup '.length));
      expect(record).toMatchObject({
        schema: 'auth',
        table: 'sessions',
        source: 'auth.sessions',
        columns: ['id', 'user_id', 'token', 'created_at'],
        rows: 25,
        at: NOV_22.toISOString(),
      });
      expect(record.by).toMatch(/database role \w+/);
    });

    it('adds _2, _3 when a backup of the same table exists the same day', async () => {
      const second = await backupTable(config, db, { service: 'auth', table: 'sessions', now: NOV_22 });
      const third = await backupTable(config, db, { service: 'auth', table: 'sessions', now: NOV_22 });
      expect(second.archiveTable).toBe('archive.auth__sessions__20261122_2');
      expect(third.archiveTable).toBe('archive.auth__sessions__20261122_3');
      const nextDay = await backupTable(config, db, {
        service: 'auth',
        table: 'sessions',
        now: new Date('2026-11-23T00:30:00Z'),
      });
      expect(nextDay.archiveTable).toBe('archive.auth__sessions__20261123');
    });

    it('copies listed columns with the primary key columns first', async () => {
      const result = await backupTable(config, db, {
        service: 'auth',
        table: 'tenant_users',
        columns: ['email'],
        now: NOV_22,
      });
      expect(result.columns).toEqual(['tenant', 'login', 'email']);
      expect(result.rows).toBe(2);
      const columns = await db.query<{ attname: string }>(
        `SELECT attname::text AS attname FROM pg_attribute
          WHERE attrelid = 'archive.auth__tenant_users__20261122'::regclass AND attnum > 0 ORDER BY attnum`,
      );
      expect(columns.rows.map((r) => r.attname)).toEqual(['tenant', 'login', 'email']);
    });

    it('gives a table whose name needs quotes an archive name the backup directive accepts', async () => {
      const result = await backupTable(config, db, { service: 'auth', table: 'User-Sessions', now: NOV_22 });
      expect(result.archiveTable).toBe('archive.auth__user_sessions__20261122');
      expect(result.rows).toBe(3);
      const parsed = parseMigrationText(`-- migrate:up\n${result.directive}\nDROP TABLE "User-Sessions";\n`, {
        path: 'x/0001_drop.sql',
        absolutePath: '/x/0001_drop.sql',
        fileName: '0001_drop.sql',
      });
      expect(parsed.problems).toEqual([]);
      const directive = parsed.directives.find((d) => d.kind === 'backup');
      expect(directive?.target).toBe('archive.auth__user_sessions__20261122');
      const verified = await verifyBackup(db, {
        schema: 'auth',
        table: 'User-Sessions',
        backupTable: directive?.target ?? '',
      });
      expect(verified.ok).toBe(true);
    });

    it('shortens a name too long for an identifier, with a hash that keeps two long tables apart', async () => {
      const long = 'customer_notification_preferences_history_by_channel';
      await db.exec(
        `CREATE TABLE auth.${long}_email (id int PRIMARY KEY); CREATE TABLE auth.${long}_phone (id int PRIMARY KEY);
         INSERT INTO auth.${long}_email VALUES (1), (2);`,
      );
      const email = await backupTable(config, db, { service: 'auth', table: `${long}_email`, now: NOV_22 });
      const phone = await backupTable(config, db, { service: 'auth', table: `${long}_phone`, now: NOV_22 });
      const again = await backupTable(config, db, { service: 'auth', table: `${long}_email`, now: NOV_22 });
      const names = [email, phone, again].map((result) => result.archiveTable.slice('archive.'.length));
      expect(names[0]).toMatch(/^auth__customer_notification_preferences_[a-z_]*_[0-9a-f]{8}__20261122$/);
      expect(new Set(names).size).toBe(3);
      expect(names[2]).toBe(`${names[0]}_2`);
      for (const name of names) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
      expect(email.rows).toBe(2);
      const verified = await verifyBackup(db, {
        schema: 'auth',
        table: `${long}_email`,
        backupTable: email.archiveTable,
      });
      expect(verified.ok).toBe(true);
    });

    it('refuses to copy a table whose row-level security hides rows from the role, instead of copying fewer', async () => {
      const { cleanup } = await rowSecurityOwner(db);
      try {
        const visible = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM auth.docs');
        expect(visible.rows[0]?.n).toBe(0);
        const error = await backupTable(config, db, { service: 'auth', table: 'docs', now: NOV_22 }).catch(
          (e) => e,
        );
        expect(error).toBeInstanceOf(DbwardError);
        expect(error).toMatchObject({ code: 'row-security', sqlState: '42501' });
        expect(error.message).toMatch(
          /^backup auth\.docs: auth\.docs has row-level security policies that apply to this database role, so the copy would miss every row they hide \(42501 .*row-level security.*\); run it as a role that reads every row: the table's owner \(with no FORCE ROW LEVEL SECURITY on it\), a superuser, or a role with BYPASSRLS$/,
        );
        const archived = await db.query(`SELECT 1 FROM pg_class WHERE relname LIKE 'auth__docs%'`);
        expect(archived.rows.length).toBe(0);

        // The owner without FORCE reads every row: the copy is whole (made by a role that may
        // create tables in archive but not schemas in the database).
        await db.exec('ALTER TABLE auth.docs NO FORCE ROW LEVEL SECURITY');
        const result = await backupTable(config, db, { service: 'auth', table: 'docs', now: NOV_22 });
        expect(result.rows).toBe(3);
        const copied = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${result.archiveTable}`);
        expect(copied.rows[0]?.n).toBe(3);
      } finally {
        await cleanup();
      }
    });

    it('refuses an unknown service with exit code 2 and names the services', async () => {
      const error = await backupTable(config, db, { service: 'billing', table: 'sessions' }).catch((e) => e);
      expect(error).toBeInstanceOf(DbwardError);
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain('no service "billing"');
      expect(error.message).toContain('auth, leaves');
    });

    it('fails with the schema-qualified name when the table does not exist, creating nothing', async () => {
      const error = await backupTable(config, db, { service: 'leaves', table: 'requests' }).catch((e) => e);
      expect(error).toBeInstanceOf(DbwardError);
      expect(error.exitCode).toBe(1);
      expect(error.message).toBe('backup leaves.requests: table leaves.requests does not exist');
      const archived = await db.query(`SELECT 1 FROM pg_class WHERE relname LIKE 'leaves__requests%'`);
      expect(archived.rows.length).toBe(0);
    });

    it('names an unknown column and copies nothing', async () => {
      const error = await backupTable(config, db, {
        service: 'auth',
        table: 'sessions',
        columns: ['token', 'secret'],
        now: new Date('2026-12-01T00:00:00Z'),
      }).catch((e) => e);
      expect(error).toBeInstanceOf(DbwardError);
      expect(error.code).toBe('unknown-column');
      expect(error.message).toContain('no column "secret"');
      const archived = await db.query(`SELECT 1 FROM pg_class WHERE relname = 'auth__sessions__20261201'`);
      expect(archived.rows.length).toBe(0);
    });
  });
}
