import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../test/harness/backends.js';
import type { Db } from '../db/db.js';
import { DbwardError } from '../errors/dbward-error.js';
import { parseBackupTarget, verifyBackup } from './verify-backup.js';

/** The comment `dbward backup` writes on its copy, with only what the review reads. */
function recordSource(archive: string, schema: string, table: string): string {
  return `COMMENT ON TABLE ${archive} IS 'dbward backup {"schema":"${schema}","table":"${table}","source":"${schema}.${table}"}';`;
}

const FIXTURE = `
CREATE SCHEMA auth;
CREATE SCHEMA archive;
CREATE TABLE auth.sessions (id bigint PRIMARY KEY, token text, ip inet);
INSERT INTO auth.sessions (id, token) SELECT g, 'tok-' || g FROM generate_series(1, 10) g;
CREATE TABLE archive.auth__sessions__20261122 AS SELECT * FROM auth.sessions;
CREATE TABLE archive.auth__sessions__partial AS SELECT * FROM auth.sessions WHERE id <= 9;
CREATE TABLE archive.auth__sessions__tokens AS SELECT id, token FROM auth.sessions;
CREATE TABLE archive.auth__sessions__token_only AS SELECT token FROM auth.sessions;
CREATE TABLE archive."Auth_Sessions" AS SELECT * FROM auth.sessions;
CREATE TABLE archive.auth__sessions__by_hand AS SELECT * FROM auth.sessions;
CREATE TABLE auth.users (id bigint PRIMARY KEY, token text, ip inet);
INSERT INTO auth.users (id) SELECT g FROM generate_series(1, 20) g;
CREATE TABLE archive.auth__users__20261122 AS SELECT * FROM auth.users;
${recordSource('archive.auth__sessions__20261122', 'auth', 'sessions')}
${recordSource('archive.auth__sessions__partial', 'auth', 'sessions')}
${recordSource('archive.auth__sessions__tokens', 'auth', 'sessions')}
${recordSource('archive.auth__sessions__token_only', 'auth', 'sessions')}
${recordSource('archive."Auth_Sessions"', 'auth', 'sessions')}
${recordSource('archive.auth__users__20261122', 'auth', 'users')}
`;

const COLUMN_BACKUP_WHY =
  '(a column backup holds the dropped column and the primary key of auth.sessions (id) to match the rows back)';

describe('parseBackupTarget', () => {
  it('reads [schema.]name as Postgres reads identifiers: unquoted folded, quoted kept', () => {
    expect(parseBackupTarget('ARCHIVE.Auth__X')).toEqual({
      schema: 'archive',
      name: 'auth__x',
      shown: 'archive.auth__x',
    });
    expect(parseBackupTarget('archive."Odd.Name ""x"""')).toMatchObject({
      schema: 'archive',
      name: 'Odd.Name "x"',
    });
    expect(parseBackupTarget('auth__x')).toMatchObject({ schema: 'archive', name: 'auth__x' });
    for (const bad of ['', 'a.', '.a', 'a.b.c', 'a."b', 'a b']) expect(parseBackupTarget(bad)).toBeNull();
  });
});

