import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'alter-column-type';
const before = `CREATE TABLE accounts (
  id int4 PRIMARY KEY,
  code varchar(50),
  note text,
  amount numeric(10,2),
  free numeric,
  small int2,
  letter char(3),
  at timestamp(3),
  ids int4[]
);`;

async function alter(change: string, options: { rowEstimates?: Record<string, number> } = {}) {
  return checkSql({ before, migration: `ALTER TABLE accounts ${change};`, rule, ...options });
}

describe(rule, () => {
  it.each([
    ['varchar(50) -> varchar(20)', 'ALTER COLUMN code TYPE varchar(20)', 'varchar(20)'],
    ['text -> int (text to number)', 'ALTER COLUMN note TYPE int USING note::int', 'int4'],
    ['text -> date', 'ALTER COLUMN note TYPE date USING note::date', 'date'],
    ['numeric(10,2) -> numeric(8,2)', 'ALTER COLUMN amount TYPE numeric(8,2)', 'numeric(8,2)'],
    ['numeric -> int (integer narrowing of fractions)', 'ALTER COLUMN free TYPE integer', 'int4'],
    ['int4 -> int2', 'ALTER COLUMN id TYPE smallint', 'int2'],
    ['text -> varchar(10)', 'ALTER COLUMN note TYPE varchar(10)', 'varchar(10)'],
    ['timestamp(3) -> timestamp(0)', 'ALTER COLUMN at TYPE timestamp(0)', 'timestamp(0)'],
  ])(
    'flags a narrowing change %s as an error with a narrowing data check',
    async (_name, change, newType) => {
      const violations = await alter(change);
      expect(violations.map((v) => v.severity)).toEqual(['error']);
      expect(violations[0]?.dataChecks).toEqual([
        { kind: 'narrowing', schema: 'app', table: 'accounts', column: expect.any(String), newType },
      ]);
    },
  );

  it.each([
    ['int2 -> int4', 'ALTER COLUMN small TYPE int4'],
    ['char(3) -> varchar(10) (char trims blanks: a rewrite)', 'ALTER COLUMN letter TYPE varchar(10)'],
    ['int4 -> int8', 'ALTER COLUMN id TYPE bigint'],
    ['timestamp -> timestamptz', 'ALTER COLUMN at TYPE timestamptz'],
  ])('flags a rewriting widening %s as a warning on a small table', async (_name, change) => {
    const violations = await alter(change, { rowEstimates: { 'app.accounts': 500 } });
    expect(violations.map((v) => [v.severity, v.dataChecks])).toEqual([['warning', undefined]]);
    expect(violations[0]?.message).toContain('rewrites the whole table');
  });

  it('raises a rewriting widening to an error on a large table', async () => {
    const violations = await alter('ALTER COLUMN id TYPE bigint', {
      rowEstimates: { 'app.accounts': 5_000_000 },
    });
    expect(violations.map((v) => [v.severity, v.severityOverridden])).toEqual([['error', true]]);
    expect(violations[0]?.message).toContain('about 5,000,000 rows');
  });

  it('points at the new type', async () => {
    const violations = await alter('ALTER COLUMN code TYPE varchar(20)');
    expect([violations[0]?.line, violations[0]?.column]).toEqual([
      2,
      'ALTER TABLE accounts ALTER COLUMN code TYPE '.length + 1,
    ]);
  });

  it.each([
    ['varchar(50) -> varchar(255)', 'ALTER COLUMN code TYPE varchar(255)'],
    ['varchar(50) -> text', 'ALTER COLUMN code TYPE text'],
    ['varchar(50) -> unconstrained varchar', 'ALTER COLUMN code TYPE varchar'],
    ['text -> varchar', 'ALTER COLUMN note TYPE character varying'],
    ['numeric(10,2) -> numeric(12,2)', 'ALTER COLUMN amount TYPE numeric(12,2)'],
    ['numeric(10,2) -> numeric', 'ALTER COLUMN amount TYPE numeric'],
    ['timestamp(3) -> timestamp(6)', 'ALTER COLUMN at TYPE timestamp(6)'],
    ['int4[] -> integer[] (same type)', 'ALTER COLUMN ids TYPE integer[]'],
  ])('does not flag binary-compatible widening %s', async (_name, change) => {
    expect(await alter(change)).toEqual([]);
  });

  it('does not flag a type change on a table created in the same migration', async () => {
    const migration =
      'CREATE TABLE fresh (code varchar(50));\nALTER TABLE fresh ALTER COLUMN code TYPE varchar(10);';
    expect(await checkSql({ migration, rule })).toEqual([]);
  });

  it('judges a column added earlier in the same migration by its declared type, without a data check', async () => {
    const migration =
      'ALTER TABLE accounts ADD COLUMN ref varchar(40);\nALTER TABLE accounts ALTER COLUMN ref TYPE varchar(10);\nALTER TABLE accounts ALTER COLUMN ref TYPE text;';
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.line, v.severity, v.dataChecks])).toEqual([[3, 'error', []]]);
    expect(violations[0]?.message).toContain('varchar(40) -> varchar(10)');
  });

  it('warns when the column is unknown before the migration', async () => {
    const violations = await alter('ALTER COLUMN nope TYPE text');
    expect(violations.map((v) => [v.severity, v.target])).toEqual([['warning', 'app.accounts.nope']]);
    expect(violations[0]?.message).toContain('cannot tell');
  });
});
