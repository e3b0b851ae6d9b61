import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'create-index-not-concurrently';
const before = 'CREATE TABLE users (id int PRIMARY KEY, email text, org int);';

describe(rule, () => {
  it.each([
    ['a plain index', 'CREATE INDEX users_email ON users (email);'],
    ['a unique index on a qualified name', 'CREATE UNIQUE INDEX users_email ON app.users (lower(email));'],
    [
      'a partial index with IF NOT EXISTS',
      'CREATE INDEX IF NOT EXISTS users_org ON users (org) WHERE org IS NOT NULL;',
    ],
  ])('flags %s on an existing table', async (_name, migration) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([['app.users', 'error']]);
  });

  it('points at the table name', async () => {
    const violations = await checkSql({
      before,
      migration: 'CREATE INDEX users_email ON users (email);',
      rule,
    });
    expect(violations[0]?.column).toBe('CREATE INDEX users_email ON '.length + 1);
  });

  it('flags CREATE INDEX on a partitioned table with the partition recipe', async () => {
    const violations = await checkSql({
      before: 'CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);',
      migration: 'CREATE INDEX events_at ON events (at);',
      rule,
    });
    expect(violations.map((v) => v.target)).toEqual(['app.events']);
    expect(violations[0]?.help).toContain('ON ONLY');
  });

  it('does not flag CREATE INDEX ON ONLY a partitioned table (instant, partitions attached later)', async () => {
    const before = 'CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);';
    expect(
      await checkSql({ before, migration: 'CREATE INDEX events_at ON ONLY events (at);', rule }),
    ).toEqual([]);
  });

  it('does not flag CREATE INDEX CONCURRENTLY', async () => {
    const migration =
      '-- dbward:no-transaction\n-- migrate:up\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('does not flag an index on a table created in the same migration', async () => {
    const migration = 'CREATE TABLE teams (id int, name text);\nCREATE INDEX teams_name ON teams (name);';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('does not flag an index on a table created with CREATE TABLE AS in the same migration', async () => {
    const migration =
      'CREATE TABLE user_copy AS SELECT * FROM users;\nCREATE INDEX user_copy_email ON user_copy (email);';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('does not flag CREATE INDEX in the down section', async () => {
    const migration =
      '-- migrate:up\nDROP INDEX CONCURRENTLY x;\n-- migrate:down\nCREATE INDEX x ON users (email);\n';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  describe('CONCURRENTLY on a partitioned table', () => {
    const partitioned =
      'CREATE TABLE events (id bigint, org_id bigint, name text) PARTITION BY RANGE (id); CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (100);';

    it('is an error: PostgreSQL cannot create an index on a partitioned table concurrently', async () => {
      const migration = '-- dbward:no-transaction\nCREATE INDEX CONCURRENTLY events_org ON events (org_id);';
      const violations = await checkSql({
        before: partitioned,
        migration,
        rule: 'create-index-not-concurrently',
      });
      expect(violations.map((v) => [v.target, v.severity])).toEqual([['app.events', 'error']]);
      expect(violations[0]?.help).toContain('ON ONLY events');
      expect(violations[0]?.help).toContain('ATTACH PARTITION');
    });

    it('does not flag CREATE INDEX CONCURRENTLY on a partition', async () => {
      const migration =
        '-- dbward:no-transaction\nCREATE INDEX CONCURRENTLY events_1_org ON events_1 (org_id);';
      expect(
        await checkSql({ before: partitioned, migration, rule: 'create-index-not-concurrently' }),
      ).toEqual([]);
    });
  });

  describe('IF NOT EXISTS', () => {
    const withIndex = `${before} CREATE INDEX users_email ON users (email); CREATE TABLE orgs (id int);`;

    it.each([
      ['an index of that name', 'CREATE INDEX IF NOT EXISTS users_email ON users (email);'],
      ['an index of that name on another table', 'CREATE INDEX IF NOT EXISTS users_email ON orgs (id);'],
      ['a table of that name', 'CREATE INDEX IF NOT EXISTS orgs ON users (org);'],
      ['a constraint index of that name', 'CREATE INDEX IF NOT EXISTS users_pkey ON users (id);'],
    ])('does not flag it when the schema before has %s (PostgreSQL skips it)', async (_name, migration) => {
      expect(await checkSql({ before: withIndex, migration, rule })).toEqual([]);
    });

    it.each([
      [
        'the name was dropped earlier in the migration',
        'DROP INDEX users_email;\nCREATE INDEX IF NOT EXISTS users_email ON users (email);',
      ],
      [
        'the name was renamed away earlier',
        'ALTER INDEX users_email RENAME TO users_email_old;\nCREATE INDEX IF NOT EXISTS users_email ON users (email);',
      ],
      [
        "the index's column was dropped earlier",
        'ALTER TABLE users DROP COLUMN email CASCADE;\nALTER TABLE users ADD COLUMN email text;\nCREATE INDEX IF NOT EXISTS users_email ON users (email);',
      ],
      [
        'a DO block ran earlier',
        "DO $$ BEGIN EXECUTE 'DROP INDEX app.users_email'; END $$;\nCREATE INDEX IF NOT EXISTS users_email ON users (email);",
      ],
      ['the name is new', 'CREATE INDEX IF NOT EXISTS users_org ON users (org);'],
    ])('flags it when %s', async (_name, migration) => {
      const violations = await checkSql({ before: withIndex, migration, rule });
      expect(violations.map((v) => v.target)).toEqual(['app.users']);
    });
  });
});
