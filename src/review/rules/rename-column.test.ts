import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'rename-column';
const before = 'CREATE TABLE users (id int PRIMARY KEY, mail text, nick text);';

describe(rule, () => {
  it.each([
    ['ALTER TABLE ... RENAME COLUMN', 'ALTER TABLE users RENAME COLUMN mail TO email;', 'app.users.mail'],
    ['RENAME without COLUMN, qualified', 'ALTER TABLE app.users RENAME nick TO handle;', 'app.users.nick'],
    [
      'ALTER TABLE IF EXISTS ... RENAME COLUMN',
      'ALTER TABLE IF EXISTS users RENAME COLUMN mail TO email;',
      'app.users.mail',
    ],
  ])('flags %s', async (_name, migration, target) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([[target, 'error']]);
    expect(violations[0]?.help).toContain('Expand and contract');
  });

  it.each([
    [
      'a column of a table created in the same migration',
      'CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;',
    ],
    ['renaming a constraint', 'ALTER TABLE users RENAME CONSTRAINT users_pkey TO users_pk;'],
    ['renaming an index', 'ALTER INDEX users_pkey RENAME TO users_pk;'],
    [
      'renaming in the down section',
      '-- migrate:up\nALTER TABLE users ADD COLUMN x int;\n-- migrate:down\nALTER TABLE users RENAME COLUMN x TO y;\n',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('does not flag ALTER TABLE IF EXISTS ... RENAME COLUMN of a table that does not exist', async () => {
    const migration = 'ALTER TABLE IF EXISTS legacy RENAME COLUMN a TO b;';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('flags ALTER TABLE IF EXISTS ... RENAME COLUMN of a table only the target database has', async () => {
    const migration = 'ALTER TABLE IF EXISTS legacy RENAME COLUMN a TO b;';
    const violations = await checkSql({ before, migration, rule, rowEstimates: { 'app.legacy': 3 } });
    expect(violations.map((v) => v.target)).toEqual(['app.legacy.a']);
  });
});
