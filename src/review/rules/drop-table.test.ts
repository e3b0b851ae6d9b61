import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'drop-table';
const before = 'CREATE TABLE sessions (id int PRIMARY KEY); CREATE TABLE tokens (id int);';

describe(rule, () => {
  it('flags DROP TABLE of a table that existed before, with its target and row estimate', async () => {
    const violations = await checkSql({
      before,
      migration: 'DROP TABLE sessions;',
      rule,
      rowEstimates: { 'app.sessions': 1200 },
    });
    expect(violations.map((v) => [v.target, v.severity, v.line, v.column])).toEqual([
      ['app.sessions', 'error', 2, 1],
    ]);
    expect(violations[0]?.message).toContain('about 1,200 rows');
  });

  it('flags each existing table of a multi-table DROP, qualified or not', async () => {
    const violations = await checkSql({
      before,
      migration: 'DROP TABLE IF EXISTS sessions, app.tokens CASCADE;',
      rule,
    });
    expect(violations.map((v) => v.target)).toEqual(['app.sessions', 'app.tokens']);
  });

  it('attaches a backup-exists data check for a -- dbward:backup directive', async () => {
    const violations = await checkSql({
      before,
      migration: '-- dbward:backup archive.app__sessions__20261122\nDROP TABLE sessions;',
      rule,
    });
    expect(violations[0]?.dataChecks).toEqual([
      {
        kind: 'backup-exists',
        schema: 'app',
        table: 'sessions',
        backupTable: 'archive.app__sessions__20261122',
      },
    ]);
  });

  it('checks the backup against the table by its name before a rename in the same migration', async () => {
    const violations = await checkSql({
      before,
      migration:
        'ALTER TABLE sessions RENAME TO old_sessions;\n-- dbward:backup ARCHIVE.app__sessions__20261122\nDROP TABLE old_sessions;',
      rule,
    });
    // No columns: a backup for DROP TABLE must hold every column of the table.
    expect(violations.map((v) => [v.target, v.dataChecks])).toEqual([
      [
        'app.old_sessions',
        [
          {
            kind: 'backup-exists',
            schema: 'app',
            table: 'sessions',
            backupTable: 'ARCHIVE.app__sessions__20261122',
          },
        ],
      ],
    ]);
  });

  it('does not flag a table created earlier in the same migration', async () => {
    expect(
      await checkSql({ migration: 'CREATE TABLE scratch (id int);\nDROP TABLE scratch;', rule }),
    ).toEqual([]);
  });

  it('does not flag DROP TABLE in the down section', async () => {
    const migration = '-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n';
    expect(await checkSql({ migration, rule })).toEqual([]);
  });

  it('does not flag DROP TABLE IF EXISTS of a table the schema before does not have', async () => {
    expect(await checkSql({ before, migration: 'DROP TABLE IF EXISTS never_created;', rule })).toEqual([]);
  });

  it('flags DROP TABLE IF EXISTS of a table only the target database has (made outside migrations)', async () => {
    const violations = await checkSql({
      before,
      migration: 'DROP TABLE IF EXISTS legacy_orders;',
      rule,
      rowEstimates: { 'app.legacy_orders': 5000 },
    });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([['app.legacy_orders', 'error']]);
    expect(violations[0]?.message).toContain('about 5,000 rows');
  });

  it('judges each table of DROP TABLE IF EXISTS a, b on its own', async () => {
    const violations = await checkSql({
      before,
      migration: 'DROP TABLE IF EXISTS never_created, legacy_orders, tokens;',
      rule,
      rowEstimates: { 'app.legacy_orders': 0 },
    });
    expect(violations.map((v) => v.target)).toEqual(['app.legacy_orders', 'app.tokens']);
  });

  it('flags DROP TABLE IF EXISTS of a table renamed earlier in the migration, by its new name', async () => {
    const violations = await checkSql({
      before,
      migration: 'ALTER TABLE sessions RENAME TO old_sessions;\nDROP TABLE IF EXISTS old_sessions;',
      rule,
    });
    expect(violations.map((v) => v.target)).toEqual(['app.old_sessions']);
  });

  it('does not flag DROP TABLE IF EXISTS of a name an earlier statement renamed away or dropped', async () => {
    const migration =
      'ALTER TABLE sessions RENAME TO old_sessions;\nDROP TABLE IF EXISTS sessions;\n' +
      'DROP TABLE tokens;\nDROP TABLE IF EXISTS tokens;';
    const violations = await checkSql({ before, migration, rule, rowEstimates: { 'app.sessions': 10 } });
    // Only the plain DROP TABLE tokens: the target's sessions is old_sessions by then.
    expect(violations.map((v) => [v.target, v.line])).toEqual([['app.tokens', 4]]);
  });

  it('still flags DROP TABLE IF EXISTS in a schema the before catalog does not cover', async () => {
    const violations = await checkSql({ before, migration: 'DROP TABLE IF EXISTS billing.plans;', rule });
    expect(violations.map((v) => v.target)).toEqual(['billing.plans']);
  });

  it('does not flag dropping a view, an index or a sequence', async () => {
    const violations = await checkSql({
      before: `${before} CREATE VIEW v AS SELECT 1 AS x; CREATE INDEX i ON tokens (id); CREATE SEQUENCE s;`,
      migration: 'DROP VIEW v; DROP INDEX i; DROP SEQUENCE s;',
      rule,
    });
    expect(violations).toEqual([]);
  });
});
