import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../test/harness/backends.js';
import { checkSql } from '../../test/harness/review-rule.js';
import { createReviewProject, migration, type ReviewProject } from '../../test/review/review-project.js';
import { backupTable } from './backup-table.js';
import { reviewMigrations } from './review-migrations.js';

const before =
  'CREATE TABLE sessions (id int PRIMARY KEY, token text); CREATE TABLE devices (id int PRIMARY KEY); CREATE SCHEMA other; CREATE TABLE other.sessions (id int);';
const BACKUP = '-- dbward:backup archive.app__sessions__20261122';

/** The drop's violations, as [its backup checks' tables, whether the message refuses the backup]. */
async function backupChecks(sql: string, rule = 'drop-table'): Promise<[string[], boolean][]> {
  const violations = await checkSql({ before, migration: sql, rule });
  return violations.map((v) => [
    (v.dataChecks ?? []).map((check) => (check.kind === 'backup-exists' ? check.backupTable : check.kind)),
    v.message.includes('directive does not count'),
  ]);
}

describe('a backup directive after writes earlier in the same migration', () => {
  it.each([
    ['an INSERT', "INSERT INTO sessions VALUES (2, 'b');"],
    ['an UPDATE', "UPDATE sessions SET token = 'x' WHERE id = 1;"],
    [
      'a MERGE',
      'MERGE INTO sessions s USING devices d ON s.id = d.id WHEN NOT MATCHED THEN INSERT VALUES (d.id);',
    ],
    ['a COPY FROM', "COPY sessions FROM '/tmp/sessions.csv';"],
    [
      'an INSERT in a WITH query',
      'WITH added AS (INSERT INTO app.sessions VALUES (3) RETURNING id) SELECT count(*) FROM added;',
    ],
    ['a DO block (may write anything)', 'DO $$BEGIN PERFORM 1; END$$;'],
    [
      'an INSERT under the name an earlier rename gave it',
      'ALTER TABLE sessions RENAME TO old_sessions;\nINSERT INTO old_sessions VALUES (4);\nCREATE TABLE sessions (id int);',
    ],
  ])('refuses the backup of a DROP TABLE after %s', async (_name, writes) => {
    const drop = writes.includes('old_sessions') ? 'DROP TABLE old_sessions;' : 'DROP TABLE sessions;';
    expect(await backupChecks(`${writes}\n${BACKUP}\n${drop}`)).toEqual([[[], true]]);
  });

  it('says which statement writes the table, and what to do instead', async () => {
    const violations = await checkSql({
      before: 'CREATE TABLE "User-Sessions" (id int PRIMARY KEY, token text);',
      migration: `INSERT INTO "User-Sessions" VALUES (2, 'b');\n-- dbward:backup archive.x\nDROP TABLE "User-Sessions";`,
      rule: 'drop-table',
    });
    expect(violations.map((v) => [v.severity, v.dataChecks])).toEqual([['error', []]]);
    expect(violations[0]?.message).toBe(
      'DROP TABLE app.User-Sessions deletes the table and all its rows (the -- dbward:backup archive.x directive does not count: the INSERT at line 2 of this migration writes to it before the drop, and a backup taken before the migration cannot hold rows the migration writes; copy app.User-Sessions in this migration after those writes, or move the writes to a migration applied before the backup is taken)',
    );
  });

  it('refuses the backup of a DROP COLUMN after an UPDATE of the table', async () => {
    const sql = `UPDATE sessions SET token = upper(token) WHERE id > 0;\n${BACKUP}\nALTER TABLE sessions DROP COLUMN token;`;
    expect(await backupChecks(sql, 'drop-column')).toEqual([[[], true]]);
  });

  it.each([
    ['no write before it', ''],
    ['an INSERT into another table', 'INSERT INTO devices VALUES (1);'],
    ['an INSERT into a table of that name in another schema', 'INSERT INTO other.sessions VALUES (1);'],
    ['a DELETE (the backup holds those rows too)', 'DELETE FROM sessions WHERE id < 0;'],
    ['a TRUNCATE (the backup holds those rows too)', 'TRUNCATE sessions;'],
    ['a SELECT of the table', 'SELECT count(*) FROM sessions;'],
  ])('keeps the backup check with %s', async (_name, writes) => {
    expect(await backupChecks(`${writes}\n${BACKUP}\nDROP TABLE sessions;`)).toEqual([
      [['archive.app__sessions__20261122'], false],
    ]);
  });

  it('keeps the backup check when the write comes after the drop, or goes to a new table of the name', async () => {
    const after = `${BACKUP}\nALTER TABLE sessions DROP COLUMN token;\nINSERT INTO sessions VALUES (9);`;
    expect(await backupChecks(after, 'drop-column')).toEqual([[['archive.app__sessions__20261122'], false]]);
    const renamedAway = `ALTER TABLE sessions RENAME TO old_sessions;\nCREATE TABLE sessions (id int);\nINSERT INTO sessions VALUES (1);\n${BACKUP}\nDROP TABLE old_sessions;`;
    expect(await backupChecks(renamedAway)).toEqual([[['archive.app__sessions__20261122'], false]]);
  });
});

for (const backend of testBackends()) {
  describe(`a backup of a table the migration writes, on a target database (${backend.name})`, () => {
    let database: TestDatabase;
    let project: ReviewProject;
    let directive: string;

    beforeAll(async () => {
      database = await backend.createDatabase();
      project = await createReviewProject({
        services: ['auth'],
        target: database.target,
        files: {
          'auth/0001_sessions.sql': migration(
            'CREATE TABLE "User-Sessions" (id bigint PRIMARY KEY, token text);',
            'DROP TABLE "User-Sessions";',
          ),
        },
      });
      // The target as `up` would leave it after 0001, with one row, backed up by `dbward backup`.
      const db = await database.open();
      try {
        await db.exec(`CREATE SCHEMA auth;
          CREATE TABLE auth."User-Sessions" (id bigint PRIMARY KEY, token text);
          INSERT INTO auth."User-Sessions" VALUES (1, 'a');
          CREATE TABLE auth.dbward_migrations (id bigint PRIMARY KEY, name text NOT NULL);
          INSERT INTO auth.dbward_migrations VALUES (1, 'sessions');`);
        directive = (await backupTable(await project.load(), db, { service: 'auth', table: 'User-Sessions' }))
          .directive;
      } finally {
        await db.close();
      }
    });
    afterAll(async () => {
      await project?.remove();
      await database?.drop();
    });

    it('does not let the backup vouch for rows the migration inserts before the drop', async () => {
      const drops = async (up: string) => {
        await project.write('migrations/auth/0002_drop.sql', migration(up, null));
        const report = await reviewMigrations(await project.load(), { cache: false });
        return report.findings.filter((f) => f.rule === 'drop-table');
      };
      const alone = await drops(`${directive}\nDROP TABLE "User-Sessions";`);
      expect(alone.map((f) => [f.acknowledged, f.severity])).toEqual([[true, 'error']]);
      expect(alone[0]?.reason).toContain('holds 1 rows (auth.User-Sessions: 1)');

      const written = await drops(
        `INSERT INTO "User-Sessions" VALUES (2, 'b');\n${directive}\nDROP TABLE "User-Sessions";`,
      );
      expect(written.map((f) => [f.acknowledged, f.severity])).toEqual([[false, 'error']]);
      expect(written[0]?.message).toContain(
        'does not count: the INSERT at line 2 of this migration writes to it before the drop, and a backup taken before the migration cannot hold rows the migration writes',
      );
    });
  });
}
