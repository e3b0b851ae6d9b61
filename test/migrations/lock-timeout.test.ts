import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import { applyMigrations } from '../../src/migrations/apply-migrations.js';
import { readAppliedMigrations } from '../../src/migrations/history-table.js';
import {
  describeMigrationProgress,
  type MigrationProgress,
} from '../../src/migrations/migration-progress.js';
import { rollbackMigrations } from '../../src/migrations/rollback-migrations.js';
import { serverBackends, type TestDatabase } from '../harness/backends.js';
import { runCliInProcess } from '../harness/run-cli.js';
import {
  createMigrationProject,
  createTableMigration,
  type MigrationProject,
  sqlMigration,
} from './migration-project.js';

for (const backend of serverBackends()) {
  describe(`${backend.name}: lock_timeout, retries and statement_timeout`, () => {
    let database: TestDatabase;
    let project: MigrationProject;
    let locker: Db;

    /** Another session takes an ACCESS EXCLUSIVE lock, as a long transaction of the application would. */
    const lockUsers = () => locker.exec('BEGIN; LOCK TABLE auth.users IN ACCESS EXCLUSIVE MODE;');
    const releaseUsers = () => locker.exec('COMMIT');
    /** Collects progress events into `events`, releasing the lock when retry `attempt` is announced. */
    const releaseOnRetry =
      (attempt: number, events: MigrationProgress[]) =>
      (event: MigrationProgress): void => {
        events.push(event);
        if (event.kind === 'retry' && event.attempt === attempt) void releaseUsers();
      };
    const retries = (events: MigrationProgress[]) => events.filter((event) => event.kind === 'retry');
    /** Opens the test database for `use` and closes it again. */
    const withDb = async (use: (db: Db) => Promise<void>): Promise<void> => {
      const db = await database.open();
      try {
        await use(db);
      } finally {
        await db.close();
      }
    };
    const appliedIds = async (db: Db) => (await readAppliedMigrations(db, 'auth')).map((row) => row.id);
    const relationExists = async (db: Db, name: string) =>
      (await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [name])).rows[0]
        ?.present;
    const writeSecond = (up: string, down: string, options: { noTransaction?: boolean } = {}) =>
      project.writeMigration(
        'auth',
        '0002_users_email.sql',
        `${options.noTransaction === true ? '-- dbward:no-transaction\n' : ''}${sqlMigration(up, down)}`,
      );

    beforeEach(async () => {
      database = await backend.createDatabase();
      project = await createMigrationProject(database, ['auth'], {
        lockTimeout: '100ms',
        migrations: { lockRetryAttempts: 3, lockRetryBackoff: '50ms' },
      });
      await project.writeMigration('auth', '0001_users.sql', createTableMigration('users'));
      expect((await runCliInProcess(['--cwd', project.dir, 'up'])).exitCode).toBe(0);
      await writeSecond(
        'CREATE TABLE side (id int);\nALTER TABLE users ADD COLUMN email text;',
        'ALTER TABLE users DROP COLUMN email;\nDROP TABLE side;',
      );
      locker = await database.open();
      await lockUsers();
    });
    afterEach(async () => {
      await locker.close();
      await project.remove();
      await database.drop();
    });

    it('retries with backoff, then fails cleanly with exit 1 and nothing of the migration applied', async () => {
      // A second pending migration makes the first attempt part of a multi-migration round trip.
      await project.writeMigration('auth', '0003_later.sql', createTableMigration('later'));
      const run = await runCliInProcess(['--cwd', project.dir, 'up']);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(
        'lock timeout in migrations/auth/0002_users_email.sql (attempt 1 of 3): rolled back, retrying in 50 ms',
      );
      expect(run.stderr).toContain('(attempt 2 of 3): rolled back, retrying in 100 ms');
      expect(run.stderr).not.toContain('attempt 3 of 3');
      // The retries run statement by statement, so the last failure names the statement that waited.
      expect(run.stderr).toMatch(
        /error: apply migrations\/auth\/0002_users_email\.sql:3:1: .*\(SQLSTATE 55P03\); gave up after 3 attempts with lock_timeout 100ms/,
      );
      await withDb(async (db) => {
        expect(await appliedIds(db)).toEqual([1]);
        expect(await relationExists(db, 'auth.side')).toBe(false);
      });
    });

    it('succeeds when the lock is released during the retries', async () => {
      const config = await project.config();
      const events: MigrationProgress[] = [];
      await withDb(async (db) => {
        const result = await applyMigrations(config, db, { onProgress: releaseOnRetry(1, events) });
        expect(result.failure).toBeNull();
        expect(result.services[0]?.applied).toEqual([expect.objectContaining({ id: 2, attempts: 2 })]);
        expect(retries(events)).toHaveLength(1);
        expect(await appliedIds(db)).toEqual([1, 2]);
      });
    });

    it('retries only the timed-out statement of a no-transaction migration, never the ones before it', async () => {
      await writeSecond(
        'CREATE TABLE side (id int);\nINSERT INTO side VALUES (1);\nALTER TABLE users ADD COLUMN email text;',
        'ALTER TABLE users DROP COLUMN email;\nDROP TABLE side;',
        { noTransaction: true },
      );
      const config = await project.config();
      const events: MigrationProgress[] = [];
      await withDb(async (db) => {
        const result = await applyMigrations(config, db, { onProgress: releaseOnRetry(2, events) });
        expect(result.failure).toBeNull();
        expect(result.services[0]?.applied).toEqual([expect.objectContaining({ id: 2, attempts: 3 })]);
        expect(retries(events)).toHaveLength(2);
        expect(retries(events).map(describeMigrationProgress)).toEqual([
          'lock timeout in migrations/auth/0002_users_email.sql (attempt 1 of 3): the statement did not run (the ones before it stay done), retrying it in 50 ms',
          'lock timeout in migrations/auth/0002_users_email.sql (attempt 2 of 3): the statement did not run (the ones before it stay done), retrying it in 100 ms',
        ]);
        // The statements before the locked one ran once: re-running them would fail or insert twice.
        const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM auth.side');
        expect(rows.rows[0]?.n).toBe(1);
        expect(await appliedIds(db)).toEqual([1, 2]);
      });
    });

    it('gives up on a no-transaction statement after the attempts, keeping what ran before it', async () => {
      await writeSecond(
        'CREATE TABLE side (id int);\nALTER TABLE users ADD COLUMN email text;',
        'ALTER TABLE users DROP COLUMN email;\nDROP TABLE side;',
        { noTransaction: true },
      );
      const run = await runCliInProcess(['--cwd', project.dir, 'up']);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(
        '(attempt 2 of 3): the statement did not run (the ones before it stay done), retrying it in 100 ms',
      );
      // The no-transaction marker is line 1, the up marker line 2: the ALTER is on line 4.
      expect(run.stderr).toMatch(
        /error: apply migrations\/auth\/0002_users_email\.sql:4:1: .*\(SQLSTATE 55P03\); gave up after 3 attempts/,
      );
      expect(run.stderr).toContain(
        'that statement did not run; the statement before the failure in this no-transaction migration stays committed',
      );
      expect(run.stderr).toContain('migrations/auth/0002_users_email.sql partly applied (not recorded)');
      await withDb(async (db) => {
        expect(await appliedIds(db)).toEqual([1]);
        expect(await relationExists(db, 'auth.side')).toBe(true);
      });
    });

    it('does not retry a CREATE INDEX CONCURRENTLY that timed out (it can leave an INVALID index)', async () => {
      await writeSecond(
        'CREATE INDEX CONCURRENTLY users_id_idx ON users (id);',
        'DROP INDEX CONCURRENTLY users_id_idx;',
        {
          noTransaction: true,
        },
      );
      const config = await project.config();
      const events: MigrationProgress[] = [];
      await withDb(async (db) => {
        const result = await applyMigrations(config, db, { onProgress: (event) => events.push(event) });
        expect(result.failure?.sqlState).toBe('55P03');
        expect(retries(events)).toHaveLength(0);
        expect(await appliedIds(db)).toEqual([1]);
      });
    });

    it('names the statement of a transactional rollback that gave up on its lock', async () => {
      await writeSecond(
        'CREATE TABLE side (id int);\nALTER TABLE users ADD COLUMN email text;',
        'DROP TABLE side;\n\n  ALTER TABLE users DROP COLUMN email;',
      );
      await releaseUsers();
      expect((await runCliInProcess(['--cwd', project.dir, 'up'])).exitCode).toBe(0);
      await lockUsers();
      const run = await runCliInProcess(['--cwd', project.dir, 'down', 'auth']);
      expect(run.exitCode).toBe(1);
      // The down section starts on line 6; its ALTER is on line 8, column 3.
      expect(run.stderr).toMatch(
        /error: roll back migrations\/auth\/0002_users_email\.sql:8:3: .*\(SQLSTATE 55P03\); gave up after 3 attempts/,
      );
      await withDb(async (db) => {
        expect(await appliedIds(db)).toEqual([1, 2]);
        expect(await relationExists(db, 'auth.side')).toBe(true);
      });
    });

    it('names the statement that waited for its lock with no retries, in a round trip of several migrations', async () => {
      await project.writeConfig({ lockTimeout: '100ms', migrations: { lockRetryAttempts: 1 } });
      // 0002 (CREATE TABLE side, then the ALTER of the locked users) and 0003 share a round trip.
      await project.writeMigration('auth', '0003_later.sql', createTableMigration('later'));
      const run = await runCliInProcess(['--cwd', project.dir, 'up']);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toMatch(
        /error: apply migrations\/auth\/0002_users_email\.sql:3:1: .*\(SQLSTATE 55P03\)/,
      );
      await withDb(async (db) => {
        expect(await appliedIds(db)).toEqual([1]);
        expect(await relationExists(db, 'auth.side')).toBe(false);
      });
    });

    it('rolls a no-transaction migration back retrying only the statement that timed out', async () => {
      await writeSecond(
        'ALTER TABLE users ADD COLUMN email text;\nCREATE TABLE side (id int);',
        'DROP TABLE side;\nALTER TABLE users DROP COLUMN email;',
        { noTransaction: true },
      );
      await releaseUsers();
      const config = await project.config();
      const events: MigrationProgress[] = [];
      await withDb(async (db) => {
        expect((await applyMigrations(config, db)).failure).toBeNull();
        await lockUsers();
        const result = await rollbackMigrations(config, db, {
          service: 'auth',
          onProgress: releaseOnRetry(1, events),
        });
        // DROP TABLE side ran once; running it again would have failed (42P01).
        expect(result.failure).toBeNull();
        expect(retries(events)).toHaveLength(1);
        expect(await appliedIds(db)).toEqual([1]);
        expect(await relationExists(db, 'auth.side')).toBe(false);
        const email = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'auth' AND column_name = 'email'",
        );
        expect(email.rows[0]?.n).toBe(0);
      });
    });

    it('stops a statement that runs longer than statementTimeout, without retrying or re-running it', async () => {
      await releaseUsers();
      await project.writeConfig({ statementTimeout: '200ms' });
      // nextval is not transactional: the sequence counts how often the migration started.
      await locker.exec('CREATE SEQUENCE auth.runs');
      await writeSecond("SELECT nextval('runs');\nSELECT pg_sleep(5);", 'SELECT 1;');
      await project.writeMigration('auth', '0003_after.sql', createTableMigration('after'));
      const run = await runCliInProcess(['--cwd', project.dir, 'up']);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('apply migrations/auth/0002_users_email.sql');
      expect(run.stderr).toContain('(SQLSTATE 57014)');
      expect(run.stderr).not.toContain('retrying');
      await withDb(async (db) => {
        const runs = await db.query<{ last_value: string }>('SELECT last_value FROM auth.runs');
        expect(Number(runs.rows[0]?.last_value)).toBe(1);
        expect(await appliedIds(db)).toEqual([1]);
      });
    });

    it('names the failing statement of a migration without running it again when the server gives no position', async () => {
      await releaseUsers();
      // nextval is not transactional: the sequence counts how often the migration started.
      await locker.exec(
        'CREATE SEQUENCE auth.runs; CREATE TABLE auth.dup (a int PRIMARY KEY); INSERT INTO auth.dup VALUES (1);',
      );
      await writeSecond(
        "SELECT nextval('runs');\nCREATE TABLE side (id int);\n  INSERT INTO dup VALUES (1);",
        'DROP TABLE side;',
      );
      const run = await runCliInProcess(['--cwd', project.dir, 'up']);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toMatch(
        /error: apply migrations\/auth\/0002_users_email\.sql:4:3: .*\(SQLSTATE 23505\)/,
      );
      await withDb(async (db) => {
        const runs = await db.query<{ last_value: string }>('SELECT last_value FROM auth.runs');
        expect(Number(runs.rows[0]?.last_value)).toBe(1);
        expect(await appliedIds(db)).toEqual([1]);
      });
    });

    // The server gives no position for a timeout: the statement is the only one, or the one after
    // those the server completed (counted on the wire), in a round trip of several or alone.
    it.each([
      { kind: 'the only statement', up: '  SELECT pg_sleep(5);', at: '2:3' },
      {
        kind: 'the third statement',
        up: 'CREATE TABLE before_sleep (id int);\nSELECT 1;\n    SELECT pg_sleep(5);',
        at: '4:5',
      },
    ])('names $kind of a migration stopped by statementTimeout, in a chunk or alone', async ({ up, at }) => {
      await releaseUsers();
      await project.writeConfig({ statementTimeout: '200ms' });
      await writeSecond('CREATE TABLE side (id int);', 'DROP TABLE side;');
      await project.writeMigration('auth', '0003_sleep.sql', sqlMigration(up, 'SELECT 1;'));
      const stopped = new RegExp(
        `error: apply migrations/auth/0003_sleep\\.sql:${at}: .*\\(SQLSTATE 57014\\)`,
      );
      // 0002 and 0003 go to the server together; 0003 is not run again after its timeout.
      const together = await runCliInProcess(['--cwd', project.dir, 'up']);
      expect(together.exitCode).toBe(1);
      expect(together.stderr).toMatch(stopped);
      // Alone: the same position.
      const alone = await runCliInProcess(['--cwd', project.dir, 'up']);
      expect(alone.exitCode).toBe(1);
      expect(alone.stderr).toMatch(stopped);
      await withDb(async (db) => {
        expect(await appliedIds(db)).toEqual([1, 2]);
        expect(await relationExists(db, 'auth.before_sleep')).toBe(false);
      });
    });
  });
}
