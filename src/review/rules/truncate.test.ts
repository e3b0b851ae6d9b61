import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'truncate';
const before = 'CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE logs (id int);';

describe(rule, () => {
  it.each([
    ['TRUNCATE', 'TRUNCATE users;', ['app.users']],
    ['TRUNCATE TABLE of two tables', 'TRUNCATE TABLE users, app.logs;', ['app.users', 'app.logs']],
    ['TRUNCATE ... CASCADE', 'TRUNCATE users RESTART IDENTITY CASCADE;', ['app.users']],
  ])('flags %s', async (_name, migration, targets) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual(targets.map((t) => [t, 'error']));
  });

  it('says CASCADE empties the referencing tables too, and points at the table', async () => {
    const violations = await checkSql({ before, migration: 'TRUNCATE users CASCADE;', rule });
    expect(violations[0]?.message).toContain('CASCADE empties');
    expect(violations[0]?.column).toBe('TRUNCATE '.length + 1);
  });

  it.each([
    ['a table created in the same migration', 'CREATE TABLE staging (id int);\nTRUNCATE staging;'],
    ['DELETE with a WHERE clause', 'DELETE FROM users WHERE id < 10;'],
    [
      'TRUNCATE in the down section',
      '-- migrate:up\nINSERT INTO logs VALUES (1);\n-- migrate:down\nTRUNCATE logs;\n',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
