import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'prefer-text-over-char';

describe(rule, () => {
  it.each([
    ['char(3)', 'CREATE TABLE t (code char(3));', 'char(3)'],
    ['character(10)', 'CREATE TABLE t (code character(10));', 'char(10)'],
    ['bare char (char(1))', 'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN code char;', 'char(1)'],
    [
      'ALTER COLUMN TYPE char(2)',
      'CREATE TABLE t (code text);\nALTER TABLE t ALTER COLUMN code TYPE char(2);',
      'char(2)',
    ],
  ])('flags %s', async (_name, migration, type) => {
    const violations = await checkSql({ migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([['app.t.code', 'warning']]);
    expect(violations[0]?.message).toContain(type);
  });

  it.each([
    ['text', 'CREATE TABLE t (code text);'],
    ['varchar(3)', 'CREATE TABLE t (code varchar(3));'],
    ['the one-byte "char" type', 'CREATE TABLE t (flag "char");'],
    ['character varying', 'CREATE TABLE t (code character varying(10));'],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ migration, rule })).toEqual([]);
  });
});
