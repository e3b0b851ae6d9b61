import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readAppliedMigrations } from '../../src/migrations/history-table.js';
import { migrationFileIndexPath } from '../../src/migrations/migration-file-index.js';
import { migrationFileReadCount } from '../../src/migrations/migration-file-reads.js';
import { type TestDatabase, testBackends } from '../harness/backends.js';
import { runCliInProcess } from '../harness/run-cli.js';
import { createMigrationProject, createTableMigration, type MigrationProject } from './migration-project.js';

for (const backend of testBackends()) {
  describe(`${backend.name}: commands on files the migration file index knows`, () => {
    let database: TestDatabase;
    let project: MigrationProject;
    const cli = (...args: string[]) => runCliInProcess(['--cwd', project.dir, ...args]);

    beforeEach(async () => {
      database = await backend.createDatabase();
      project = await createMigrationProject(database, ['auth']);
      await project.writeMigration('auth', '0001_users.sql', createTableMigration('users'));
      await project.writeMigration('auth', '0002_roles.sql', createTableMigration('roles'));
      // Files written seconds ago: old enough to be indexed (only the clock moves, not the files).
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 60_000);
    });
    afterEach(async () => {
      vi.useRealTimers();
      await project.remove();
      await database.drop();
    });

    it('applies, checks, reviews and rolls back from the index, and still catches an edit', async () => {
      expect((await cli('up')).exitCode).toBe(0);
      const index = JSON.parse(readFileSync(migrationFileIndexPath(project.dir, 'auth'), 'utf8')) as {
        files: Record<string, unknown>;
      };
      expect(Object.keys(index.files).sort()).toEqual(['0001_users.sql', '0002_roles.sql']);

      const readsBefore = migrationFileReadCount();
      expect((await cli('verify')).exitCode).toBe(0);
      const status = await cli('status');
      expect(status.stdout).toContain('auth: up to date, 2 applied, current 2, 0 pending');
      const review = await cli('review', '--all');
      expect(review.exitCode).toBe(0);
      expect(review.stdout).toContain('2 files');
      // Not one file read again: every checksum came from the index.
      expect(migrationFileReadCount() - readsBefore).toBe(0);

      // The same size, a different content: the change time tells.
      const file = path.join(project.dir, 'migrations', 'auth', '0001_users.sql');
      const text = readFileSync(file, 'utf8');
      await writeFile(file, text.replace('users', 'usrs_'));
      const verify = await cli('verify');
      expect(verify.exitCode).toBe(1);
      expect(verify.stdout + verify.stderr).toMatch(
        /\[checksum-changed\] migrations\/auth\/0001_users\.sql: changed since it was applied/,
      );
      await writeFile(file, text);

      const down = await cli('down', 'auth');
      expect(down.exitCode).toBe(0);
      expect(down.stderr).not.toContain('differs');
      const db = await database.open();
      try {
        expect((await readAppliedMigrations(db, 'auth')).map((row) => row.id)).toEqual([1]);
      } finally {
        await db.close();
      }
    });
  });
}
