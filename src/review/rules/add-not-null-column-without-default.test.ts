import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'add-not-null-column-without-default';
const before = 'CREATE TABLE users (id int PRIMARY KEY);';

describe(rule, () => {
  it.each([
    ['ADD COLUMN ... NOT NULL', 'ALTER TABLE users ADD COLUMN email text NOT NULL;', ['app.users.email']],
    [
      'ADD COLUMN IF NOT EXISTS ... NOT NULL with a CHECK',
      'ALTER TABLE users ADD COLUMN IF NOT EXISTS age int NOT NULL CHECK (age > 0);',
      ['app.users.age'],
    ],
    [
      'an added PRIMARY KEY column without default',
      'ALTER TABLE app.users ADD COLUMN code text PRIMARY KEY, ADD COLUMN x int NOT NULL;',
      ['app.users.code', 'app.users.x'],
    ],
  ])('flags %s', async (_name, migration, targets) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual(targets.map((t) => [t, 'error']));
  });

  it('points at the column definition', async () => {
    const violations = await checkSql({
      before,
      migration: 'ALTER TABLE users ADD COLUMN email text NOT NULL;',
      rule,
    });
    expect(violations[0]?.column).toBe('ALTER TABLE users ADD COLUMN '.length + 1);
  });

  it.each([
    ['NOT NULL with a DEFAULT', "ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';"],
    ['a nullable column', 'ALTER TABLE users ADD COLUMN nick text;'],
    ['an identity column', 'ALTER TABLE users ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY NOT NULL;'],
    ['a bigserial column', 'ALTER TABLE users ADD COLUMN seq bigserial NOT NULL;'],
    ['a NOT NULL column in CREATE TABLE', 'CREATE TABLE t (a int NOT NULL);'],
    [
      'a table created in the same migration',
      'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int NOT NULL;',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
