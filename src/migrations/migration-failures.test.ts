import { describe, expect, it } from 'vitest';
import { testBackends } from '../../test/harness/backends.js';
import {
  createTableMigration,
  relationExists,
  sqlMigration,
  useMigrationProject,
} from '../../test/migrations/migration-project.js';
import { applyMigrations } from './apply-migrations.js';
import { readAppliedMigrations } from './history-table.js';
import { rollbackMigrations } from './rollback-migrations.js';
import { verifyMigrations } from './verify-migrations.js';

for (const backend of testBackends()) {
  describe(`${backend.name}: a migration that fails`, () => {
    const fx = useMigrationProject(backend, ['auth'], {
      setup: async (project) => {
        await project.writeMigration(
          'auth',
          '0001_users.sql',
          createTableMigration('users', 'id int PRIMARY KEY'),
        );
      },
    });

    it('stops at a SQL error, names file:line:column and SQLSTATE, keeps earlier ones', async () => {
      await fx.project.writeMigration(
        'auth',
        '0002_broken.sql',
        '-- Broken\n-- migrate:up\nCREATE TABLE sessions (id int);\n-- déjà vu\nINSERT INTO sessions SELECT id FROM   missing_table;\n\n-- migrate:down\nDROP TABLE sessions;\n',
      );
      await fx.project.writeMigration('auth', '0003_later.sql', createTableMigration('later'));
      const result = await applyMigrations(await fx.project.config(), fx.db);
      expect(result.failure).toMatchObject({
        service: 'auth',
        id: 2,
        code: 'sql-error',
        sqlState: '42P01',
        position: { file: 'migrations/auth/0002_broken.sql', line: 5, column: 39 },
      });
      expect(result.failure?.message).toMatch(
        /^apply migrations\/auth\/0002_broken\.sql:5:39: relation "missing_table" does not exist \(SQLSTATE 42P01\)/,
      );
      expect(result.services[0]?.applied.map((step) => step.id)).toEqual([1]);
      expect((await readAppliedMigrations(fx.db, 'auth')).map((row) => row.id)).toEqual([1]);
      expect(await relationExists(fx.db, 'auth.users')).toBe(true);
      expect(await relationExists(fx.db, 'auth.sessions')).toBe(false);
      expect(await relationExists(fx.db, 'auth.later')).toBe(false);
    });

    it('locates an error the server gives no position for by replaying the statements', async () => {
      await fx.project.writeMigration(
        'auth',
        '0002_duplicate.sql',
        sqlMigration(
          "CREATE TABLE codes (code text PRIMARY KEY);\nINSERT INTO codes VALUES ('a');\n  INSERT INTO codes VALUES ('a');",
          'DROP TABLE codes;',
        ),
      );
      const result = await applyMigrations(await fx.project.config(), fx.db);
      expect(result.failure).toMatchObject({ sqlState: '23505', position: { line: 4, column: 3 } });
      expect(await relationExists(fx.db, 'auth.codes')).toBe(false);
    });

    it('runs a no-transaction migration statement by statement and records it only on success', async () => {
      await fx.project.writeMigration(
        'auth',
        '0002_index.sql',
        '-- dbward:no-transaction\n-- migrate:up\nCREATE INDEX CONCURRENTLY idx_users_id ON users (id);\nCREATE INDEX CONCURRENTLY idx_users_id2 ON users (id);\n\n-- migrate:down\nDROP INDEX CONCURRENTLY idx_users_id2;\nDROP INDEX CONCURRENTLY idx_users_id;\n',
      );
      const result = await applyMigrations(await fx.project.config(), fx.db);
      expect(result.failure).toBeNull();
      expect(await relationExists(fx.db, 'auth.idx_users_id2')).toBe(true);
      const history = await readAppliedMigrations(fx.db, 'auth');
      expect(history.map((row) => [row.id, row.noTransaction])).toEqual([
        [1, false],
        [2, true],
      ]);
      const down = await rollbackMigrations(await fx.project.config(), fx.db, { service: 'auth' });
      expect(down.failure).toBeNull();
      expect(await relationExists(fx.db, 'auth.idx_users_id')).toBe(false);
    });

    it('does not record a no-transaction migration whose second statement fails', async () => {
      await fx.project.writeMigration(
        'auth',
        '0002_index.sql',
        '-- dbward:no-transaction\n-- migrate:up\nCREATE INDEX CONCURRENTLY idx_users_id ON users (id);\nCREATE INDEX CONCURRENTLY idx_nope ON users (nope);\n\n-- migrate:down\nDROP INDEX CONCURRENTLY idx_users_id;\n',
      );
      const result = await applyMigrations(await fx.project.config(), fx.db);
      expect(result.failure).toMatchObject({ sqlState: '42703', position: { line: 4, column: 1 } });
      expect((await readAppliedMigrations(fx.db, 'auth')).map((row) => row.id)).toEqual([1]);
    });

    it('treats a CRLF checkout of an applied LF file as unchanged and points a rollback failure into it', async () => {
      const lf =
        '-- Sessions\n-- migrate:up\nCREATE TABLE sessions (id int);\n\n-- migrate:down\nDROP TABLE sessions;\nSELECT   nope FROM users;\n';
      await fx.project.writeMigration('auth', '0002_sessions.sql', lf);
      const config = await fx.project.config();
      expect((await applyMigrations(config, fx.db)).failure).toBeNull();
      await fx.project.writeMigration('auth', '0002_sessions.sql', lf.replaceAll('\n', '\r\n'));
      expect((await verifyMigrations(config, fx.db)).problems).toEqual([]);
      // An edit of the up section (not the down one) of the CRLF file: the down section still
      // matches the stored one but for its line ends, so there is nothing to warn about.
      await fx.project.writeMigration(
        'auth',
        '0002_sessions.sql',
        lf.replace('(id int)', '(id  int)').replaceAll('\n', '\r\n'),
      );
      const result = await rollbackMigrations(config, fx.db, { service: 'auth' });
      expect(result.warnings).toEqual([]);
      expect(result.failure).toMatchObject({
        sqlState: '42703',
        position: { file: 'migrations/auth/0002_sessions.sql', line: 7, column: 10 },
      });
    });
  });
}
