import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'reindex-not-concurrently';
const before =
  'CREATE TABLE users (id int PRIMARY KEY, email text); CREATE INDEX users_email ON users (email);';

describe(rule, () => {
  it.each([
    ['REINDEX INDEX', 'REINDEX INDEX users_email;', 'REINDEX INDEX app.users_email'],
    ['REINDEX TABLE', 'REINDEX TABLE users;', 'REINDEX TABLE app.users'],
    ['REINDEX (CONCURRENTLY false)', 'REINDEX (CONCURRENTLY false) TABLE users;', 'REINDEX TABLE app.users'],
    ['REINDEX (VERBOSE) SCHEMA', 'REINDEX (VERBOSE) SCHEMA app;', 'REINDEX SCHEMA app'],
  ])('flags %s', async (_name, migration, says) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.severity, v.message.startsWith(says)])).toEqual([['error', true]]);
    expect(violations[0]?.help).toContain('CONCURRENTLY');
  });

  it('flags it in the down section too', async () => {
    const migration = '-- migrate:up\nSELECT 1;\n-- migrate:down\nREINDEX TABLE users;\n';
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => v.target)).toEqual(['app.users']);
  });

  it.each([
    ['REINDEX TABLE CONCURRENTLY', 'REINDEX TABLE CONCURRENTLY users;'],
    ['REINDEX (CONCURRENTLY) INDEX', 'REINDEX (CONCURRENTLY) INDEX users_email;'],
    ['REINDEX of a table created in the migration', 'CREATE TABLE t (id int PRIMARY KEY);\nREINDEX TABLE t;'],
    [
      'REINDEX of a temporary table',
      'CREATE TEMP TABLE scratch (id int PRIMARY KEY);\nREINDEX TABLE scratch;',
    ],
    ['CREATE INDEX CONCURRENTLY', 'CREATE INDEX CONCURRENTLY users_id2 ON users (id);'],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
