import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../../test/harness/backends.js';
import { createReviewProject, migration, type ReviewProject } from '../../../test/review/review-project.js';
import { reviewMigrations } from '../review-migrations.js';

// alter-column-type through the whole review, against a target database holding rows: what the
// rule reports once the data checks have run there.
const TABLES = `CREATE TABLE users (id bigint PRIMARY KEY, small int, name text, email text);
CREATE TABLE "Accounts" (id bigint PRIMARY KEY, code varchar(20));`;

for (const backend of testBackends()) {
  describe(`alter-column-type on a target with rows (${backend.name})`, () => {
    let database: TestDatabase;
    let project: ReviewProject;

    beforeAll(async () => {
      database = await backend.createDatabase();
      const db = await database.open();
      try {
        // The target as `up` would leave it after 0001, analysed: users has 2 rows, Accounts 3.
        await db.exec(`
          CREATE SCHEMA auth;
          SET search_path TO auth;
          ${TABLES}
          INSERT INTO users VALUES (1, 5, 'Ann', 'ann@example.com'), (2, 70000, 'Bo', 'b@x.io');
          UPDATE users SET name = repeat('n', 64) WHERE id = 2;
          INSERT INTO "Accounts" VALUES (1, 'a'), (2, 'b'), (3, 'c');
          CREATE TABLE dbward_migrations (id bigint PRIMARY KEY, name text NOT NULL);
          INSERT INTO dbward_migrations VALUES (1, 'tables');
          RESET search_path;
          ANALYZE auth.users;
          ANALYZE auth."Accounts";
        `);
      } finally {
        await db.close();
      }
      project = await createReviewProject({
        services: ['auth'],
        target: database.target,
        extra: { review: { largeTableRows: 3 } },
        files: { 'auth/0001_tables.sql': migration(TABLES, 'DROP TABLE users; DROP TABLE "Accounts";') },
      });
    });
    afterAll(async () => {
      await project?.remove();
      await database?.drop();
    });

    /** review reviews `up` as the pending migration 0002; alter-column-type's findings. */
    async function review(up: string) {
      await project.write('migrations/auth/0002_change.sql', migration(up));
      const report = await reviewMigrations(await project.load(), { cache: false });
      expect(report.targetReachable).toBe(true);
      return report.findings
        .filter((finding) => finding.rule === 'alter-column-type')
        .map((finding) => ({ line: finding.line, severity: finding.severity, message: finding.message }));
    }

    it('checks a column renamed earlier in the migration under its name on the target', async () => {
      const findings = await review(
        [
          '-- dbward:allow rename-column reason="deploy window"',
          'ALTER TABLE users RENAME COLUMN small TO tiny;',
          'ALTER TABLE users ALTER COLUMN tiny TYPE smallint;',
        ].join('\n'),
      );
      expect(findings).toMatchObject([{ line: 4, severity: 'error' }]);
      expect(findings[0]?.message).toContain('integer -> int2 can fail or lose data');
      expect(findings[0]?.message).toContain('1 row would fail in auth.users (keys 2)');
    });

    it('checks a table renamed earlier in the migration, naming a too-long varchar value as failing', async () => {
      const findings = await review(
        'ALTER TABLE users RENAME TO people;\nALTER TABLE people ALTER COLUMN email TYPE varchar(10);',
      );
      expect(findings).toMatchObject([{ line: 3, severity: 'error' }]);
      // ALTER assigns: a value too long for varchar(10) makes it fail, it is not cut.
      expect(findings[0]?.message).toContain('1 row would fail in auth.users (keys 1)');
      expect(findings[0]?.message).not.toContain('truncated');
    });

    it('does not check a USING expression as a cast of the column', async () => {
      const findings = await review('ALTER TABLE users ALTER COLUMN name TYPE integer USING length(name);');
      expect(findings).toMatchObject([{ severity: 'warning' }]);
      expect(findings[0]?.message).toContain('the USING expression computes every value again');
      expect(findings[0]?.message).not.toMatch(/would fail|lose data/);
    });

    it('counts text values cut to 63 bytes by text -> name', async () => {
      const findings = await review('ALTER TABLE users ALTER COLUMN name TYPE name;');
      expect(findings).toMatchObject([{ severity: 'error' }]);
      expect(findings[0]?.message).toContain('values longer than 63 bytes are cut to 63 bytes');
      expect(findings[0]?.message).toContain('1 row would be truncated or rounded in auth.users (keys 2)');
    });

    it('keeps a narrowing rewrite of a large table an error when no row fails', async () => {
      const findings = await review('ALTER TABLE "Accounts" ALTER COLUMN id TYPE int;');
      expect(findings.map((finding) => finding.severity)).toEqual(['warning', 'error']);
      expect(findings[0]?.message).toContain('no row of auth.Accounts would fail or change');
      expect(findings[1]?.message).toContain('rewrites the whole table under an ACCESS EXCLUSIVE lock');
      expect(findings[1]?.message).toContain('about 3 rows');
    });
  });
}
