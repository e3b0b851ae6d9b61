import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverBackends, type TestDatabase } from '../harness/backends.js';
import { runCliInProcess } from '../harness/run-cli.js';
import {
  createMigrationProject,
  createTableMigration,
  type MigrationProject,
} from '../migrations/migration-project.js';

// A server error outside any migration (here: a role without the privileges a command needs) is
// reported like every other failure: message with SQLSTATE, exit 1, one JSON document on stdout.
for (const backend of serverBackends()) {
  describe(`${backend.name}: a server error outside a migration`, () => {
    let database: TestDatabase;
    let project: MigrationProject;
    const role = `dbward_ro_${process.pid}`;
    let roleUrl: string;

    beforeAll(async () => {
      database = await backend.createDatabase();
      project = await createMigrationProject(database, ['auth']);
      await project.writeMigration('auth', '0001_users.sql', createTableMigration('users'));
      expect((await runCliInProcess(['--cwd', project.dir, 'up'])).exitCode).toBe(0);
      const db = await database.open();
      try {
        await db.exec(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN PASSWORD 'ro-secret-pw'`);
      } finally {
        await db.close();
      }
      const url = new URL(database.url ?? '');
      url.username = role;
      url.password = 'ro-secret-pw';
      roleUrl = url.toString();
    });
    afterAll(async () => {
      const db = await database.open();
      try {
        await db.exec(`DROP ROLE IF EXISTS ${role}`);
      } finally {
        await db.close();
      }
      await project.remove();
      await database.drop();
    });

    it('prints the message with its SQLSTATE, one JSON document, and exits 1', async () => {
      const text = await runCliInProcess(['--cwd', project.dir, '--database-url', roleUrl, 'history']);
      expect(text.exitCode).toBe(1);
      expect(text.stderr).toBe('error: permission denied for schema auth (SQLSTATE 42501)\n');
      const json = await runCliInProcess([
        '--cwd',
        project.dir,
        '--database-url',
        roleUrl,
        '--format',
        'json',
        'history',
      ]);
      expect(json.exitCode).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual({
        error: {
          code: 'sql-error',
          message: 'permission denied for schema auth (SQLSTATE 42501)',
          sqlState: '42501',
        },
      });
      expect(json.stdout + json.stderr).not.toContain('ro-secret-pw');
    });
  });
}