for (const backend of testBackends()) {
  describe(`verifyBackup on ${backend.name}`, () => {
    let database: TestDatabase;
    let db: Db;

    beforeAll(async () => {
      database = await backend.createDatabase();
      db = await database.open();
      await db.exec(FIXTURE);
    });
    afterAll(async () => {
      await db?.close();
      await database?.drop();
    });

    it('is ok for a backup holding every row', async () => {
      const result = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'archive.auth__sessions__20261122',
      });
      expect(result).toEqual({ exists: true, sourceRows: 10, backupRows: 10, ok: true, problem: null });
    });

    it('is not ok when the backup holds fewer rows than the source', async () => {
      const result = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'archive.auth__sessions__partial',
      });
      expect(result.ok).toBe(false);
      expect(result.backupRows).toBe(9);
      expect(result.problem).toBe(
        'backup archive.auth__sessions__partial holds 9 rows but auth.sessions has 10',
      );
    });

    it('is not ok when the backup does not exist', async () => {
      const result = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'archive.auth__sessions__19990101',
      });
      expect(result).toMatchObject({ exists: false, backupRows: null, ok: false, sourceRows: 10 });
      expect(result.problem).toBe('backup archive.auth__sessions__19990101 does not exist');
    });

    it('requires the backup of a dropped table to hold every column of it, naming the missing ones', async () => {
      const result = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'archive.auth__sessions__tokens',
      });
      expect(result).toMatchObject({ exists: true, ok: false, backupRows: 10, sourceRows: 10 });
      expect(result.problem).toBe(
        'backup archive.auth__sessions__tokens lacks column ip (a backup of a dropped table holds every column of auth.sessions)',
      );
    });

    it('checks a column backup holds the columns about to be dropped', async () => {
      const withToken = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'archive.auth__sessions__tokens',
        columns: ['token'],
      });
      expect(withToken.ok).toBe(true);
      const withIp = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'archive.auth__sessions__tokens',
        columns: ['ip', 'token'],
      });
      expect(withIp.ok).toBe(false);
      expect(withIp.problem).toBe(
        'backup archive.auth__sessions__tokens lacks column ip (a column backup holds the dropped columns and the primary key of auth.sessions (id) to match the rows back)',
      );
    });

    it('requires a column backup to hold the primary key as well', async () => {
      const result = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'archive.auth__sessions__token_only',
        columns: ['token'],
      });
      expect(result.ok).toBe(false);
      expect(result.problem).toBe(
        `backup archive.auth__sessions__token_only lacks column id ${COLUMN_BACKUP_WHY}`,
      );
    });

    it('refuses a table outside the archive schema, and the dropped table itself', async () => {
      const itself = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'auth.sessions',
      });
      expect(itself).toMatchObject({ ok: false, exists: false, backupRows: null });
      expect(itself.problem).toBe(
        'backup auth.sessions is auth.sessions itself, the table that loses the data',
      );
      const other = await verifyBackup(db, { schema: 'auth', table: 'sessions', backupTable: 'auth.users' });
      expect(other.ok).toBe(false);
      expect(other.problem).toBe(
        'backup auth.users is not in the archive schema (only archive.<name>, as `dbward backup` makes, counts as a backup)',
      );
      // Not even a table of the archive schema backs itself up.
      const archived = await verifyBackup(db, {
        schema: 'archive',
        table: 'auth__sessions__20261122',
        backupTable: 'archive.auth__sessions__20261122',
      });
      expect(archived.ok).toBe(false);
      expect(archived.problem).toBe(
        'backup archive.auth__sessions__20261122 is archive.auth__sessions__20261122 itself, the table that loses the data',
      );
    });

    it('refuses the backup of another table, by the source its comment records', async () => {
      // auth.users has every column of auth.sessions and more rows: only the record tells them apart.
      const result = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'archive.auth__users__20261122',
      });
      expect(result).toMatchObject({ ok: false, exists: true, backupRows: 20 });
      expect(result.problem).toBe(
        'backup archive.auth__users__20261122 is a copy of auth.users, not of auth.sessions',
      );
    });

    it('refuses a backup that does not record its source, and says how to record it', async () => {
      const result = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'archive.auth__sessions__by_hand',
      });
      expect(result).toMatchObject({ ok: false, exists: true, backupRows: 10 });
      expect(result.problem).toBe(
        'backup archive.auth__sessions__by_hand does not record its source (no "dbward backup " comment), so it cannot be confirmed to be a copy of auth.sessions: make it with `dbward backup`, or record it with COMMENT ON TABLE archive.auth__sessions__by_hand IS \'dbward backup {"source":"auth.sessions"}\'',
      );
      // The comment the message suggests is enough.
      await db.exec(
        `COMMENT ON TABLE archive.auth__sessions__by_hand IS 'dbward backup {"source":"auth.sessions"}'`,
      );
      try {
        const recorded = await verifyBackup(db, {
          schema: 'auth',
          table: 'sessions',
          backupTable: 'archive.auth__sessions__by_hand',
        });
        expect(recorded).toMatchObject({ ok: true, problem: null });
      } finally {
        await db.exec('COMMENT ON TABLE archive.auth__sessions__by_hand IS NULL');
      }
    });

    it('folds unquoted names to lower case as Postgres does, and keeps quoted ones', async () => {
      const folded = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'ARCHIVE.AUTH__SESSIONS__20261122',
      });
      expect(folded).toMatchObject({ ok: true, backupRows: 10 });
      const quoted = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'archive."Auth_Sessions"',
      });
      expect(quoted).toMatchObject({ ok: true, backupRows: 10 });
      const unquoted = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'archive.Auth_Sessions',
      });
      expect(unquoted.problem).toBe('backup archive.auth_sessions does not exist');
      const quotedSchema = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: '"ARCHIVE".auth__sessions__20261122',
      });
      expect(quotedSchema.ok).toBe(false);
      expect(quotedSchema.problem).toMatch(
        /^backup ARCHIVE\.auth__sessions__20261122 is not in the archive schema/,
      );
    });

    it('takes a bare name to be in the archive schema', async () => {
      const result = await verifyBackup(db, {
        schema: 'auth',
        table: 'sessions',
        backupTable: 'auth__sessions__20261122',
      });
      expect(result.ok).toBe(true);
    });

    it('turns a Postgres failure into a DbwardError naming the backup and the SQLSTATE', async () => {
      // Roles are cluster-wide on a server: a name of its own per run.
      const role = `dbward_backup_reader_${randomBytes(4).toString('hex')}`;
      await db.exec(`CREATE ROLE ${role};
        GRANT USAGE ON SCHEMA auth, archive TO ${role};
        GRANT SELECT ON auth.sessions TO ${role};
        SET ROLE ${role};`);
      try {
        const error = await verifyBackup(db, {
          schema: 'auth',
          table: 'sessions',
          backupTable: 'archive.auth__sessions__20261122',
        }).catch((e) => e);
        expect(error).toBeInstanceOf(DbwardError);
        expect(error.sqlState).toBe('42501');
        expect(error.message).toMatch(
          /^verify backup archive\.auth__sessions__20261122 of auth\.sessions: 42501 permission denied/,
        );
      } finally {
        await db.exec(`RESET ROLE; DROP OWNED BY ${role}; DROP ROLE ${role};`);
      }
    });

    it('refuses to count a table whose row-level security hides rows from the role, instead of counting fewer', async () => {
      // A role (not a superuser) owning the table, with a forced policy that shows it no row.
      const role = `dbward_rls_${randomBytes(4).toString('hex')}`;
      await db.exec(`CREATE ROLE ${role};
        GRANT USAGE, CREATE ON SCHEMA auth, archive TO ${role};
        SET ROLE ${role};
        CREATE TABLE auth.docs (id int PRIMARY KEY, tenant text);
        INSERT INTO auth.docs VALUES (1, 'a'), (2, 'b'), (3, 'c');
        CREATE TABLE archive.auth__docs__empty AS SELECT * FROM auth.docs WHERE false;
        ${recordSource('archive.auth__docs__empty', 'auth', 'docs')}
        ALTER TABLE auth.docs ENABLE ROW LEVEL SECURITY;
        ALTER TABLE auth.docs FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_only ON auth.docs USING (tenant = current_setting('app.tenant', true));`);
      const options = { schema: 'auth', table: 'docs', backupTable: 'archive.auth__docs__empty' };
      try {
        const error = await verifyBackup(db, options).catch((e) => e);
        expect(error).toBeInstanceOf(DbwardError);
        expect(error).toMatchObject({ code: 'row-security', sqlState: '42501' });
        expect(error.message).toMatch(
          /^verify backup archive\.auth__docs__empty of auth\.docs: auth\.docs has row-level security policies that apply to this database role, so the count would leave out every row they hide \(42501 .*\); run it as a role that reads every row: the table's owner \(with no FORCE ROW LEVEL SECURITY on it\), a superuser, or a role with BYPASSRLS$/,
        );
        // In the caller's transaction it turns row security off there, and is refused the same way.
        const inTransaction = await db.transaction((tx) => verifyBackup(tx, options)).catch((e) => e);
        expect(inTransaction).toMatchObject({ code: 'row-security' });
        // The owner without FORCE sees every row: the empty backup is short, as it is.
        await db.exec('ALTER TABLE auth.docs NO FORCE ROW LEVEL SECURITY');
        expect(await verifyBackup(db, options)).toMatchObject({ ok: false, sourceRows: 3, backupRows: 0 });
      } finally {
        await db.exec(`RESET ROLE; DROP OWNED BY ${role}; DROP ROLE ${role};`);
      }
    });

    it('sees rows added after the backup', async () => {
      await db.exec(`CREATE TABLE auth.devices (id int PRIMARY KEY);
        INSERT INTO auth.devices VALUES (1), (2);
        CREATE TABLE archive.auth__devices__20261122 AS SELECT * FROM auth.devices;
        ${recordSource('archive.auth__devices__20261122', 'auth', 'devices')}
        INSERT INTO auth.devices VALUES (3);`);
      const result = await verifyBackup(db, {
        schema: 'auth',
        table: 'devices',
        backupTable: 'archive.auth__devices__20261122',
      });
      expect(result).toMatchObject({ ok: false, sourceRows: 3, backupRows: 2 });
      expect(result.problem).toBe(
        'backup archive.auth__devices__20261122 holds 2 rows but auth.devices has 3',
      );
    });
  });
}
