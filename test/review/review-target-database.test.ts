import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupTable } from '../../src/review/backup-table.js';
import { reviewMigrations } from '../../src/review/review-migrations.js';
import { dropColumn } from '../../src/review/rules/drop-column.js';
import { dropTable } from '../../src/review/rules/drop-table.js';
import { type TestDatabase, testBackends } from '../harness/backends.js';
import { createReviewProject, migration, type ReviewProject } from './review-project.js';
import { TEST_RULES } from './review-test-rules.js';

const SESSIONS = 'CREATE TABLE sessions (id bigint PRIMARY KEY, token text NOT NULL);';

for (const backend of testBackends()) {
  describe(backend.name, () => {
    let database: TestDatabase;
    let project: ReviewProject;

    beforeAll(async () => {
      database = await backend.createDatabase();
      // The target as `up` would leave it after 0001: the table, some rows, the history row.
      const db = await database.open();
      try {
        await db.exec(`
          CREATE SCHEMA auth;
          CREATE TABLE auth.sessions (id bigint PRIMARY KEY, token text NOT NULL);
          INSERT INTO auth.sessions SELECT i, repeat('t', i * 3) FROM generate_series(1, 4) AS i;
          CREATE TABLE auth.dbward_migrations (id bigint PRIMARY KEY, name text NOT NULL);
          INSERT INTO auth.dbward_migrations VALUES (1, 'sessions');
          CREATE SCHEMA archive;
          CREATE TABLE archive.auth__sessions__full AS SELECT * FROM auth.sessions;
          CREATE TABLE archive.auth__sessions__short AS SELECT * FROM auth.sessions LIMIT 2;
          COMMENT ON TABLE archive.auth__sessions__full IS 'dbward backup {"source":"auth.sessions"}';
          COMMENT ON TABLE archive.auth__sessions__short IS 'dbward backup {"source":"auth.sessions"}';
          ANALYZE auth.sessions;
        `);
      } finally {
        await db.close();
      }
      project = await createReviewProject({
        services: ['auth', 'leaves'],
        target: database.target,
        files: { 'auth/0001_sessions.sql': migration(SESSIONS, 'DROP TABLE sessions;') },
      });
    });

    afterAll(async () => {
      await project?.remove();
      await database?.drop();
    });

    it('reviews only pending migrations by default, against the schema the applied ones built', async () => {
      await project.write('migrations/auth/0002_drop.sql', migration('DROP TABLE sessions;'));
      const report = await reviewMigrations(await project.load(), { rules: TEST_RULES, cache: false });
      expect(report.targetReachable).toBe(true);
      expect(report.files).toEqual(['migrations/auth/0002_drop.sql']);
      // The live row estimate (after ANALYZE) reaches the rule.
      expect(report.findings.map((f) => [f.rule, f.line, f.message])).toEqual([
        ['drop-table', 2, 'drops auth.sessions (~4 rows)'],
      ]);
      const all = await reviewMigrations(await project.load(), {
        all: true,
        rules: TEST_RULES,
        cache: false,
      });
      expect(all.files).toHaveLength(2);
    });

    it('flags DROP TABLE IF EXISTS of a table only the target has, also one it never analyzed', async () => {
      const db = await database.open();
      try {
        // Made by hand (a baseline, an operator): not in any migration, never analyzed.
        await db.exec('CREATE TABLE auth.handmade (id int); INSERT INTO auth.handmade VALUES (1), (2);');
      } finally {
        await db.close();
      }
      await project.write(
        'migrations/auth/0002_drop.sql',
        migration('DROP TABLE IF EXISTS handmade;\nDROP TABLE IF EXISTS never_there;'),
      );
      try {
        const report = await reviewMigrations(await project.load(), { rules: [dropTable], cache: false });
        expect(report.findings.map((f) => [f.rule, f.line])).toEqual([['drop-table', 2]]);
      } finally {
        const cleanup = await database.open();
        await cleanup.exec('DROP TABLE auth.handmade').finally(() => cleanup.close());
      }
    });

    it('counts the rows a narrowing type change would break, with example keys', async () => {
      await project.write(
        'migrations/auth/0002_drop.sql',
        migration('ALTER TABLE sessions ALTER COLUMN token TYPE varchar(7);'),
      );
      const report = await reviewMigrations(await project.load(), { rules: TEST_RULES, cache: false });
      expect(report.findings).toHaveLength(1);
      const finding = report.findings[0];
      expect(finding?.severity).toBe('error');
      // Tokens are 3, 6, 9 and 12 characters long: rows 3 and 4 do not fit.
      expect(finding?.message).toMatch(/2 rows would (fail|be truncated)/);
      expect(finding?.message).toContain('keys 3, 4');
    });

    it('lowers a narrowing finding to a warning when no row is affected', async () => {
      await project.write(
        'migrations/auth/0002_drop.sql',
        migration('ALTER TABLE sessions ALTER COLUMN token TYPE varchar(12);'),
      );
      const report = await reviewMigrations(await project.load(), { rules: TEST_RULES, cache: false });
      expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['alter-column-type', 'warning']]);
      expect(report.findings[0]?.message).toContain('no row of auth.sessions would fail or change');
      expect(report.summary.errors).toBe(0);
    });

    it('accepts a DROP TABLE whose backup holds every row, and not one that holds fewer', async () => {
      await project.write(
        'migrations/auth/0002_drop.sql',
        migration('-- dbward:backup archive.auth__sessions__full\nDROP TABLE sessions;'),
      );
      const full = await reviewMigrations(await project.load(), { rules: TEST_RULES, cache: false });
      expect(full.findings.map((f) => [f.rule, f.acknowledged])).toEqual([['drop-table', true]]);
      expect(full.findings[0]?.reason).toContain('holds 4 rows');
      expect(full.summary).toMatchObject({ errors: 0, acknowledged: 1 });

      await project.write(
        'migrations/auth/0002_drop.sql',
        migration('-- dbward:backup archive.auth__sessions__short\nDROP TABLE sessions;'),
      );
      const short = await reviewMigrations(await project.load(), { rules: TEST_RULES, cache: false });
      expect(short.findings.map((f) => [f.rule, f.acknowledged, f.severity])).toEqual([
        ['drop-table', false, 'error'],
      ]);
      expect(short.findings[0]?.message).toContain('holds 2 rows but auth.sessions has 4');
    });

    it('does not let a backup vouch for rows an earlier migration of the same run adds', async () => {
      await rm(path.join(project.dir, 'migrations/auth/0002_drop.sql'), { force: true });
      const drop = migration('-- dbward:backup archive.auth__sessions__full\nDROP TABLE sessions;');
      await project.write('migrations/auth/0003_drop.sql', drop);
      const cases = [
        ["INSERT INTO sessions VALUES (9, 'new');", true],
        ['DO $$BEGIN PERFORM 1; END$$;', true],
        ['CREATE TABLE other (id int);\nINSERT INTO other VALUES (1);', false],
      ] as const;
      try {
        for (const [sql, blocks] of cases) {
          await project.write('migrations/auth/0002_before.sql', migration(sql));
          const report = await reviewMigrations(await project.load(), { rules: TEST_RULES, cache: false });
          expect(report.files).toEqual(['migrations/auth/0002_before.sql', 'migrations/auth/0003_drop.sql']);
          const drops = report.findings.filter((f) => f.rule === 'drop-table');
          expect(drops.map((f) => f.acknowledged)).toEqual([!blocks]);
          if (blocks)
            expect(drops[0]?.message).toContain(
              'migrations/auth/0002_before.sql runs before this migration in the same deploy and may write to it',
            );
        }
        // Reviewed alone (as `up --to 3` after 0002 was applied would), the backup counts again.
        const alone = await reviewMigrations(await project.load(), {
          paths: ['migrations/auth/0003_drop.sql'],
          rules: TEST_RULES,
          cache: false,
        });
        expect(alone.findings.map((f) => [f.rule, f.acknowledged])).toEqual([['drop-table', true]]);
      } finally {
        for (const file of ['0002_before.sql', '0003_drop.sql'])
          await rm(path.join(project.dir, 'migrations/auth', file), { force: true });
      }
    });

    it('runs the data checks of a cached finding again on every run, against the data as it is now', async () => {
      await project.write(
        'migrations/auth/0002_drop.sql',
        migration('ALTER TABLE sessions ALTER COLUMN token TYPE varchar(20);'),
      );
      const first = await reviewMigrations(await project.load(), { rules: TEST_RULES });
      expect(first.findings.map((f) => [f.rule, f.severity])).toEqual([['alter-column-type', 'warning']]);
      // Closed before the review: an embedded (PGlite) target takes one connection at a time.
      const exec = async (sql: string) => {
        const db = await database.open();
        try {
          await db.exec(sql);
        } finally {
          await db.close();
        }
      };
      await exec("INSERT INTO auth.sessions VALUES (5, repeat('t', 25))");
      try {
        const second = await reviewMigrations(await project.load(), { rules: TEST_RULES });
        expect(second.targetReachable).toBe(true);
        // Answered from the cache (the file and its schema are unchanged), judged on today's rows.
        expect(second.profile.counts.fileCacheHits).toBe(1);
        expect(second.findings.map((f) => [f.rule, f.severity])).toEqual([['alter-column-type', 'error']]);
        expect(second.findings[0]?.message).toMatch(/1 row would (fail|be truncated)/);
        expect(second.findings[0]?.message).toContain('keys 5');
      } finally {
        await exec('DELETE FROM auth.sessions WHERE id = 5');
      }
    });
  });
}

