import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../../test/harness/backends.js';
import { runCliInProcess } from '../../../test/harness/run-cli.js';
import {
  createMigrationProject,
  createTableMigration,
  type MigrationProject,
} from '../../../test/migrations/migration-project.js';
import { readAppliedMigrations } from '../../migrations/history-table.js';

for (const backend of testBackends()) {
  describe(`${backend.name}: dbward verify and the integrity checks of up`, () => {
    let database: TestDatabase;
    let project: MigrationProject;
    const cli = (...args: string[]) => runCliInProcess(['--cwd', project.dir, ...args]);
    const appliedIds = async () => {
      const db = await database.open();
      try {
        return (await readAppliedMigrations(db, 'auth')).map((row) => row.id);
      } finally {
        await db.close();
      }
    };

    beforeEach(async () => {
      database = await backend.createDatabase();
      project = await createMigrationProject(database, ['auth']);
      await project.writeMigration('auth', '0001_users.sql', createTableMigration('users'));
      await project.writeMigration('auth', '0003_roles.sql', createTableMigration('roles'));
      expect((await cli('up')).exitCode).toBe(0);
    });
    afterEach(async () => {
      await project.remove();
      await database.drop();
    });

    it('passes on a clean history', async () => {
      const run = await cli('verify');
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('ok: 1 service(s), 2 applied, 0 pending, no problems');
    });

    it('reports an applied file whose checksum changed, and up refuses to run', async () => {
      await project.writeMigration('auth', '0001_users.sql', createTableMigration('people'));
      await project.writeMigration('auth', '0004_grants.sql', createTableMigration('grants'));
      const verify = await cli('verify');
      expect(verify.exitCode).toBe(1);
      expect(verify.stdout).toMatch(
        /\[checksum-changed\] migrations\/auth\/0001_users\.sql: changed since it was applied/,
      );
      const up = await cli('up');
      expect(up.exitCode).toBe(1);
      expect(up.stderr).toContain('migrations/auth/0001_users.sql: changed since it was applied');
      expect(await appliedIds()).toEqual([1, 3]);
    });

    it('reports an applied file that was deleted', async () => {
      await project.removeMigration('auth', '0003_roles.sql');
      const verify = await cli('--format', 'json', 'verify');
      expect(verify.exitCode).toBe(1);
      expect(JSON.parse(verify.stdout).problems).toEqual([
        expect.objectContaining({
          code: 'file-missing',
          file: 'migrations/auth/0003_roles.sql',
          service: 'auth',
        }),
      ]);
    });

    it('reports two files with the same id, naming both', async () => {
      await project.writeMigration('auth', '0004_a.sql', createTableMigration('a'));
      await project.writeMigration('auth', '0004_b.sql', createTableMigration('b'));
      const up = await cli('up');
      expect(up.exitCode).toBe(1);
      expect(up.stderr).toContain(
        'migrations/auth/0004_a.sql and migrations/auth/0004_b.sql: two migrations with id 4',
      );
      expect(await appliedIds()).toEqual([1, 3]);
    });

    it('refuses a pending file older than the newest applied one unless --allow-out-of-order', async () => {
      await project.writeMigration('auth', '0002_from_other_branch.sql', createTableMigration('other'));
      const verify = await cli('verify');
      expect(verify.exitCode).toBe(1);
      expect(verify.stdout).toContain(
        '[out-of-order] migrations/auth/0002_from_other_branch.sql: pending, but migrations/auth/0003_roles.sql (id 3) is already applied',
      );
      const refused = await cli('up');
      expect(refused.exitCode).toBe(1);
      expect(await appliedIds()).toEqual([1, 3]);

      expect((await cli('verify', '--allow-out-of-order')).exitCode).toBe(0);
      const allowed = await cli('up', '--allow-out-of-order');
      expect(allowed.exitCode).toBe(0);
      expect(allowed.stdout).toContain('applied     migrations/auth/0002_from_other_branch.sql');
      expect(await appliedIds()).toEqual([1, 2, 3]);
      expect((await cli('verify')).exitCode).toBe(0);
    });
  });
}
