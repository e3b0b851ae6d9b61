import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'delete-without-where';
const before = 'CREATE TABLE users (id int PRIMARY KEY, active bool); CREATE TABLE old_users (id int);';

describe(rule, () => {
  it.each([
    ['DELETE FROM t', 'DELETE FROM users;', 'app.users'],
    ['DELETE with an alias, qualified', 'DELETE FROM app.users AS u;', 'app.users'],
    ['DELETE ... USING without WHERE', 'DELETE FROM users USING old_users;', 'app.users'],
    ['DELETE ... RETURNING', 'DELETE FROM old_users RETURNING id;', 'app.old_users'],
  ])('flags %s', async (_name, migration, target) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([[target, 'error']]);
  });

  it.each([
    ['DELETE with WHERE', 'DELETE FROM users WHERE NOT active;'],
    ['DELETE with WHERE true (an explicit choice)', 'DELETE FROM users WHERE true;'],
    [
      'DELETE WHERE CURRENT OF a cursor-free subquery',
      'DELETE FROM users WHERE id IN (SELECT id FROM old_users);',
    ],
    ['a table created in the same migration', 'CREATE TABLE tmp (id int);\nDELETE FROM tmp;'],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
