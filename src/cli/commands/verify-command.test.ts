import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

    it('reports a file that is not UTF-8 at its first bad byte, and up applies nothing', async () => {
      // Latin-1 "café" on line 4: decoded with U+FFFD it used to be applied with other data.
      const text = Buffer.concat([
        Buffer.from(
          "-- Latin-1\n-- migrate:up\nCREATE TABLE cafes (name text);\nINSERT INTO cafes VALUES ('caf",
        ),
        Buffer.from([0xe9]),
        Buffer.from("');\n\n-- migrate:down\nDROP TABLE cafes;\n"),
      ]);
      await writeFile(join(project.dir, 'migrations/auth/0004_cafes.sql'), text);
      const message =
        'migrations/auth/0004_cafes.sql:4:31: not valid UTF-8 (invalid byte sequence 0xe9 0x27); dbward reads migrations as UTF-8: save the file as UTF-8';
      const verify = await cli('verify');
      expect(verify.exitCode).toBe(1);
      expect(verify.stdout).toContain(`[file-problem] ${message}`);
      const status = await cli('--format', 'json', 'status');
      expect(status.exitCode).toBe(1);
      expect(JSON.parse(status.stdout).services[0].problems).toEqual([
        expect.objectContaining({ code: 'file-problem', line: 4, column: 31, message }),
      ]);
      const up = await cli('up');
      expect(up.exitCode).toBe(1);
      expect(up.stderr).toContain(message);
      expect(await appliedIds()).toEqual([1, 3]);
    });

    it('accepts a UTF-8 file that starts with a byte order mark', async () => {
      await project.writeMigration('auth', '0004_bom.sql', `\uFEFF-- café\n${createTableMigration('bom')}`);
      expect((await cli('verify')).exitCode).toBe(0);
      expect((await cli('up')).exitCode).toBe(0);
      expect(await appliedIds()).toEqual([1, 3, 4]);
      expect((await cli('verify')).exitCode).toBe(0);
    });

    it('reports a file added with the id of an applied one as a duplicate only, not as a changed file', async () => {
      await project.writeMigration('auth', '0001_accounts.sql', createTableMigration('accounts'));
      const verify = await cli('--format', 'json', 'verify');
      expect(verify.exitCode).toBe(1);
      expect(JSON.parse(verify.stdout).problems).toEqual([
        expect.objectContaining({
          code: 'duplicate-id',
          message: expect.stringMatching(
            /^migrations\/auth\/0001_accounts\.sql and migrations\/auth\/0001_users\.sql: two migrations with id 1/,
          ),
        }),
      ]);
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
