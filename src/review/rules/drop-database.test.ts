import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'drop-database';

describe(rule, () => {
  it.each([
    ['DROP DATABASE', 'DROP DATABASE kronos;', 'kronos'],
    [
      'DROP DATABASE IF EXISTS ... WITH (FORCE)',
      'DROP DATABASE IF EXISTS kronos_old WITH (FORCE);',
      'kronos_old',
    ],
    [
      'DROP DATABASE in the down section',
      '-- migrate:up\nSELECT 1;\n-- migrate:down\nDROP DATABASE scratch;\n',
      'scratch',
    ],
  ])('flags %s', async (_name, migration, target) => {
    const violations = await checkSql({ migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([[target, 'error']]);
  });

  it.each([
    ['DROP SCHEMA', 'DROP SCHEMA reporting;'],
    ['a string mentioning DROP DATABASE', "SELECT 'DROP DATABASE kronos';"],
    ['DROP DATABASE inside a comment', '-- DROP DATABASE kronos;\nSELECT 1;'],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ migration, rule })).toEqual([]);
  });
});
