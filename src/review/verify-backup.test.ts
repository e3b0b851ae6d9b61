import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../test/harness/backends.js';
import type { Db } from '../db/db.js';
import { DbwardError } from '../errors/dbward-error.js';
import { verifyBackup } from './verify-backup.js';

const FIXTURE = `
CREATE SCHEMA auth;
CREATE SCHEMA archive;
CREATE TABLE auth.sessions (id bigint PRIMARY KEY, token text, ip inet);
INSERT INTO auth.sessions (id, token) SELECT g, 'tok-' || g FROM generate_series(1, 10) g;
CREATE TABLE archive.auth__sessions__20261122 AS SELECT * FROM auth.sessions;
CREATE TABLE archive.auth__sessions__partial AS SELECT * FROM auth.sessions WHERE id <= 9;
CREATE TABLE archive.auth__sessions__tokens AS SELECT id, token FROM auth.sessions;
`;

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
        columns: ['ip'],
      });
      expect(withIp.ok).toBe(false);
      expect(withIp.problem).toBe('backup archive.auth__sessions__tokens lacks column ip');
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

    it('sees rows added after the backup', async () => {
      await db.exec(`CREATE TABLE auth.devices (id int PRIMARY KEY);
        INSERT INTO auth.devices VALUES (1), (2);
        CREATE TABLE archive.auth__devices__20261122 AS SELECT * FROM auth.devices;
        INSERT INTO auth.devices VALUES (3);`);
      const result = await verifyBackup(db, {
        schema: 'auth',
        table: 'devices',
        backupTable: 'archive.auth__devices__20261122',
      });
      expect(result).toMatchObject({ ok: false, sourceRows: 3, backupRows: 2 });
    });
  });
}
