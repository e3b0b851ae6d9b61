import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'drop-index-not-concurrently';
const before =
  'CREATE TABLE users (id int, email text, nick text); CREATE INDEX users_email ON users (email); CREATE INDEX users_nick ON users (nick);';

describe(rule, () => {
  it.each([
    ['DROP INDEX', 'DROP INDEX users_email;', ['app.users']],
    ['DROP INDEX IF EXISTS, qualified', 'DROP INDEX IF EXISTS app.users_email;', ['app.users']],
    ['two indexes in one statement', 'DROP INDEX users_email, users_nick;', ['app.users', 'app.users']],
  ])('flags %s of an index that existed before', async (_name, migration, targets) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual(targets.map((t) => [t, 'warning']));
  });

  it.each([
    [
      'DROP INDEX CONCURRENTLY',
      '-- dbward:no-transaction\n-- migrate:up\nDROP INDEX CONCURRENTLY users_email;\n',
    ],
    ['an index created in the same migration', 'CREATE INDEX tmp ON users (id);\nDROP INDEX tmp;'],
    [
      'an index of a table created in the same migration',
      'CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nDROP INDEX t_a;',
    ],
    ['DROP TABLE (drop-table reports it)', 'DROP TABLE users;'],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  describe('an index of a partitioned table', () => {
    const partitioned =
      'CREATE TABLE events (id bigint, org_id bigint, name text) PARTITION BY RANGE (id); CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (100); CREATE INDEX events_org ON events (org_id);';

    it('is an error to drop CONCURRENTLY (PostgreSQL refuses)', async () => {
      const migration = '-- dbward:no-transaction\nDROP INDEX CONCURRENTLY events_org;';
      const violations = await checkSql({ before: partitioned, migration, rule });
      expect(violations.map((v) => [v.target, v.severity])).toEqual([['app.events', 'error']]);
      expect(violations[0]?.message).toContain('partitioned');
    });

    it('does not recommend DROP INDEX CONCURRENTLY for a plain DROP INDEX', async () => {
      const violations = await checkSql({ before: partitioned, migration: 'DROP INDEX events_org;', rule });
      expect(violations.map((v) => [v.target, v.severity])).toEqual([['app.events', 'warning']]);
      expect(violations[0]?.help).not.toContain('Use DROP INDEX CONCURRENTLY');
      expect(violations[0]?.help).toContain('cannot be dropped CONCURRENTLY');
    });
  });
});
