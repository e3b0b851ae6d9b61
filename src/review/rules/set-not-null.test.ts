import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'set-not-null';
const before = `CREATE TABLE users (id int PRIMARY KEY, email text, nick text, name text NOT NULL, code text);
ALTER TABLE users ADD CONSTRAINT code_not_null CHECK (code IS NOT NULL);`;

describe(rule, () => {
  it.each([
    [
      'SET NOT NULL on a nullable column',
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      ['app.users.email'],
    ],
    [
      'two columns in one statement',
      'ALTER TABLE app.users ALTER email SET NOT NULL, ALTER nick SET NOT NULL;',
      ['app.users.email', 'app.users.nick'],
    ],
    [
      'a column of a table unknown before the migration',
      'ALTER TABLE ghosts ALTER COLUMN x SET NOT NULL;',
      ['app.ghosts.x'],
    ],
  ])('flags %s', async (_name, migration, targets) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => v.target)).toEqual(targets);
    expect(violations.every((v) => v.severity === 'error')).toBe(true);
  });

  it('flags the PostgreSQL 18 spelling ADD CONSTRAINT ... NOT NULL col, but not with NOT VALID', async () => {
    const violations = await checkSql({
      before,
      migration:
        'ALTER TABLE users ADD CONSTRAINT email_nn NOT NULL email;\nALTER TABLE users ADD CONSTRAINT nick_nn NOT NULL nick NOT VALID;',
      rule,
    });
    expect(violations.map((v) => [v.target, v.line])).toEqual([['app.users.email', 2]]);
  });

  it('points each finding at its own subcommand, not at the table name', async () => {
    const violations = await checkSql({
      before,
      migration:
        'ALTER TABLE users\n  ADD COLUMN z text,\n  ALTER COLUMN email SET NOT NULL,\n  ADD CONSTRAINT nick_nn NOT NULL nick, ALTER id SET NOT NULL;',
      rule,
    });
    expect(violations.map((v) => [v.target, v.line, v.column])).toEqual([
      ['app.users.email', 4, 3],
      ['app.users.nick', 5, 3],
    ]);
  });

  it('mentions the row estimate when the target database knows it', async () => {
    const violations = await checkSql({
      before,
      migration: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      rule,
      rowEstimates: { 'app.users': 42_000 },
    });
    expect(violations[0]?.message).toContain('about 42,000 rows');
  });

  describe('a validated CHECK as proof', () => {
    const checked = `CREATE TABLE people (a text, b text, c text, d text, "Mixed" text);
ALTER TABLE people ADD CONSTRAINT a_and_more CHECK (a IS NOT NULL AND length(a) > 2 AND b <> '');
ALTER TABLE people ADD CONSTRAINT c_or_d CHECK (c IS NOT NULL OR d IS NOT NULL);
ALTER TABLE people ADD CONSTRAINT mixed_nn CHECK ("Mixed" IS NOT NULL);
ALTER TABLE people ADD CONSTRAINT d_not_null CHECK (NOT (d IS NULL));`;

    it('counts a column whose IS NOT NULL is an operand of a top-level AND, NOT (col IS NULL), a quoted name', async () => {
      const migration =
        'ALTER TABLE people ALTER a SET NOT NULL, ALTER "Mixed" SET NOT NULL, ALTER d SET NOT NULL;';
      expect(await checkSql({ before: checked, migration, rule })).toEqual([]);
    });

    it('does not count what admits a NULL: another test on the column, or IS NOT NULL under OR', async () => {
      const migration = 'ALTER TABLE people ALTER b SET NOT NULL, ALTER c SET NOT NULL;';
      const violations = await checkSql({ before: checked, migration, rule });
      expect(violations.map((v) => v.target)).toEqual(['app.people.b', 'app.people.c']);
    });
  });

  describe('within one migration', () => {
    const proven = `CREATE TABLE users (id int, email text, "Tenant" text);
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL);
ALTER TABLE users ADD CONSTRAINT users_id_nn CHECK (users.id IS NOT NULL);
CREATE UNIQUE INDEX users_id_idx ON users (id);`;

    it('does not count a proving CHECK the same statement or an earlier one drops (PostgreSQL drops it first)', async () => {
      const sameStatement = await checkSql({
        before: proven,
        migration:
          'ALTER TABLE users ALTER COLUMN email SET NOT NULL, DROP CONSTRAINT users_email_nn;\nALTER TABLE users ADD PRIMARY KEY USING INDEX users_id_idx, DROP CONSTRAINT users_id_nn;',
        rule,
      });
      expect(sameStatement.map((v) => v.target)).toEqual(['app.users.email', 'app.users.id']);
      const earlier = await checkSql({
        before: proven,
        migration:
          'ALTER TABLE users DROP CONSTRAINT users_email_nn;\nALTER TABLE users ALTER email SET NOT NULL;',
        rule,
      });
      expect(earlier.map((v) => [v.target, v.line])).toEqual([['app.users.email', 3]]);
    });

    it('counts a NOT VALID CHECK validated by an earlier statement, not by the same one (checked on PG15)', async () => {
      const before = `CREATE TABLE users (id int, email text);
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;`;
      const earlier = await checkSql({
        before,
        migration:
          'ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\nALTER TABLE users ALTER email SET NOT NULL;',
        rule,
      });
      expect(earlier).toEqual([]);
      // PostgreSQL sets NOT NULL with its own scan before it validates the CHECK of the same statement.
      const same = await checkSql({
        before,
        migration: 'ALTER TABLE users VALIDATE CONSTRAINT users_email_nn, ALTER email SET NOT NULL;',
        rule,
      });
      expect(same.map((v) => v.target)).toEqual(['app.users.email']);
      const unvalidated = await checkSql({
        before,
        migration: 'ALTER TABLE users ALTER email SET NOT NULL;',
        rule,
      });
      expect(unvalidated.map((v) => v.target)).toEqual(['app.users.email']);
    });

    it('counts a table-qualified IS NOT NULL as proof, and the separate statements of the recipe', async () => {
      const migration =
        'ALTER TABLE users ALTER email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_nn;\nALTER TABLE users ADD PRIMARY KEY USING INDEX users_id_idx;';
      expect(await checkSql({ before: proven, migration, rule })).toEqual([]);
    });

    it('flags USING INDEX of an index built earlier in the same migration, and a column once', async () => {
      const sameFile = await checkSql({
        before: 'CREATE TABLE v (id int, a int);',
        migration:
          '-- dbward:no-transaction\n-- migrate:up\nCREATE UNIQUE INDEX CONCURRENTLY v_id_idx ON v (id);\nALTER TABLE v ADD CONSTRAINT v_pkey PRIMARY KEY USING INDEX v_id_idx;\n',
        rule,
      });
      expect(sameFile.map((v) => v.target)).toEqual(['app.v.id']);
      const twice = await checkSql({
        before: 'CREATE TABLE t (a int);\nCREATE UNIQUE INDEX t_a_idx ON t (a);',
        migration: 'ALTER TABLE t ALTER a SET NOT NULL;\nALTER TABLE t ADD PRIMARY KEY USING INDEX t_a_idx;',
        rule,
      });
      expect(twice.map((v) => [v.target, v.line])).toEqual([['app.t.a', 2]]);
    });

    it('quotes a column that needs it in the help, so the SQL can be pasted', async () => {
      const [violation] = await checkSql({
        before: proven,
        migration: 'ALTER TABLE users ALTER "Tenant" SET NOT NULL;',
        rule,
      });
      expect(violation?.help).toContain('CHECK ("Tenant" IS NOT NULL) NOT VALID');
    });
  });

  describe('ADD PRIMARY KEY USING INDEX', () => {
    const withIndexes = `CREATE TABLE accounts (email text, code text, name text NOT NULL);
ALTER TABLE accounts ADD CONSTRAINT code_nn CHECK (code IS NOT NULL);
CREATE UNIQUE INDEX accounts_email_name ON accounts (email, name);
CREATE UNIQUE INDEX accounts_code ON accounts (code);
CREATE UNIQUE INDEX accounts_name ON accounts (name);`;

    it('flags each nullable column of the adopted index: PostgreSQL makes it NOT NULL with a scan', async () => {
      const violations = await checkSql({
        before: withIndexes,
        migration:
          'ALTER TABLE accounts ADD CONSTRAINT accounts_pk PRIMARY KEY USING INDEX accounts_email_name;',
        rule,
      });
      expect(violations.map((v) => [v.target, v.line, v.column])).toEqual([['app.accounts.email', 2, 22]]);
      expect(violations[0]?.message).toContain(
        'ADD PRIMARY KEY USING INDEX accounts_email_name makes app.accounts.email NOT NULL',
      );
      expect(violations[0]?.help).toContain('CHECK (email IS NOT NULL) NOT VALID');
    });

    it('flags a column once when the same statement also sets it NOT NULL', async () => {
      const violations = await checkSql({
        before: withIndexes,
        migration:
          'ALTER TABLE accounts ALTER email SET NOT NULL, ADD PRIMARY KEY USING INDEX accounts_email_name;',
        rule,
      });
      expect(violations.map((v) => v.target)).toEqual(['app.accounts.email']);
    });

    it.each([
      ['columns already NOT NULL', 'accounts_name'],
      ['a column proven by a validated CHECK', 'accounts_code'],
      ['an index the review does not know', 'accounts_missing'],
    ])('does not flag %s', async (_name, index) => {
      const migration = `ALTER TABLE accounts ADD PRIMARY KEY USING INDEX ${index};`;
      expect(await checkSql({ before: withIndexes, migration, rule })).toEqual([]);
    });
  });

  it.each([
    [
      'a column of a table created in the same migration',
      'CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;',
    ],
    [
      'a column proven by a validated CHECK (col IS NOT NULL)',
      'ALTER TABLE users ALTER COLUMN code SET NOT NULL;',
    ],
    ['a column that is already NOT NULL', 'ALTER TABLE users ALTER COLUMN name SET NOT NULL;'],
    ['DROP NOT NULL', 'ALTER TABLE users ALTER COLUMN name DROP NOT NULL;'],
    [
      'the recipe: CHECK ... NOT VALID',
      'ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('does not flag ALTER TABLE IF EXISTS of a table neither the schema before nor the target has', async () => {
    const migration = 'ALTER TABLE IF EXISTS legacy ALTER COLUMN x SET NOT NULL;';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('flags ALTER TABLE IF EXISTS ... SET NOT NULL of a table only the target database has', async () => {
    const migration = 'ALTER TABLE IF EXISTS legacy ALTER COLUMN x SET NOT NULL;';
    const violations = await checkSql({ before, migration, rule, rowEstimates: { 'app.legacy': 3 } });
    expect(violations.map((v) => v.target)).toEqual(['app.legacy.x']);
  });
});