// The real drop rules against backups `dbward backup` made (QA: column backups, other schemas,
// other tables, case, no database).
const TABLES = [
  SESSIONS,
  'CREATE TABLE users (id bigint PRIMARY KEY, email text, legacy text);',
  'CREATE TABLE nopk (a int, b text);',
].join('\n');
const DEC_2 = new Date('2026-12-02T09:00:00Z');

for (const backend of testBackends()) {
  describe(`backup directives with the real drop rules on ${backend.name}`, () => {
    let database: TestDatabase;
    let project: ReviewProject;
    const review = async () =>
      (await reviewMigrations(await project.load(), { rules: [dropTable, dropColumn], cache: false }))
        .findings;

    beforeAll(async () => {
      database = await backend.createDatabase();
      project = await createReviewProject({
        services: ['auth'],
        target: database.target,
        files: { 'auth/0001_tables.sql': migration(TABLES, 'DROP TABLE nopk, users, sessions;') },
      });
      const config = await project.load();
      const db = await database.open();
      try {
        await db.exec(`
          CREATE SCHEMA auth;
          SET search_path TO auth;
          ${TABLES}
          RESET search_path;
          INSERT INTO auth.sessions SELECT i, 'tok' FROM generate_series(1, 50) AS i;
          INSERT INTO auth.users SELECT i, i || '@x', 'old' FROM generate_series(1, 100) AS i;
          INSERT INTO auth.nopk SELECT i, 'b' FROM generate_series(1, 7) AS i;
          CREATE TABLE auth.dbward_migrations (id bigint PRIMARY KEY, name text NOT NULL);
          INSERT INTO auth.dbward_migrations VALUES (1, 'tables');
        `);
        const backup = (table: string, columns?: string[]) =>
          backupTable(config, db, { service: 'auth', table, now: DEC_2, ...(columns ? { columns } : {}) });
        expect((await backup('users', ['id'])).archiveTable).toBe('archive.auth__users__20261202');
        expect((await backup('users', ['legacy'])).archiveTable).toBe('archive.auth__users__20261202_2');
        expect((await backup('nopk', ['b'])).archiveTable).toBe('archive.auth__nopk__20261202');
        expect((await backup('sessions')).archiveTable).toBe('archive.auth__sessions__20261202');
      } finally {
        await db.close();
      }
    });

    afterAll(async () => {
      await project?.remove();
      await database?.drop();
    });

    const drop = (directive: string, statement: string) =>
      project.write(
        'migrations/auth/0002_drop.sql',
        migration(`-- dbward:backup ${directive}\n${statement}`),
      );

    it('refuses a column backup that lacks the dropped column, and accepts one that holds it', async () => {
      await drop('archive.auth__users__20261202', 'ALTER TABLE users DROP COLUMN legacy;');
      const idOnly = await review();
      expect(idOnly.map((f) => [f.rule, f.acknowledged, f.severity])).toEqual([
        ['drop-column', false, 'error'],
      ]);
      expect(idOnly[0]?.message).toContain(
        'backup archive.auth__users__20261202 lacks column legacy (a column backup holds the dropped column and the primary key of auth.users (id) to match the rows back)',
      );

      await drop('archive.auth__users__20261202_2', 'ALTER TABLE users DROP COLUMN legacy;');
      const withLegacy = await review();
      expect(withLegacy.map((f) => [f.rule, f.acknowledged])).toEqual([['drop-column', true]]);
      expect(withLegacy[0]?.reason).toContain('holds 100 rows');
    });

    it('refuses a column backup for a DROP TABLE, naming the columns it lacks', async () => {
      await drop('archive.auth__nopk__20261202', 'DROP TABLE nopk;');
      const findings = await review();
      expect(findings.map((f) => [f.rule, f.acknowledged])).toEqual([['drop-table', false]]);
      expect(findings[0]?.message).toContain(
        'backup archive.auth__nopk__20261202 lacks column a (a backup of a dropped table holds every column of auth.nopk)',
      );
    });

    it('refuses the dropped table itself and any table outside the archive schema', async () => {
      await drop('auth.sessions', 'DROP TABLE sessions;');
      const itself = await review();
      expect(itself.map((f) => [f.rule, f.acknowledged])).toEqual([['drop-table', false]]);
      expect(itself[0]?.message).toContain(
        'backup auth.sessions is auth.sessions itself, the table that loses the data',
      );

      await drop('auth.users', 'DROP TABLE sessions;');
      const other = await review();
      expect(other.map((f) => [f.rule, f.acknowledged])).toEqual([['drop-table', false]]);
      expect(other[0]?.message).toContain('backup auth.users is not in the archive schema');
    });

    it("refuses another table's backup, by the source dbward backup recorded", async () => {
      // A full backup of users, with 100 rows for sessions' 50.
      await drop('archive.auth__users__20261202_2', 'DROP TABLE sessions;');
      const findings = await review();
      expect(findings.map((f) => [f.rule, f.acknowledged])).toEqual([['drop-table', false]]);
      expect(findings[0]?.message).toContain(
        'backup archive.auth__users__20261202_2 is a copy of auth.users, not of auth.sessions',
      );
    });

    it('folds an unquoted directive name to lower case as Postgres does', async () => {
      await drop('ARCHIVE.AUTH__SESSIONS__20261202', 'DROP TABLE sessions;');
      const findings = await review();
      expect(findings.map((f) => [f.rule, f.acknowledged])).toEqual([['drop-table', true]]);
      expect(findings[0]?.reason).toBe(
        'backup archive.auth__sessions__20261202, a copy of auth.sessions, holds 50 rows (auth.sessions: 50)',
      );
    });
  });
}

