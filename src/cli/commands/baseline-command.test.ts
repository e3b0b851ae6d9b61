import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../../test/harness/backends.js';
import { runCliInProcess } from '../../../test/harness/run-cli.js';
import {
  createMigrationProject,
  createTableMigration,
  type MigrationProject,
} from '../../../test/migrations/migration-project.js';

for (const backend of testBackends()) {
  describe(`${backend.name}: dbward baseline on a database another tool built`, () => {
    let database: TestDatabase;
    let project: MigrationProject;
    const cli = (...args: string[]) => runCliInProcess(['--cwd', project.dir, ...args]);

    beforeEach(async () => {
      database = await backend.createDatabase();
      project = await createMigrationProject(database, ['auth', 'leaves']);
      await project.writeMigration('auth', '0001_users.sql', createTableMigration('users'));
      await project.writeMigration('auth', '0002_roles.sql', createTableMigration('roles'));
      await project.writeMigration('auth', '0003_grants.sql', createTableMigration('grants'));
      const db = await database.open();
      try {
        // What Alembic and Flyway left: the tables of 0001 and 0002, and their own history tables.
        await db.exec(`
          CREATE SCHEMA auth; CREATE TABLE auth.users (id int); CREATE TABLE auth.roles (id int);
          CREATE TABLE auth.alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY);
          INSERT INTO auth.alembic_version VALUES ('ae1027a6acf');
          CREATE SCHEMA leaves;
          CREATE TABLE leaves.flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50), success boolean NOT NULL);
          INSERT INTO leaves.flyway_schema_history VALUES (1, '1', true), (2, '2', true), (3, '3', false);
        `);
      } finally {
        await db.close();
      }
    });
    afterEach(async () => {
      await project.remove();
      await database.drop();
    });

    it('status names the other tool and its version', async () => {
      const text = await cli('status');
      expect(text.stdout).toContain(
        'note     auth.alembic_version found: managed by alembic (version ae1027a6acf)',
      );
      const json = JSON.parse((await cli('--format', 'json', 'status')).stdout);
      expect(json.services[1].foreignHistory).toEqual([
        { tool: 'flyway', table: 'leaves.flyway_schema_history', version: '2' },
      ]);
    });

    it('records migrations as applied without running them; up then applies only the rest', async () => {
      const baseline = await cli('baseline', 'auth', '--to', '2');
      expect(baseline.exitCode).toBe(0);
      expect(baseline.stdout).toContain('recorded    migrations/auth/0001_users.sql (not run)');
      expect(baseline.stdout).toContain('baseline auth: 2 migration(s) recorded as applied up to 2');

      const up = await cli('up', 'auth');
      expect(up.exitCode).toBe(0);
      expect(up.stdout).toContain('applied     migrations/auth/0003_grants.sql');
      expect(up.stdout).toContain('applied 1 migration(s)');
      const history = JSON.parse((await cli('--format', 'json', 'history', 'auth')).stdout);
      expect(
        history.services[0].migrations.map((row: { id: number; kind: string }) => [row.id, row.kind]),
      ).toEqual([
        [1, 'baseline'],
        [2, 'baseline'],
        [3, 'applied'],
      ]);
      // Baselined rows keep their down SQL: rolling back works for them too.
      expect((await cli('down', 'auth', '--to', '0')).exitCode).toBe(0);
      expect((await cli('verify', 'auth')).exitCode).toBe(0);
    });

    it('baselines up to a lower id than already applied without calling later files gone', async () => {
      expect((await cli('baseline', 'auth', '--to', '2')).exitCode).toBe(0);
      const again = await cli('baseline', 'auth', '--to', '1');
      expect(again.stderr).not.toContain('gone');
      expect(again.exitCode).toBe(0);
      expect(again.stdout).toContain('already');
      expect((await cli('down', 'auth', '--to', '0')).exitCode).toBe(0);
    });

    it('exits 2 for an id that has no file', async () => {
      const run = await cli('baseline', 'auth', '--to', '7');
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('baseline auth --to 7: no migration file with that id (ids: 1, 2, 3)');
    });
  });
}
