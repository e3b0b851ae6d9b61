import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'unique-without-index';
const before =
  'CREATE TABLE users (id int NOT NULL, email text); CREATE UNIQUE INDEX users_email_idx ON users (email);';

describe(rule, () => {
  it.each([
    [
      'ADD CONSTRAINT ... UNIQUE',
      'ALTER TABLE users ADD CONSTRAINT users_email UNIQUE (email);',
      'UNIQUE (email)',
    ],
    ['ADD PRIMARY KEY', 'ALTER TABLE users ADD PRIMARY KEY (id);', 'PRIMARY KEY (id)'],
    ['ADD COLUMN ... UNIQUE', 'ALTER TABLE users ADD COLUMN handle text UNIQUE;', 'UNIQUE (handle)'],
  ])('flags %s on an existing table', async (_name, migration, text) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([['app.users', 'error']]);
    expect(violations[0]?.message).toContain(text);
  });

  it.each([
    [
      'UNIQUE USING INDEX (the recipe)',
      'ALTER TABLE users ADD CONSTRAINT users_email UNIQUE USING INDEX users_email_idx;',
    ],
    ['PRIMARY KEY USING INDEX', 'ALTER TABLE users ADD PRIMARY KEY USING INDEX users_email_idx;'],
    ['UNIQUE in CREATE TABLE', 'CREATE TABLE t (a int UNIQUE, b int, PRIMARY KEY (b));'],
    [
      'a table created in the same migration',
      'CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT t_a UNIQUE (a);',
    ],
    [
      'CREATE UNIQUE INDEX CONCURRENTLY',
      '-- dbward:no-transaction\n-- migrate:up\nCREATE UNIQUE INDEX CONCURRENTLY u ON users (id);\n',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
