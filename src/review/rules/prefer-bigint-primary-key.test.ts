import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'prefer-bigint-primary-key';

describe(rule, () => {
  it.each([
    ['serial PRIMARY KEY', 'CREATE TABLE t (id serial PRIMARY KEY);', 'serial'],
    [
      'integer identity PRIMARY KEY',
      'CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY);',
      'integer',
    ],
    [
      'a table-level PRIMARY KEY on an int column',
      'CREATE TABLE t (id integer NOT NULL, name text, PRIMARY KEY (id));',
      'integer',
    ],
    [
      'smallint key added with ADD COLUMN',
      'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN id smallint PRIMARY KEY;',
      'smallint',
    ],
  ])('flags %s', async (_name, migration, type) => {
    const violations = await checkSql({ migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([['app.t.id', 'warning']]);
    expect(violations[0]?.message).toContain(`is ${type}`);
  });

  it('flags ADD PRIMARY KEY on an existing integer column, read from the schema before', async () => {
    const violations = await checkSql({
      before: 'CREATE TABLE legacy (id int NOT NULL, big bigint NOT NULL);',
      migration: 'ALTER TABLE legacy ADD PRIMARY KEY (id);',
      rule,
    });
    expect(violations.map((v) => [v.target, v.column])).toEqual([
      ['app.legacy.id', 'ALTER TABLE legacy ADD '.length + 1],
    ]);
  });

  it('does not flag ADD PRIMARY KEY on an existing bigint column', async () => {
    const violations = await checkSql({
      before: 'CREATE TABLE legacy (id int NOT NULL, big bigint NOT NULL);',
      migration: 'ALTER TABLE legacy ADD PRIMARY KEY (big);',
      rule,
    });
    expect(violations).toEqual([]);
  });

  it.each([
    ['bigint identity', 'CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);'],
    ['bigserial', 'CREATE TABLE t (id bigserial PRIMARY KEY);'],
    ['uuid', 'CREATE TABLE t (id uuid PRIMARY KEY DEFAULT gen_random_uuid());'],
    ['an int column that is not the key', 'CREATE TABLE t (id bigint PRIMARY KEY, count int);'],
    [
      'an int foreign key column',
      'CREATE TABLE p (id bigint PRIMARY KEY);\nCREATE TABLE c (id bigint PRIMARY KEY, p_id int REFERENCES p);',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ migration, rule })).toEqual([]);
  });

  it.each([
    ['int', 'CREATE TABLE a7 (id int NOT NULL);\nALTER TABLE a7 ADD PRIMARY KEY (id);', 'integer'],
    [
      'serial',
      'CREATE TABLE a7 (id serial);\nALTER TABLE a7 ADD CONSTRAINT a7_pkey PRIMARY KEY (id);',
      'serial',
    ],
    [
      'int added by an earlier ADD COLUMN',
      'CREATE TABLE a7 (name text);\nALTER TABLE a7 ADD COLUMN id smallint NOT NULL;\nALTER TABLE a7 ADD PRIMARY KEY (id);',
      'smallint',
    ],
  ])(
    'flags ADD PRIMARY KEY on a %s column of a table created earlier in the migration',
    async (_name, migration, type) => {
      const violations = await checkSql({ migration, rule });
      expect(violations.map((v) => v.target)).toEqual(['app.a7.id']);
      expect(violations[0]?.message).toContain(`is ${type}`);
    },
  );

  it('reads the type an earlier ALTER COLUMN ... TYPE of the migration gave the column', async () => {
    const before = 'CREATE TABLE legacy (id int NOT NULL, big bigint NOT NULL);';
    expect(
      await checkSql({
        before,
        migration:
          'ALTER TABLE legacy ALTER COLUMN id TYPE bigint;\nALTER TABLE legacy ADD PRIMARY KEY (id);',
        rule,
      }),
    ).toEqual([]);
    const violations = await checkSql({
      before,
      migration: 'ALTER TABLE legacy ALTER COLUMN big TYPE int;\nALTER TABLE legacy ADD PRIMARY KEY (big);',
      rule,
    });
    expect(violations.map((v) => v.target)).toEqual(['app.legacy.big']);
  });

  it('does not flag ADD PRIMARY KEY on a bigint column of a table created earlier in the migration', async () => {
    const migration = 'CREATE TABLE a7 (id bigint NOT NULL);\nALTER TABLE a7 ADD PRIMARY KEY (id);';
    expect(await checkSql({ migration, rule })).toEqual([]);
  });
});
