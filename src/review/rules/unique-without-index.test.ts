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

  it('says an exclusion constraint builds its own index and cannot adopt a concurrent one', async () => {
    const violations = await checkSql({
      before: 'CREATE TABLE users (id bigint PRIMARY KEY, name text);',
      migration: 'ALTER TABLE users ADD CONSTRAINT ex EXCLUDE USING btree (name WITH =);',
      rule: 'unique-without-index',
    });
    expect(violations.map((v) => v.target)).toEqual(['app.users']);
    expect(violations[0]?.message).toContain('ADD CONSTRAINT ex EXCLUDE USING btree builds its own index');
    expect(violations[0]?.message).toContain('cannot adopt an index built concurrently');
    expect(violations[0]?.message).not.toContain('()');
  });

  it('gives the per-partition recipe for a partitioned table, not CREATE INDEX CONCURRENTLY on it', async () => {
    const violations = await checkSql({
      before:
        'CREATE TABLE events (id bigint, org_id bigint, name text) PARTITION BY RANGE (id); CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (100);',
      migration: 'ALTER TABLE events ADD CONSTRAINT events_u UNIQUE (id, org_id);',
      rule: 'unique-without-index',
    });
    expect(violations.map((v) => v.target)).toEqual(['app.events']);
    expect(violations[0]?.help).toContain('on each partition');
    expect(violations[0]?.help).not.toContain('USING INDEX <index>');
  });

  it('does not flag ADD COLUMN IF NOT EXISTS ... UNIQUE of a column the table already has', async () => {
    const migration = 'ALTER TABLE users ADD COLUMN IF NOT EXISTS email text UNIQUE;';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
    const added = 'ALTER TABLE users ADD COLUMN IF NOT EXISTS handle text UNIQUE;';
    expect((await checkSql({ before, migration: added, rule })).map((v) => v.target)).toEqual(['app.users']);
  });
});
