import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'cluster';
const before = 'CREATE TABLE users (id int PRIMARY KEY);';

describe(rule, () => {
  it.each([
    ['CLUSTER t USING index', 'CLUSTER users USING users_pkey;', 'app.users'],
    ['CLUSTER of a qualified table', 'CLUSTER app.users;', 'app.users'],
    ['CLUSTER VERBOSE t', 'CLUSTER (VERBOSE) users;', 'app.users'],
  ])('flags %s', async (_name, migration, target) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([[target, 'error']]);
  });

  it('flags a bare CLUSTER (every previously clustered table) without a target', async () => {
    const violations = await checkSql({ before, migration: 'CLUSTER;', rule });
    expect(violations.map((v) => v.target)).toEqual([undefined]);
  });

  it.each([
    ['ALTER TABLE ... CLUSTER ON (only marks the index)', 'ALTER TABLE users CLUSTER ON users_pkey;'],
    ['ALTER TABLE ... SET WITHOUT CLUSTER', 'ALTER TABLE users SET WITHOUT CLUSTER;'],
    ['REINDEX', 'REINDEX TABLE users;'],
    [
      'CLUSTER of a temporary table (the one the name finds first)',
      'CREATE TEMP TABLE users (id int PRIMARY KEY);\nCLUSTER users USING users_pkey;',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
