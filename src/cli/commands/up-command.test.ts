import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../../test/harness/backends.js';
import { runCliInProcess } from '../../../test/harness/run-cli.js';
import {
  createMigrationProject,
  createTableMigration,
  type MigrationProject,
} from '../../../test/migrations/migration-project.js';
import { readAppliedMigrations } from '../../migrations/history-table.js';

async function appliedIds(database: TestDatabase, schema: string): Promise<number[]> {
  const db = await database.open();
  try {
    return (await readAppliedMigrations(db, schema)).map((row) => row.id);
  } finally {
    await db.close();
  }
}

for (const backend of testBackends()) {
  describe(`${backend.name}: dbward up`, () => {
    let database: TestDatabase;
    let project: MigrationProject;
    const up = (...args: string[]) => runCliInProcess(['--cwd', project.dir, 'up', ...args]);

    beforeEach(async () => {
      database = await backend.createDatabase();
      // Config order (leaves before auth) is the order `up` applies them.
      project = await createMigrationProject(database, ['leaves', 'auth']);
      await project.writeMigration(
        'auth',
        '0001_users.sql',
        createTableMigration('users', 'id int PRIMARY KEY'),
      );
      await project.writeMigration(
        'auth',
        '0002_roles.sql',
        createTableMigration('roles', 'id int PRIMARY KEY'),
      );
      await project.writeMigration('leaves', '0001_requests.sql', createTableMigration('requests'));
    });
    afterEach(async () => {
      await project.remove();
      await database.drop();
    });

    it('applies every service in config order with one line per migration and a total', async () => {
      const run = await up();
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines.slice(0, 3).map((line) => line.replace(/\(.*\)/, '').trim())).toEqual([
        'applied     migrations/leaves/0001_requests.sql',
        'applied     migrations/auth/0001_users.sql',
        'applied     migrations/auth/0002_roles.sql',
      ]);
      expect(lines[0]).toMatch(/\(\d+ ms\)$/);
      expect(lines[3]).toMatch(/^applied 3 migration\(s\) in \d/);
      expect(await appliedIds(database, 'auth')).toEqual([1, 2]);

      const again = await up();
      expect(again.exitCode).toBe(0);
      expect(again.stdout).toContain('nothing to apply: every service is up to date');
    });

    it('applies only the named services, up to --to', async () => {
      const run = await up('auth', '--to', '0001');
      expect(run.exitCode).toBe(0);
      expect(await appliedIds(database, 'auth')).toEqual([1]);
      expect(await appliedIds(database, 'leaves')).toEqual([]);
    });

    it('changes nothing on --dry-run and reports the plan as JSON', async () => {
      const run = await runCliInProcess(['--cwd', project.dir, '--format', 'json', 'up', '--dry-run']);
      expect(run.exitCode).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result.dryRun).toBe(true);
      expect(
        result.services.map((s: { service: string; pending: { id: number }[] }) => [
          s.service,
          s.pending.map((p) => p.id),
        ]),
      ).toEqual([
        ['leaves', [1]],
        ['auth', [1, 2]],
      ]);
      expect(await appliedIds(database, 'auth')).toEqual([]);
    });

    it('exits 1 on a SQL error naming file:line:column and SQLSTATE; that migration is absent, earlier ones stay', async () => {
      await project.writeMigration(
        'auth',
        '0003_bad.sql',
        '-- migrate:up\nCREATE TABLE t (id int);\nALTER TABLE nope ADD COLUMN x int;\n-- migrate:down\nDROP TABLE t;\n',
      );
      const run = await up();
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(
        'error: apply migrations/auth/0003_bad.sql:3:1: relation "nope" does not exist (SQLSTATE 42P01)',
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(await appliedIds(database, 'auth')).toEqual([1, 2]);
      const db = await database.open();
      try {
        const exists = await db.query<{ present: boolean }>(
          "SELECT to_regclass('auth.t') IS NOT NULL AS present",
        );
        expect(exists.rows[0]?.present).toBe(false);
      } finally {
        await db.close();
      }
    });

    it.each([
      [
        'no up marker',
        'CREATE TABLE t (id int);\n',
        'migrations/auth/0003_bad.sql:1:1: no "-- migrate:up" line',
      ],
      [
        'an unknown directive',
        '-- dbward:transactionless\n-- migrate:up\nSELECT 1;\n',
        'migrations/auth/0003_bad.sql:1:11: unknown directive dbward:transactionless',
      ],
      [
        'an unparsable statement',
        '-- migrate:up\nSELECT 1;\nCREAT TABLE t (id int);\n',
        'migrations/auth/0003_bad.sql:3:1: syntax error at or near "CREAT"',
      ],
      [
        'a ROLLBACK that would discard the migration while its history row stays',
        '-- migrate:up\nCREATE TABLE t (id int);\n  ROLLBACK;\n-- migrate:down\nDROP TABLE t;\n',
        'migrations/auth/0003_bad.sql:3:3: ROLLBACK in a migration that dbward runs in its own transaction',
      ],
      [
        'a COPY FROM STDIN, which has no data to read',
        '-- migrate:up\nCREATE TABLE t (id int);\nCOPY t FROM STDIN;\n-- migrate:down\nDROP TABLE t;\n',
        'migrations/auth/0003_bad.sql:3:1: COPY ... FROM STDIN in a migration',
      ],
    ])('exits 1 before applying anything when a file has %s', async (_what, text, expected) => {
      await project.writeMigration('auth', '0003_bad.sql', text);
      const run = await up();
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(expected);
      expect(run.stderr).toContain('nothing applied');
      // Nor a script that psql would run into the same problem with.
      const script = await up('--sql');
      expect([script.exitCode, script.stdout]).toEqual([1, '']);
      expect(script.stderr).toContain(expected);
      expect(await appliedIds(database, 'leaves')).toEqual([]);
      expect(await appliedIds(database, 'auth')).toEqual([]);
    });

    it('uses the schema a service names, for its objects and its history', async () => {
      await project.writeConfig({ services: { leaves: {}, auth: { schema: 'identity' } } });
      const run = await up('auth');
      expect(run.exitCode).toBe(0);
      expect(await appliedIds(database, 'identity')).toEqual([1, 2]);
      const db = await database.open();
      try {
        const tables = await db.query<{ schema: string }>(
          "SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'users'",
        );
        expect(tables.rows.map((row) => row.schema)).toEqual(['identity']);
      } finally {
        await db.close();
      }
    });

    it('exits 2 without printing the password when the database cannot be reached', async () => {
      const run = await runCliInProcess([
        '--cwd',
        project.dir,
        '--database-url',
        'postgres://app:topsecret@127.0.0.1:1/kronos',
        'up',
      ]);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('postgres://app:***@127.0.0.1:1/kronos');
      expect(run.stdout + run.stderr).not.toContain('topsecret');
    });

    it('exits 2 for an unknown service or a bad --to', async () => {
      const unknown = await up('payroll');
      expect(unknown.exitCode).toBe(2);
      expect(unknown.stderr).toContain('unknown service "payroll" (services: leaves, auth)');
      const badTo = await up('--to', 'latest');
      expect(badTo.exitCode).toBe(2);
      expect(badTo.stderr).toContain('"latest" is not a migration id');
      // A typo must not apply everything up to a number no file has.
      const unknownTo = await up('--to', '40');
      expect(unknownTo.exitCode).toBe(2);
      expect(unknownTo.stderr).toContain('--to 40: no selected service has a migration with that id');
      expect(await appliedIds(database, 'auth')).toEqual([]);
    });
  });
}
