import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import { serverBackends, type TestDatabase } from '../harness/backends.js';
import { runCliInProcess } from '../harness/run-cli.js';
import { createMigrationProject, type MigrationProject, sqlMigration } from './migration-project.js';

const run = promisify(execFile);

async function snapshot(db: Db): Promise<{ history: unknown[]; columns: unknown[]; indexes: unknown[] }> {
  const history = await db.query(
    'SELECT id, name, file, checksum, down_sql, no_transaction, kind, forced_reason FROM auth.dbward_migrations ORDER BY id',
  );
  const columns = await db.query(
    "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'auth' ORDER BY 1, 2",
  );
  const indexes = await db.query(
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'auth' ORDER BY 1",
  );
  return { history: history.rows, columns: columns.rows, indexes: indexes.rows };
}

for (const backend of serverBackends()) {
  describe(`${backend.name}: dbward up --sql`, () => {
    let viaDbward: TestDatabase;
    let viaPsql: TestDatabase;
    let project: MigrationProject;
    let printed: MigrationProject;

    beforeAll(async () => {
      viaDbward = await backend.createDatabase();
      viaPsql = await backend.createDatabase();
      project = await createMigrationProject(viaDbward, ['auth']);
      printed = await createMigrationProject(viaPsql, ['auth']);
      const files: [string, string][] = [
        [
          '0001_users.sql',
          sqlMigration(
            "CREATE TABLE users (id int PRIMARY KEY, note text DEFAULT 'it''s');",
            'DROP TABLE users;',
            '-- Users\n',
          ),
        ],
        [
          '0002_index.sql',
          `-- dbward:no-transaction\n${sqlMigration('CREATE INDEX CONCURRENTLY idx_users_note ON users (note);', 'DROP INDEX CONCURRENTLY idx_users_note;')}`,
        ],
        [
          '0003_roles.sql',
          sqlMigration('CREATE TABLE roles (id int); -- trailing comment', 'DROP TABLE roles;'),
        ],
      ];
      for (const [name, text] of files) {
        await project.writeMigration('auth', name, text);
        await printed.writeMigration('auth', name, text);
      }
    });
    afterAll(async () => {
      await project.remove();
      await printed.remove();
      await viaDbward.drop();
      await viaPsql.drop();
    });

    it('prints SQL with the history writes that psql runs to the same result as dbward up', async () => {
      const sql = await runCliInProcess(['--cwd', printed.dir, 'up', '--sql']);
      expect(sql.exitCode).toBe(0);
      expect(sql.stdout).toContain('INSERT INTO "auth"."dbward_migrations"');
      expect(sql.stdout).toContain("SET LOCAL lock_timeout = '5000ms';");
      expect(sql.stdout).toContain('CREATE INDEX CONCURRENTLY idx_users_note');
      // Printing changes nothing.
      const status = await runCliInProcess(['--cwd', printed.dir, '--format', 'json', 'status']);
      expect(JSON.parse(status.stdout).services[0].pending).toHaveLength(3);

      const script = join(printed.dir, 'up.sql');
      await writeFile(script, sql.stdout);
      await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', script, String(viaPsql.url)]);
      expect((await runCliInProcess(['--cwd', project.dir, 'up'])).exitCode).toBe(0);

      const a = await viaDbward.open();
      const b = await viaPsql.open();
      try {
        const expected = await snapshot(a);
        expect(expected.history).toHaveLength(3);
        expect(await snapshot(b)).toEqual(expected);
      } finally {
        await a.close();
        await b.close();
      }
      const after = await runCliInProcess(['--cwd', printed.dir, 'status']);
      expect(after.exitCode).toBe(0);
      expect(after.stdout).toContain('auth: up to date, 3 applied, current 3, 0 pending');
    });
  });
}