describe('backup directives with no database reachable', () => {
  it('says the directive was seen but not checked when no database is reachable', async () => {
    // Nothing listens on port 1.
    const offline = await createReviewProject({
      services: ['auth'],
      target: { kind: 'url', url: 'postgres://postgres@127.0.0.1:1/postgres' },
      files: { 'auth/0001_tables.sql': migration(TABLES, 'DROP TABLE nopk, users, sessions;') },
    });
    const dropFinding = async (directive: string) => {
      await offline.write(
        'migrations/auth/0002_drop.sql',
        migration(`-- dbward:backup ${directive}\nDROP TABLE sessions;`),
      );
      const report = await reviewMigrations(await offline.load(), {
        rules: [dropTable, dropColumn],
        cache: false,
      });
      expect(report.targetReachable).toBe(false);
      const drops = report.findings.filter((f) => f.file.endsWith('0002_drop.sql'));
      expect(drops.map((f) => [f.rule, f.acknowledged, f.severity])).toEqual([
        ['drop-table', false, 'error'],
      ]);
      return drops[0]?.message;
    };
    try {
      expect(await dropFinding('archive.auth__sessions__20261202')).toContain(
        '(-- dbward:backup archive.auth__sessions__20261202 seen but not checked: no target database reachable to verify the backup)',
      );
      expect(await dropFinding('auth.sessions')).toContain(
        '(the -- dbward:backup directive does not count: backup auth.sessions is auth.sessions itself',
      );
    } finally {
      await offline.remove();
    }
  });
});
