import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAppliedMigrations } from '../../src/migrations/history-table.js';
import { serverBackends, type TestDatabase } from '../harness/backends.js';
import { runCliProcess } from '../harness/run-cli.js';
import { createMigrationProject, type MigrationProject, sqlMigration } from './migration-project.js';

const SERVICES = ['auth', 'leaves', 'expenses'];
const PER_SERVICE = 4;
const PROCESSES = 8;

for (const backend of serverBackends()) {
  describe(`${backend.name}: ${PROCESSES} dbward up processes at once`, () => {
    let database: TestDatabase;
    let project: MigrationProject;

    beforeAll(async () => {
      database = await backend.createDatabase();
      project = await createMigrationProject(database, SERVICES);
      for (const service of SERVICES) {
        for (let id = 1; id <= PER_SERVICE; id++) {
          // The first migration holds the lock until another process queues behind it (or 60 s pass).
          const slow =
            service === 'auth' && id === 1
              ? "DO $$\nBEGIN\n  FOR i IN 1..600 LOOP\n    EXIT WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted);\n    PERFORM pg_sleep(0.1);\n  END LOOP;\nEND\n$$;\n"
              : '';
          await project.writeMigration(
            service,
            `000${id}_t${id}.sql`,
            sqlMigration(
              `${slow}CREATE TABLE t${id} (id int);\nINSERT INTO t${id} VALUES (${id});`,
              `DROP TABLE t${id};`,
            ),
          );
        }
      }
    });
    afterAll(async () => {
      await project.remove();
      await database.drop();
    });

    it('applies every migration exactly once; all exit 0; waiting processes say so', async () => {
      const runs = await Promise.all(
        Array.from({ length: PROCESSES }, () =>
          runCliProcess(['--cwd', project.dir, 'up'], { timeoutMs: 120_000 }),
        ),
      );
      for (const run of runs)
        expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({
          exitCode: 0,
          stderr: expect.any(String),
        });
      const waited = runs.filter((run) =>
        run.stderr.includes('waiting for the migration lock on auth (held by another process)'),
      );
      expect(waited.length).toBeGreaterThan(0);
      const appliedLines = runs.flatMap((run) =>
        run.stdout.split('\n').filter((line) => line.startsWith('applied     ')),
      );
      expect(appliedLines).toHaveLength(SERVICES.length * PER_SERVICE);

      const db = await database.open();
      try {
        for (const service of SERVICES) {
          expect((await readAppliedMigrations(db, service)).map((row) => row.id)).toEqual([1, 2, 3, 4]);
          // Each INSERT ran once: a second run of a migration would have doubled the rows.
          const rows = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${service}.t1`);
          expect(Number(rows.rows[0]?.n)).toBe(1);
        }
      } finally {
        await db.close();
      }
    });
  });
}

for (const backend of serverBackends()) {
  describe(`${backend.name}: dbward up waiting for the lock on a database with its own timeouts`, () => {
    let database: TestDatabase;
    let project: MigrationProject;

    beforeAll(async () => {
      database = await backend.createDatabase();
      // Many production databases set these for the application; they must not cut the wait for
      // the migration lock short (the holder may take minutes).
      const db = await database.open();
      try {
        const name = (await db.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name;
        await db.exec(`ALTER DATABASE "${name}" SET lock_timeout = '200ms'`);
        await db.exec(`ALTER DATABASE "${name}" SET statement_timeout = '300ms'`);
      } finally {
        await db.close();
      }
      project = await createMigrationProject(database, ['auth']);
      // Holds the lock until the other process queues behind it, then one second more.
      await project.writeMigration(
        'auth',
        '0001_slow.sql',
        sqlMigration(
          "DO $$\nBEGIN\n  FOR i IN 1..600 LOOP\n    EXIT WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted);\n    PERFORM pg_sleep(0.1);\n  END LOOP;\n  PERFORM pg_sleep(1);\nEND\n$$;\nCREATE TABLE t1 (id int);",
          'DROP TABLE t1;',
        ),
      );
    });
    afterAll(async () => {
      await project.remove();
      await database.drop();
    });

    it('waits past the database lock_timeout and statement_timeout, and both processes exit 0', async () => {
      const runs = await Promise.all(
        [1, 2].map(() => runCliProcess(['--cwd', project.dir, 'up'], { timeoutMs: 120_000 })),
      );
      expect(runs.map((run) => run.exitCode)).toEqual([0, 0]);
      expect(runs.some((run) => run.stderr.includes('waiting for the migration lock on auth'))).toBe(true);
      const db = await database.open();
      try {
        expect((await readAppliedMigrations(db, 'auth')).map((row) => row.id)).toEqual([1]);
      } finally {
        await db.close();
      }
    });
  });
}
