import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'drop-schema';

describe(rule, () => {
  it.each([
    [
      'DROP SCHEMA of the own schema, CASCADE',
      'DROP SCHEMA app CASCADE;',
      ['app'],
      "the service's whole schema",
    ],
    [
      'DROP SCHEMA IF EXISTS of another schema',
      'DROP SCHEMA IF EXISTS reporting;',
      ['reporting'],
      'a whole schema',
    ],
    ['two schemas at once', 'DROP SCHEMA a, b;', ['a', 'b'], 'a whole schema'],
  ])('flags %s', async (_name, migration, targets, text) => {
    const violations = await checkSql({ migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual(targets.map((t) => [t, 'error']));
    expect(violations[0]?.message).toContain(text);
  });

  it.each([
    ['a schema created in the same migration', 'CREATE SCHEMA scratch;\nDROP SCHEMA scratch;'],
    [
      'DROP SCHEMA in the down section',
      '-- migrate:up\nCREATE SCHEMA extra;\n-- migrate:down\nDROP SCHEMA extra;\n',
    ],
    ['DROP TABLE (drop-table reports it)', 'DROP TABLE IF EXISTS app.t;'],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ migration, rule })).toEqual([]);
  });
});
