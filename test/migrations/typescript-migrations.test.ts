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

    const tableExists = async (table: string) => {
      const db = await database.open();
      try {
        const rows = await db.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
          table,
        ]);
        return rows.rows[0]?.found !== null;
      } finally {
        await db.close();
      }
    };
    const expectNothingApplied = async () => {
      expect(await tableExists('auth.users')).toBe(false);
      const db = await database.open();
      try {
        expect(await readAppliedMigrations(db, 'auth')).toEqual([]);
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
      expect(down.stderr).toBe('');
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

    it('loads every pending TypeScript migration before applying anything: a syntax error is a file problem at file:line:column', async () => {
      // `=` is the 12th character of line 3 (jiti reports Babel's 0-based column 11).
      await project.writeMigration(
        'auth',
        '0002_backfill.ts',
        '// Backfill\nexport async function up(db) {\n  const x: = 3;\n}\n',
      );
      const problem = 'migrations/auth/0002_backfill.ts:3:12: cannot load: ParseError: Unexpected token';
      const verify = await cli('verify');
      expect(verify.exitCode).toBe(1);
      expect(verify.stdout).toContain(`error: [file-problem] ${problem}`);
      const dryRun = await cli('up', '--dry-run');
      expect(dryRun.exitCode).toBe(1);
      expect(dryRun.stderr).toContain(problem);
      const up = await cli('--format', 'json', 'up');
      expect(up.exitCode).toBe(1);
      expect(JSON.parse(up.stdout).problems).toEqual([
        {
          code: 'file-problem',
          service: 'auth',
          id: 2,
          file: 'migrations/auth/0002_backfill.ts',
          line: 3,
          column: 12,
          message: problem,
        },
      ]);
      expect(up.stderr).not.toMatch(/\n\s+at /);
      await expectNothingApplied();
    });

    it('refuses a module without an up function before applying anything, naming the file', async () => {
      await project.writeMigration('auth', '0002_backfill.ts', 'export const nothing = 1;\n');
      const up = await cli('up');
      expect(up.exitCode).toBe(1);
      expect(up.stderr).toContain(
        'error: migrations/auth/0002_backfill.ts:1:1: a TypeScript migration must export a function up(db)',
      );
      await expectNothingApplied();
      const verify = await cli('verify');
      expect(verify.exitCode).toBe(1);
      expect(verify.stdout).toContain(
        'error: [file-problem] migrations/auth/0002_backfill.ts:1:1: a TypeScript migration must export a function up(db)',
      );
    });

    it('fails a migration whose call it did not await, with that error, rolled back and without a stack', async () => {
      await project.writeMigration(
        'auth',
        '0002_backfill.ts',
        "export async function up(db) {\n  db.exec(\"UPDATE users SET display_name = 'x'\");\n  db.exec('CREATE TABLE t2 (id int)');\n  db.exec('SELECT * FROM nope');\n}\n",
      );
      const up = await cli('up');
      expect(up.exitCode).toBe(1);
      expect(up.stderr).toContain(
        'error: apply migrations/auth/0002_backfill.ts: relation "nope" does not exist (SQLSTATE 42P01)',
      );
      expect(up.stderr).not.toMatch(/\n\s+at /);
      expect(await names()).toEqual({ names: [null, null], ids: [1] });
      expect(await tableExists('auth.t2')).toBe(false);
    });

    it('fails a rollback whose call down(db) did not await, leaving the migration applied', async () => {
      await project.writeMigration(
        'auth',
        '0002_backfill.ts',
        "export async function up(db) {\n  await db.exec(\"UPDATE users SET display_name = 'x'\");\n}\nexport async function down(db) {\n  db.exec('UPDATE users SET display_name = NULL');\n  db.exec('SELECT * FROM nope');\n}\n",
      );
      expect((await cli('up')).exitCode).toBe(0);
      const down = await cli('down', 'auth');
      expect(down.exitCode).toBe(1);
      expect(down.stderr).toContain(
        'error: roll back migrations/auth/0002_backfill.ts: relation "nope" does not exist (SQLSTATE 42P01)',
      );
      expect(await names()).toEqual({ names: ['x', 'x'], ids: [1, 2] });
    });

    it('waits for calls it did not await, and lets a failure it caught and rolled back to a savepoint pass', async () => {
      await project.writeMigration(
        'auth',
        '0002_backfill.ts',
        `export async function up(db) {
  await db.exec('SAVEPOINT before_probe');
  try {
    await db.query('SELECT * FROM maybe_missing');
  } catch {
    await db.exec('ROLLBACK TO SAVEPOINT before_probe');
  }
  db.query('SELECT 1').then(() => db.exec("UPDATE users SET display_name = 'late'"));
}
`,
      );
      const up = await cli('up');
      expect(up.stderr).toBe('');
      expect(up.exitCode).toBe(0);
      expect(await names()).toEqual({ names: ['late', 'late'], ids: [1, 2] });
    });

    it('warns when a TypeScript migration changed since it was applied: its current down() runs', async () => {
      await project.writeMigration('auth', '0002_backfill.ts', BACKFILL);
      expect((await cli('up')).exitCode).toBe(0);
      await project.writeMigration(
        'auth',
        '0002_backfill.ts',
        BACKFILL.replace(
          "'UPDATE users SET display_name = NULL'",
          '"UPDATE users SET display_name = \'edited\'"',
        ),
      );
      const down = await cli('down', 'auth');
      expect(down.exitCode).toBe(0);
      expect(down.stderr).toContain(
        'warning: migrations/auth/0002_backfill.ts: changed since it was applied (the code of a TypeScript migration is not stored); running its current down()',
      );
      expect(await names()).toEqual({ names: ['edited', 'edited'], ids: [1] });
    });

    it('tells to restore a deleted TypeScript migration to roll it back', async () => {
      await project.writeMigration('auth', '0002_backfill.ts', BACKFILL);
      expect((await cli('up')).exitCode).toBe(0);
      await project.removeMigration('auth', '0002_backfill.ts');
      const status = await cli('status');
      expect(status.exitCode).toBe(1);
      expect(status.stdout).toMatch(
        /migrations\/auth\/0002_backfill\.ts: applied on \S+ but the file is gone; restore it to roll it back \(the code of a TypeScript migration is not stored, so `dbward down` needs the file\)/,
      );
      expect(status.stdout).not.toContain('down SQL is still stored');
      const down = await cli('down', 'auth');
      expect(down.exitCode).toBe(1);
      expect(down.stderr).toContain('restore the file to roll it back');
    });
  });
}
