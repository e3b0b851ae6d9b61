import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'rename-table';
const before = 'CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE logs (id int);';

describe(rule, () => {
  it.each([
    ['ALTER TABLE ... RENAME TO', 'ALTER TABLE users RENAME TO accounts;', 'app.users'],
    ['a qualified name', 'ALTER TABLE app.logs RENAME TO events;', 'app.logs'],
    ['ALTER TABLE IF EXISTS', 'ALTER TABLE IF EXISTS users RENAME TO members;', 'app.users'],
  ])('flags %s', async (_name, migration, target) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity, v.column])).toEqual([
      [target, 'error', migration.indexOf(target === 'app.logs' ? 'app.logs' : 'users') + 1],
    ]);
  });

  it.each([
    [
      'a table created in the same migration',
      'CREATE TABLE draft (id int);\nALTER TABLE draft RENAME TO final;',
    ],
    ['renaming a column (rename-column reports it)', 'ALTER TABLE users RENAME COLUMN id TO user_id;'],
    ['renaming a view', 'CREATE VIEW v AS SELECT 1 AS x;\nALTER VIEW v RENAME TO w;'],
    ['renaming a sequence', 'ALTER SEQUENCE s RENAME TO t;'],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('does not flag ALTER TABLE IF EXISTS ... RENAME TO of a table that does not exist', async () => {
    const migration = 'ALTER TABLE IF EXISTS legacy RENAME TO legacy_old;';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('flags ALTER TABLE IF EXISTS ... RENAME TO of a table only the target database has', async () => {
    const migration = 'ALTER TABLE IF EXISTS legacy RENAME TO legacy_old;';
    const violations = await checkSql({ before, migration, rule, rowEstimates: { 'app.legacy': 3 } });
    expect(violations.map((v) => v.target)).toEqual(['app.legacy']);
  });
});
