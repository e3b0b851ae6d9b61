import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../../test/harness/backends.js';
import { runCliInProcess } from '../../../test/harness/run-cli.js';
import {
  createMigrationProject,
  createTableMigration,
  type MigrationProject,
} from '../../../test/migrations/migration-project.js';

for (const backend of testBackends()) {
  describe(`${backend.name}: dbward status and history`, () => {
    let database: TestDatabase;
    let project: MigrationProject;
    const cli = (...args: string[]) => runCliInProcess(['--cwd', project.dir, ...args]);

    beforeEach(async () => {
      database = await backend.createDatabase();
      project = await createMigrationProject(database, ['auth', 'leaves']);
      await project.writeMigration('auth', '0001_users.sql', createTableMigration('users'));
      await project.writeMigration('auth', '0002_roles.sql', createTableMigration('roles'));
      await project.writeMigration('leaves', '0001_requests.sql', createTableMigration('requests'));
    });
    afterEach(async () => {
      await project.remove();
      await database.drop();
    });

    it('reports applied, pending and the current id per service', async () => {
      expect((await cli('up', 'auth', '--to', '1')).exitCode).toBe(0);
      const text = await cli('status');
      expect(text.exitCode).toBe(0);
      expect(text.stdout).toContain('auth: pending, 1 applied, current 1, 1 pending');
      expect(text.stdout).toContain('  pending  migrations/auth/0002_roles.sql');
      expect(text.stdout).toContain('leaves: pending, 0 applied, nothing applied, 1 pending');

      const json = await cli('--format', 'json', 'status', 'auth');
      expect(json.exitCode).toBe(0);
      const status = JSON.parse(json.stdout);
      expect(status.ok).toBe(true);
      expect(status.services).toHaveLength(1);
      expect(status.services[0]).toMatchObject({
        service: 'auth',
        applied: 1,
        currentId: 1,
        pending: [{ id: 2, name: 'roles' }],
      });
    });

    it('notes a .sql file that is not a migration: status, verify and up say it is never applied', async () => {
      await project.writeMigration('auth', 'add_sessions.sql', createTableMigration('sessions'));
      const note =
        "migrations/auth/add_sessions.sql is not a migration, so it is never applied: a migration's file name starts with its id (rename it to 0003_add_sessions.sql, or move it out of the folder)";
      const up = await cli('up');
      expect(up.exitCode).toBe(0);
      expect(up.stderr).toContain(`warning: ${note}`);
      expect(up.stdout).toContain('applied 3 migration(s)');
      const status = await cli('status');
      expect(status.exitCode).toBe(0);
      expect(status.stdout).toContain(
        `auth: up to date, 2 applied, current 2, 0 pending\n  note     ${note}`,
      );
      const json = JSON.parse((await cli('--format', 'json', 'status', 'auth')).stdout);
      expect(json.services[0].notes).toEqual([
        { kind: 'ignored-file', service: 'auth', file: 'migrations/auth/add_sessions.sql', message: note },
      ]);
      const verify = await cli('verify');
      expect(verify.exitCode).toBe(0);
      expect(verify.stderr).toContain(`warning: ${note}`);
      const sql = await cli('up', '--sql');
      expect(sql.stderr).toContain(`warning: ${note}`);
    });

    it('reports a changed applied file as a problem with exit 1', async () => {
      await cli('up');
      await project.writeMigration('auth', '0001_users.sql', createTableMigration('users', 'id bigint'));
      const run = await cli('status');
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(
        /problem {2}migrations\/auth\/0001_users\.sql: changed since it was applied/,
      );
    });

    it('lists the history with who applied each migration and how long it took', async () => {
      await cli('up');
      const text = await cli('history', 'auth');
      expect(text.exitCode).toBe(0);
      expect(text.stdout).toContain('auth (schema auth): 2 applied');
      expect(text.stdout).toMatch(/^ {2}0001 {2}users {2}\d{4}-\d\d-\d\dT\S+ {2}\d+ ms {2}\S+ via \S+@\S+$/m);
      const json = await cli('--format', 'json', 'history');
      const history = JSON.parse(json.stdout);
      expect(
        history.services.map((s: { service: string; migrations: unknown[] }) => [
          s.service,
          s.migrations.length,
        ]),
      ).toEqual([
        ['auth', 2],
        ['leaves', 1],
      ]);
      expect(history.services[0].migrations[1]).toMatchObject({
        id: 2,
        name: 'roles',
        kind: 'applied',
        forcedReason: null,
      });
    });
  });
}

describe('status, history and verify on an embedded database that was never created', () => {
  it('answer "nothing applied" without creating it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dbward-status-'));
    try {
      await writeFile(path.join(dir, 'dbward.config.json'), JSON.stringify({ services: { auth: {} } }));
      await mkdir(path.join(dir, 'migrations/auth'), { recursive: true });
      await writeFile(path.join(dir, 'migrations/auth/0001_users.sql'), createTableMigration('users'));
      const status = await runCliInProcess(['--cwd', dir, 'status']);
      expect(status.exitCode).toBe(0);
      expect(status.stdout).toContain('auth: pending, 0 applied, nothing applied, 1 pending');
      expect((await runCliInProcess(['--cwd', dir, 'history'])).exitCode).toBe(0);
      expect((await runCliInProcess(['--cwd', dir, 'verify'])).exitCode).toBe(0);
      expect(existsSync(path.join(dir, '.dbward/pgdata'))).toBe(false);
      // up does create it.
      expect((await runCliInProcess(['--cwd', dir, 'up'])).exitCode).toBe(0);
      expect(existsSync(path.join(dir, '.dbward/pgdata/PG_VERSION'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
