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
    expect(violations[0]?.message).toContain('CASCADE empties the tables referencing these too');
    expect(violations[0]?.column).toBe('TRUNCATE '.length + 1);
  });

  it('flags TRUNCATE ... CASCADE of a table created in the same migration (it empties the referencing tables)', async () => {
    const migration =
      'CREATE TABLE tenants (id int PRIMARY KEY);\nALTER TABLE users ADD COLUMN tenant_id int REFERENCES tenants;\nTRUNCATE tenants CASCADE;';
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity, v.line, v.column])).toEqual([
      ['app.tenants', 'error', 4, 'TRUNCATE '.length + 1],
    ]);
    expect(violations[0]?.message).toContain('CASCADE empties the tables referencing these too');
  });

  it('flags TRUNCATE of an existing table after a CREATE TABLE IF NOT EXISTS of it (skipped by PostgreSQL)', async () => {
    const migration = 'CREATE TABLE IF NOT EXISTS users (id int PRIMARY KEY);\nTRUNCATE users;';
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => v.target)).toEqual(['app.users']);
  });

  it('flags TRUNCATE of an existing table after a temporary table of the same name', async () => {
    const migration = 'CREATE TEMP TABLE logs (id int);\nTRUNCATE app.logs;';
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => v.target)).toEqual(['app.logs']);
  });

  it.each([
    ['a table created in the same migration', 'CREATE TABLE staging (id int);\nTRUNCATE staging;'],
    [
      'a table created by CREATE TABLE IF NOT EXISTS (new before the migration)',
      'CREATE TABLE IF NOT EXISTS staging (id int);\nTRUNCATE staging RESTRICT;',
    ],
    ['DELETE with a WHERE clause', 'DELETE FROM users WHERE id < 10;'],
    [
      'TRUNCATE in the down section',
      '-- migrate:up\nINSERT INTO logs VALUES (1);\n-- migrate:down\nTRUNCATE logs;\n',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
