import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'drop-column';
const before = 'CREATE TABLE users (id int PRIMARY KEY, email text, legacy_code text, nick text);';

describe(rule, () => {
  it('flags DROP COLUMN on an existing table and points at the subcommand', async () => {
    const violations = await checkSql({
      before,
      migration: 'ALTER TABLE users DROP COLUMN legacy_code;',
      rule,
    });
    expect(violations.map((v) => [v.target, v.severity, v.line, v.column])).toEqual([
      ['app.users.legacy_code', 'error', 2, 'ALTER TABLE users '.length + 1],
    ]);
  });

  it('points each dropped column of one ALTER TABLE at its own subcommand', async () => {
    const oneLine = await checkSql({
      before,
      migration: 'ALTER TABLE users DROP COLUMN email, DROP COLUMN legacy_code;',
      rule,
    });
    expect(oneLine.map((v) => [v.target, v.line, v.column])).toEqual([
      ['app.users.email', 2, 'ALTER TABLE users '.length + 1],
      ['app.users.legacy_code', 2, 'ALTER TABLE users DROP COLUMN email, '.length + 1],
    ]);

    // Commas inside parentheses, strings and comments do not start a subcommand.
    const multiLine = await checkSql({
      before,
      migration: [
        'ALTER TABLE "app".users',
        '  ADD COLUMN z numeric(10, 2) DEFAULT 0 CHECK (z IN (1, 2)), -- a, b',
        "  ALTER COLUMN nick SET DEFAULT 'a,b',",
        '\tDROP COLUMN IF EXISTS legacy_code;',
      ].join('\n'),
      rule,
    });
    expect(multiLine.map((v) => [v.target, v.line, v.column])).toEqual([['app.users.legacy_code', 5, 2]]);
  });

  it('flags every dropped column of one ALTER TABLE, IF EXISTS included', async () => {
    const violations = await checkSql({
      before,
      migration: 'ALTER TABLE app.users DROP COLUMN IF EXISTS legacy_code, DROP nick;',
      rule,
    });
    expect(violations.map((v) => v.target)).toEqual(['app.users.legacy_code', 'app.users.nick']);
  });

  it('carries a backup-exists data check when a backup directive precedes it', async () => {
    const violations = await checkSql({
      before,
      migration: '-- dbward:backup archive.app__users__20261122\nALTER TABLE users DROP COLUMN email;',
      rule,
    });
    expect(violations[0]?.dataChecks?.[0]).toMatchObject({ kind: 'backup-exists', table: 'users' });
  });

  it('names the dropped column in the backup check, by its name before the migration', async () => {
    const violations = await checkSql({
      before,
      migration: [
        'ALTER TABLE users RENAME COLUMN nick TO nickname;',
        '-- dbward:backup archive.app__users__20261122',
        'ALTER TABLE users DROP COLUMN nickname, DROP COLUMN email;',
      ].join('\n'),
      rule,
    });
    expect(violations.map((v) => v.dataChecks)).toEqual([
      [
        {
          kind: 'backup-exists',
          schema: 'app',
          table: 'users',
          backupTable: 'archive.app__users__20261122',
          columns: ['nick'],
        },
      ],
      [
        {
          kind: 'backup-exists',
          schema: 'app',
          table: 'users',
          backupTable: 'archive.app__users__20261122',
          columns: ['email'],
        },
      ],
    ]);
  });

  it('does not flag a column of a table created in the same migration', async () => {
    const migration = 'CREATE TABLE drafts (id int, tmp text);\nALTER TABLE drafts DROP COLUMN tmp;';
    expect(await checkSql({ migration, rule })).toEqual([]);
  });

  it('does not flag a column added earlier in the same migration', async () => {
    const migration = 'ALTER TABLE users ADD COLUMN tmp text;\nALTER TABLE users DROP COLUMN tmp;';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('does not flag DROP COLUMN IF EXISTS of a column the table did not have', async () => {
    expect(
      await checkSql({ before, migration: 'ALTER TABLE users DROP COLUMN IF EXISTS never_there;', rule }),
    ).toEqual([]);
  });

  it('flags DROP COLUMN of a table the schema before does not know (it may hold data)', async () => {
    const violations = await checkSql({ before, migration: 'ALTER TABLE outside DROP COLUMN x;', rule });
    expect(violations.map((v) => v.target)).toEqual(['app.outside.x']);
  });

  it('does not flag DROP COLUMN in the down section (it undoes an ADD COLUMN)', async () => {
    const migration =
      '-- migrate:up\nALTER TABLE users ADD COLUMN age int;\n-- migrate:down\nALTER TABLE users DROP COLUMN age;\n';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('does not flag dropping a constraint or a default', async () => {
    const violations = await checkSql({
      before: `${before} ALTER TABLE users ADD CONSTRAINT email_unique UNIQUE (email);`,
      migration: 'ALTER TABLE users DROP CONSTRAINT email_unique, ALTER COLUMN nick DROP DEFAULT;',
      rule,
    });
    expect(violations).toEqual([]);
  });
  describe('DROP TYPE / DROP DOMAIN ... CASCADE (drops the columns of that type)', () => {
    const withTypes = [
      "CREATE TYPE mood AS ENUM ('ok', 'sad');",
      "CREATE DOMAIN em AS text CHECK (VALUE LIKE '%@%');",
      'CREATE TABLE people (id int PRIMARY KEY, m mood, ms mood[], e em, name text);',
      'CREATE TABLE other.visits (id int, m app.mood);',
    ].join(' ');

    it('flags every column of the type, of an array of it, in any configured schema', async () => {
      const violations = await checkSql({
        before: withTypes,
        migration: 'DROP TYPE mood CASCADE;',
        rule,
        otherServices: ['other'],
      });
      expect(violations.map((v) => [v.target, v.severity]).sort()).toEqual([
        ['app.people.m', 'error'],
        ['app.people.ms', 'error'],
        ['other.visits.m', 'error'],
      ]);
      expect(violations[0]?.message).toContain('DROP TYPE ... CASCADE drops the column');
    });

    it("flags a domain's columns", async () => {
      const domain = await checkSql({
        before: withTypes,
        migration: 'DROP DOMAIN IF EXISTS em CASCADE;',
        rule,
        otherServices: ['other'],
      });
      expect(domain.map((v) => v.target)).toEqual(['app.people.e']);
    });

    it.each([
      ['without CASCADE (PostgreSQL refuses while a column uses it)', 'DROP TYPE mood;'],
      ['a type no column uses', "CREATE TYPE size_t AS ENUM ('s');\nDROP TYPE size_t CASCADE;"],
      [
        'columns the migration already dropped, and tables it created',
        'ALTER TABLE people DROP COLUMN m, DROP COLUMN ms;\nDROP TABLE other.visits;\nCREATE TABLE fresh (m mood);\nDROP TYPE mood CASCADE;',
      ],
    ])('does not flag %s', async (_name, migration) => {
      const violations = await checkSql({ before: withTypes, migration, rule, otherServices: ['other'] });
      expect(violations.filter((v) => v.message.includes('CASCADE drops'))).toEqual([]);
    });
  });

  it('does not flag ALTER TABLE IF EXISTS of a table neither the schema before nor the target has', async () => {
    const migration = 'ALTER TABLE IF EXISTS legacy DROP COLUMN x;';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('flags ALTER TABLE IF EXISTS ... DROP COLUMN of a table only the target database has', async () => {
    const violations = await checkSql({
      before,
      migration: 'ALTER TABLE IF EXISTS legacy DROP COLUMN IF EXISTS x;',
      rule,
      rowEstimates: { 'app.legacy': 40 },
    });
    expect(violations.map((v) => v.target)).toEqual(['app.legacy.x']);
  });

  it('still flags ALTER TABLE IF EXISTS in a schema the before catalog does not cover', async () => {
    const migration = 'ALTER TABLE IF EXISTS billing.plans DROP COLUMN x;';
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => v.target)).toEqual(['billing.plans.x']);
  });
});
