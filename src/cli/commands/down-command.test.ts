import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../../test/harness/backends.js';
import { runCliInProcess } from '../../../test/harness/run-cli.js';
import {
  createMigrationProject,
  createTableMigration,
  type MigrationProject,
  sqlMigration,
} from '../../../test/migrations/migration-project.js';
import { readAppliedMigrations } from '../../migrations/history-table.js';

async function inspect(database: TestDatabase): Promise<{ ids: number[]; tables: string[] }> {
  const db = await database.open();
  try {
    const tables = await db.query<{ name: string }>(
      "SELECT relname AS name FROM pg_class WHERE relnamespace = 'auth'::regnamespace AND relkind = 'r' AND relname <> 'dbward_migrations' ORDER BY 1",
    );
    return {
      ids: (await readAppliedMigrations(db, 'auth')).map((row) => row.id),
      tables: tables.rows.map((row) => row.name),
    };
  } finally {
    await db.close();
  }
}

for (const backend of testBackends()) {
  describe(`${backend.name}: dbward down`, () => {
    let database: TestDatabase;
    let project: MigrationProject;
    const cli = (...args: string[]) => runCliInProcess(['--cwd', project.dir, ...args]);

    beforeEach(async () => {
      database = await backend.createDatabase();
      project = await createMigrationProject(database, ['auth', 'leaves']);
      for (const [id, table] of [
        ['0001', 'users'],
        ['0002', 'roles'],
        ['0003', 'grants'],
      ] as const) {
        await project.writeMigration('auth', `${id}_${table}.sql`, createTableMigration(table));
      }
      expect((await cli('up')).exitCode).toBe(0);
    });
    afterEach(async () => {
      await project.remove();
      await database.drop();
    });

    it('rolls back one migration by default, -n more, --to 0 all', async () => {
      const one = await cli('down', 'auth');
      expect(one.exitCode).toBe(0);
      expect(one.stdout).toMatch(/^rolled back migrations\/auth\/0003_grants\.sql \(\d+ ms\)$/m);
      expect(await inspect(database)).toEqual({ ids: [1, 2], tables: ['roles', 'users'] });

      expect((await cli('down', 'auth', '-n', '1')).exitCode).toBe(0);
      expect((await inspect(database)).ids).toEqual([1]);

      await cli('up');
      const all = await cli('down', 'auth', '--to', '0');
      expect(all.exitCode).toBe(0);
      expect(all.stdout).toContain('rolled back 3 migration(s) of auth');
      expect(await inspect(database)).toEqual({ ids: [], tables: [] });
    });

    it.each([
      [
        'an empty down section',
        '-- migrate:up\nCREATE TABLE extra (id int);\n\n-- migrate:down\n  -- nothing yet\n;\n',
        'with an empty down section',
      ],
      ['no down section', '-- migrate:up\nCREATE TABLE extra (id int);\n', 'without a down section'],
    ])(
      'refuses before rolling anything back when a migration in the way has %s',
      async (_what, text, reason) => {
        await project.writeMigration('auth', '0002_roles.sql', text);
        await project.writeMigration('auth', '0003_grants.sql', createTableMigration('grants'));
        // Re-create the estate so 0002 is applied with this text.
        expect((await cli('down', 'auth', '--to', '1')).exitCode).toBe(0);
        expect((await cli('up')).exitCode).toBe(0);
        // A dry run refuses it too, as the real run would.
        const dry = await cli('down', 'auth', '--to', '0', '--dry-run');
        expect(dry.exitCode).toBe(1);
        expect(dry.stderr).toContain(`roll back migrations/auth/0002_roles.sql: it was applied ${reason}`);
        expect(dry.stderr).toContain('dry run: nothing changed');
        const run = await cli('down', 'auth', '--to', '0');
        expect(run.exitCode).toBe(1);
        expect(run.stderr).toContain(
          `roll back migrations/auth/0002_roles.sql: it was applied ${reason}, so there is nothing to run and nothing was rolled back`,
        );
        // 0003 (which has a down) was not rolled back either: nothing changed.
        expect(await inspect(database)).toEqual({ ids: [1, 2, 3], tables: ['extra', 'grants', 'users'] });
      },
    );

    it('refuses --to an id that is not applied (exit 2), so a typo cannot roll back everything', async () => {
      for (const to of ['2000', '20']) {
        const run = await cli('down', 'auth', '--to', to);
        expect(run.exitCode).toBe(2);
        expect(run.stderr).toContain(
          `--to ${to}: no applied migration of auth has that id (applied: 1, 2, 3)`,
        );
      }
      expect((await inspect(database)).ids).toEqual([1, 2, 3]);
      expect((await cli('down', 'auth', '--to', '2', '--dry-run')).exitCode).toBe(0);
    });

    it('says how much of a failed no-transaction rollback stays done', async () => {
      await project.writeMigration(
        'auth',
        '0004_side.sql',
        `-- dbward:no-transaction\n${sqlMigration('CREATE TABLE side (id int);', 'DROP TABLE side;\nDROP TABLE nosuch;')}`,
      );
      expect((await cli('up')).exitCode).toBe(0);
      const run = await cli('down', 'auth');
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(
        'roll back migrations/auth/0004_side.sql:7:1: table "nosuch" does not exist (SQLSTATE 42P01); the statement before the failure in this no-transaction migration stays committed; the next down continues at the statement that failed',
      );
      expect(run.stderr).toContain(
        'migrations/auth/0004_side.sql is still recorded as applied, partly rolled back',
      );
      expect(await inspect(database)).toEqual({ ids: [1, 2, 3, 4], tables: ['grants', 'roles', 'users'] });

      // Fixed by hand (the missing table made), the next down runs only the statement that failed,
      // not the DROP TABLE side again, and says so.
      const db = await database.open();
      try {
        await db.exec('CREATE TABLE auth.nosuch (id int)');
      } finally {
        await db.close();
      }
      const again = await cli('down', 'auth');
      expect(again.exitCode).toBe(0);
      expect(again.stderr).toContain(
        'migrations/auth/0004_side.sql: an earlier down stopped part way; running the rest of its stored down SQL',
      );
      expect(await inspect(database)).toEqual({ ids: [1, 2, 3], tables: ['grants', 'roles', 'users'] });
    });

    it('continues a failed no-transaction rollback at the failed statement, also when it fails again', async () => {
      await project.writeMigration(
        'auth',
        '0004_side.sql',
        `-- dbward:no-transaction\n${sqlMigration('CREATE TABLE side (id int);\nCREATE TABLE side2 (id int);', 'DROP TABLE side;\nDROP TABLE   nosuch;\nDROP TABLE side2;')}`,
      );
      expect((await cli('up')).exitCode).toBe(0);
      expect((await cli('down', 'auth')).exitCode).toBe(1);
      // Fails again at the same statement: reported in the stored SQL, nothing else run again.
      const second = await cli('down', 'auth');
      expect(second.exitCode).toBe(1);
      expect(second.stderr).toContain('(stored down SQL, line 2, column 1): table "nosuch" does not exist');
      expect((await inspect(database)).tables).toEqual(['grants', 'roles', 'side2', 'users']);
    });

    it('runs the stored down SQL after the file was edited, with a warning', async () => {
      await project.writeMigration(
        'auth',
        '0003_grants.sql',
        sqlMigration('CREATE TABLE grants (id int);', 'DROP TABLE no_such_table;'),
      );
      const run = await cli('down', 'auth');
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toContain(
        'warning: migrations/auth/0003_grants.sql: its down section differs from the one stored when it was applied; running the stored down SQL',
      );
      expect(await inspect(database)).toEqual({ ids: [1, 2], tables: ['roles', 'users'] });
    });

    it('runs the stored down SQL after the file was deleted, with a warning', async () => {
      await project.removeMigration('auth', '0003_grants.sql');
      const run = await cli('down', 'auth');
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toContain(
        'migrations/auth/0003_grants.sql: the file is gone; running the down SQL stored',
      );
      expect(await inspect(database)).toEqual({ ids: [1, 2], tables: ['roles', 'users'] });
    });

    it('stops with exit 1 when a down fails and keeps the migration applied', async () => {
      const db = await database.open();
      await db.exec('CREATE VIEW auth.grant_view AS SELECT * FROM auth.grants');
      await db.close();
      const run = await cli('down', 'auth');
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toMatch(
        /roll back migrations\/auth\/0003_grants\.sql:\d+:\d+: .*\(SQLSTATE 2BP01\)/,
      );
      expect((await inspect(database)).ids).toEqual([1, 2, 3]);
    });

    it('stops in the middle of a multi-migration rollback: newer ones undone, the failed one and older kept', async () => {
      const db = await database.open();
      await db.exec('CREATE VIEW auth.role_view AS SELECT * FROM auth.roles');
      await db.close();
      const run = await cli('down', 'auth', '--to', '0');
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/^rolled back migrations\/auth\/0003_grants\.sql/m);
      expect(run.stderr).toMatch(
        /error: roll back migrations\/auth\/0002_roles\.sql:5:1: .*\(SQLSTATE 2BP01\)/,
      );
      expect(await inspect(database)).toEqual({ ids: [1, 2], tables: ['roles', 'users'] });
    });

    it('rolls back several services in one run, in reverse config order', async () => {
      await project.writeMigration('leaves', '0001_requests.sql', createTableMigration('requests'));
      expect((await cli('up')).exitCode).toBe(0);
      const run = await cli('down', 'auth', 'leaves', '--to', '0');
      expect(run.exitCode).toBe(0);
      const order = run.stdout.split('\n').filter((line) => line.startsWith('rolled back migrations/'));
      expect(order.map((line) => /migrations\/(\w+\/\d+)/.exec(line)?.[1])).toEqual([
        'leaves/0001',
        'auth/0003',
        'auth/0002',
        'auth/0001',
      ]);
      expect(await inspect(database)).toEqual({ ids: [], tables: [] });
    });

    it('asks for the service when the config has several, and reports JSON', async () => {
      const missing = await cli('down');
      expect(missing.exitCode).toBe(2);
      expect(missing.stderr).toContain('down: name the service(s) to roll back (services: auth, leaves)');
      const dry = await cli('--format', 'json', 'down', 'auth', '--to', '1', '--dry-run');
      expect(dry.exitCode).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({
        services: [{ service: 'auth', planned: [3, 2], rolledBack: [], dryRun: true }],
        failure: null,
      });
      expect((await inspect(database)).ids).toEqual([1, 2, 3]);
    });

    it.each(['-1', 'abc', '1.5'])('exits 2 for -n %s, calling it a number of migrations', async (count) => {
      const run = await cli('down', 'auth', '-n', count);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(`down -n: "${count}" is not a number of migrations`);
      expect((await inspect(database)).ids).toEqual([1, 2, 3]);
    });
  });
}
