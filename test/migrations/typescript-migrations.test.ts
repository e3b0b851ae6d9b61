import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAppliedMigrations } from '../../src/migrations/history-table.js';
import { type TestDatabase, testBackends } from '../harness/backends.js';
import { runCliInProcess } from '../harness/run-cli.js';
import { createMigrationProject, type MigrationProject, sqlMigration } from './migration-project.js';

const BACKFILL = `// Backfill display names
import type { DbSession } from 'dbward';

export async function up(db: DbSession): Promise<void> {
  const users = await db.query<{ id: number }>('SELECT id FROM users ORDER BY id');
  for (const user of users.rows) {
    await db.query('UPDATE users SET display_name = $1 WHERE id = $2', [\`user \${user.id}\`, user.id]);
  }
}

export async function down(db: DbSession): Promise<void> {
  await db.query('UPDATE users SET display_name = NULL');
}
`;

for (const backend of testBackends()) {
  describe(`${backend.name}: TypeScript migrations`, () => {
    let database: TestDatabase;
    let project: MigrationProject;
    const cli = (...args: string[]) => runCliInProcess(['--cwd', project.dir, ...args]);
    const names = async () => {
      const db = await database.open();
      try {
        const rows = await db.query<{ display_name: string | null }>(
          'SELECT display_name FROM auth.users ORDER BY id',
        );
        return {
          names: rows.rows.map((row) => row.display_name),
          ids: (await readAppliedMigrations(db, 'auth')).map((r) => r.id),
        };
      } finally {
        await db.close();
      }
    };

    beforeEach(async () => {
      database = await backend.createDatabase();
      project = await createMigrationProject(database, ['auth']);
      await project.writeMigration(
        'auth',
        '0001_users.sql',
        sqlMigration(
          'CREATE TABLE users (id int PRIMARY KEY, display_name text);\nINSERT INTO users (id) VALUES (1), (2);',
          'DROP TABLE users;',
        ),
      );
    });
    afterEach(async () => {
      await project.remove();
      await database.drop();
    });

    it('runs up(db) in a transaction with its history row, and down(db) on rollback', async () => {
      await project.writeMigration('auth', '0002_backfill.ts', BACKFILL);
      expect((await cli('up')).exitCode).toBe(0);
      expect(await names()).toEqual({ names: ['user 1', 'user 2'], ids: [1, 2] });
      const down = await cli('down', 'auth');
      expect(down.exitCode).toBe(0);
      expect(await names()).toEqual({ names: [null, null], ids: [1] });
    });

    it('rolls back everything up(db) did when it throws', async () => {
      await project.writeMigration(
        'auth',
        '0002_backfill.ts',
        `export async function up(db) {\n  await db.query("UPDATE users SET display_name = 'x'");\n  await db.query('SELECT * FROM nowhere');\n}\n`,
      );
      const up = await cli('up');
      expect(up.exitCode).toBe(1);
      expect(up.stderr).toContain(
        'error: apply migrations/auth/0002_backfill.ts: relation "nowhere" does not exist (SQLSTATE 42P01)',
      );
      expect(await names()).toEqual({ names: [null, null], ids: [1] });
    });

    it('is refused by up --sql, which can only print SQL', async () => {
      await project.writeMigration('auth', '0002_backfill.ts', BACKFILL);
      const run = await cli('up', '--sql');
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(
        'print SQL for migrations/auth/0002_backfill.ts: a TypeScript migration runs code',
      );
      expect(run.stdout).toBe('');
      const db = await database.open();
      try {
        expect(await readAppliedMigrations(db, 'auth')).toEqual([]);
      } finally {
        await db.close();
      }
    });

    it('refuses a module without an up function, naming the file', async () => {
      await project.writeMigration('auth', '0002_backfill.ts', 'export const nothing = 1;\n');
      const up = await cli('up');
      expect(up.exitCode).toBe(1);
      expect(up.stderr).toContain(
        'apply migrations/auth/0002_backfill.ts: a TypeScript migration must export a function up(db)',
      );
    });
  });
}
