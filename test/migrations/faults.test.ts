import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import { readAppliedMigrations } from '../../src/migrations/history-table.js';
import { serverBackends, type TestDatabase, testBackends } from '../harness/backends.js';
import { runCliInProcess, runCliProcess } from '../harness/run-cli.js';
import {
  createMigrationProject,
  createTableMigration,
  type MigrationProject,
  relationExists,
  sqlMigration,
} from './migration-project.js';

async function withDb<T>(database: TestDatabase, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await database.open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

for (const backend of serverBackends()) {
  describe(`${backend.name}: dbward up killed with SIGKILL in the middle of a migration`, () => {
    let database: TestDatabase;
    let project: MigrationProject;

    beforeEach(async () => {
      database = await backend.createDatabase();
      project = await createMigrationProject(database, ['auth']);
      await project.writeMigration('auth', '0001_users.sql', createTableMigration('users'));
      // The sleep runs while auth.sleep_switch says so: the first run sleeps (and is killed), the next does not.
      await project.writeMigration(
        'auth',
        '0002_slow.sql',
        sqlMigration(
          'CREATE TABLE killed (id int);\nALTER TABLE users ADD COLUMN email text;\nSELECT pg_sleep(60) FROM sleep_switch WHERE on_;',
          'ALTER TABLE users DROP COLUMN email;\nDROP TABLE killed;',
        ),
      );
      await withDb(database, (db) =>
        db.exec(
          'CREATE SCHEMA auth; CREATE TABLE auth.sleep_switch (on_ boolean); INSERT INTO auth.sleep_switch VALUES (true);',
        ),
      );
    });
    afterEach(async () => {
      await project.remove();
      await database.drop();
    });

    it('leaves a consistent history and none of the killed migration; the next up completes', async () => {
      const child = runCliProcess(['--cwd', project.dir, 'up'], { timeoutMs: 120_000 });
      let ended: { exitCode: number; stderr: string } | null = null;
      void child.then((run) => {
        ended = run;
      });
      await withDb(database, async (db) => {
        for (;;) {
          // A child that ends before it reaches the sleep failed: show why.
          if (ended !== null) expect(JSON.stringify(ended)).toBe('still running');
          const sleeping = await db.query<{ n: string }>(
            // By wait event, not query text: the text shown is cut at track_activity_query_size (1 kB),
            // and the migration's sleep may come later in a batch than that.
            "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()",
          );
          if (Number(sleeping.rows[0]?.n) > 0) break;
          await sleep(50);
        }
      });
      child.kill('SIGKILL');
      const killed = await child;
      expect(killed.exitCode).not.toBe(0);

      const status = await runCliInProcess(['--cwd', project.dir, '--format', 'json', 'status']);
      expect(status.exitCode).toBe(0);
      expect(JSON.parse(status.stdout).services[0]).toMatchObject({
        applied: 1,
        currentId: 1,
        pending: [{ id: 2 }],
        problems: [],
      });
      await withDb(database, async (db) => {
        expect(await relationExists(db, 'auth.killed')).toBe(false);
        const email = await db.query(
          "SELECT 1 FROM information_schema.columns WHERE table_schema = 'auth' AND column_name = 'email'",
        );
        expect(email.rowCount).toBe(0);
        await db.exec('UPDATE auth.sleep_switch SET on_ = false');
      });

      const next = await runCliInProcess(['--cwd', project.dir, 'up']);
      expect(next.stderr).not.toContain('error');
      expect(next.exitCode).toBe(0);
      expect(next.stdout).toContain('applied     migrations/auth/0002_slow.sql');
      await withDb(database, async (db) => {
        expect((await readAppliedMigrations(db, 'auth')).map((row) => row.id)).toEqual([1, 2]);
        expect(await relationExists(db, 'auth.killed')).toBe(true);
      });
    });
  });
}

for (const backend of testBackends()) {
  describe(`${backend.name}: a failed CREATE INDEX CONCURRENTLY`, () => {
    let database: TestDatabase;
    let project: MigrationProject;
    const cli = (...args: string[]) => runCliInProcess(['--cwd', project.dir, ...args]);

    beforeEach(async () => {
      database = await backend.createDatabase();
      project = await createMigrationProject(database, ['auth']);
      await project.writeMigration(
        'auth',
        '0001_users.sql',
        sqlMigration(
          "CREATE TABLE users (email text);\nINSERT INTO users VALUES ('a'), ('a');",
          'DROP TABLE users;',
        ),
      );
      await project.writeMigration(
        'auth',
        '0002_unique_email.sql',
        `-- dbward:no-transaction\n${sqlMigration('CREATE UNIQUE INDEX CONCURRENTLY idx_users_email ON users (email);', 'DROP INDEX CONCURRENTLY idx_users_email;')}`,
      );
    });
    afterEach(async () => {
      await project.remove();
      await database.drop();
    });

    it('leaves an INVALID index that status and verify name, with the statement that drops it', async () => {
      const up = await cli('up');
      expect(up.exitCode).toBe(1);
      expect(up.stderr).toContain('apply migrations/auth/0002_unique_email.sql:3:1:');
      expect(up.stderr).toContain('(SQLSTATE 23505)');

      const fix = 'DROP INDEX CONCURRENTLY "auth"."idx_users_email";';
      const status = await cli('status');
      expect(status.exitCode).toBe(1);
      expect(status.stdout).toContain(`index auth.idx_users_email on users is INVALID`);
      expect(status.stdout).toContain(fix);
      const verify = await cli('--format', 'json', 'verify');
      expect(verify.exitCode).toBe(1);
      expect(JSON.parse(verify.stdout).problems).toEqual([
        expect.objectContaining({ code: 'invalid-index', service: 'auth', fix }),
      ]);

      await withDb(database, async (db) => {
        await db.exec(fix);
        await db.exec('DELETE FROM auth.users WHERE ctid <> (SELECT min(ctid) FROM auth.users)');
      });
      expect((await cli('up')).exitCode).toBe(0);
      expect((await cli('verify')).exitCode).toBe(0);
    });
  });
}
