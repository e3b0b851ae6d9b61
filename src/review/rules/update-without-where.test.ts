import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'update-without-where';
const before =
  'CREATE TABLE users (id int PRIMARY KEY, active bool, email text); CREATE TABLE src (id int, email text);';

describe(rule, () => {
  it.each([
    ['UPDATE ... SET', 'UPDATE users SET active = true;', 'app.users'],
    ['UPDATE ... FROM without WHERE', 'UPDATE app.users u SET email = s.email FROM src s;', 'app.users'],
    ['UPDATE with RETURNING', 'UPDATE users SET email = lower(email) RETURNING id;', 'app.users'],
  ])('flags %s', async (_name, migration, target) => {
    const violations = await checkSql({ before, migration, rule, rowEstimates: { 'app.users': 10 } });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([[target, 'error']]);
    expect(violations[0]?.message).toContain('about 10 rows');
  });

  it.each([
    ['UPDATE with WHERE', 'UPDATE users SET active = true WHERE active IS NULL;'],
    [
      'UPDATE ... FROM with a join condition',
      'UPDATE users u SET email = s.email FROM src s WHERE s.id = u.id;',
    ],
    ['a table created in the same migration', 'CREATE TABLE tmp (id int, x int);\nUPDATE tmp SET x = 1;'],
    [
      'an UPDATE inside a function body (not run by the migration)',
      "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'UPDATE users SET active = true';",
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
