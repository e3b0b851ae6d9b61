import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewMigrations } from '../../src/review/review-migrations.js';
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
