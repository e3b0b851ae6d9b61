import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'vacuum-full';

describe(rule, () => {
  it.each([
    ['VACUUM FULL t', 'VACUUM FULL users;'],
    ['VACUUM (FULL, ANALYZE)', 'VACUUM (FULL, ANALYZE) users;'],
    ['VACUUM (FULL true) of everything', 'VACUUM (FULL true);'],
  ])('flags %s', async (_name, migration) => {
    const violations = await checkSql({ before: 'CREATE TABLE users (id int);', migration, rule });
    expect(violations.map((v) => v.severity)).toEqual(['error']);
  });

  it.each([
    ['plain VACUUM', 'VACUUM users;'],
    ['VACUUM ANALYZE', 'VACUUM (ANALYZE) users;'],
    ['VACUUM (FULL false)', 'VACUUM (FULL false) users;'],
    ['ANALYZE', 'ANALYZE users;'],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before: 'CREATE TABLE users (id int);', migration, rule })).toEqual([]);
  });
});
