import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'prefer-timestamptz';

describe(rule, () => {
  it.each([
    ['timestamp in CREATE TABLE', 'CREATE TABLE t (created_at timestamp NOT NULL);', 'app.t.created_at'],
    [
      'timestamp without time zone with precision',
      'CREATE TABLE t (created_at timestamp(3) without time zone);',
      'app.t.created_at',
    ],
    [
      'ADD COLUMN timestamp',
      'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN seen timestamp;',
      'app.t.seen',
    ],
    [
      'ALTER COLUMN TYPE timestamp',
      'CREATE TABLE t (a timestamptz);\nALTER TABLE t ALTER COLUMN a TYPE timestamp;',
      'app.t.a',
    ],
  ])('flags %s', async (_name, migration, target) => {
    const violations = await checkSql({ migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([[target, 'warning']]);
  });

  it('points at the type', async () => {
    const migration = 'CREATE TABLE t (created_at timestamp);';
    const violations = await checkSql({ migration, rule });
    expect(violations[0]?.column).toBe(migration.indexOf('timestamp') + 1);
  });

  it.each([
    ['timestamptz', 'CREATE TABLE t (created_at timestamptz);'],
    ['timestamp with time zone', 'CREATE TABLE t (created_at timestamp(6) with time zone);'],
    ['date and time', 'CREATE TABLE t (d date, opens time);'],
    ['a timestamp cast in a query', "SELECT '2020-01-01'::timestamp;"],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ migration, rule })).toEqual([]);
  });
});
