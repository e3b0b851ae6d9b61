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
});
