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
  ids int4[],
  bits varbit(4),
  net cidr,
  tags varchar(10)[]
);`;

async function alter(change: string, options: { rowEstimates?: Record<string, number> } = {}) {
  return checkSql({ before, migration: `ALTER TABLE accounts ${change};`, rule, ...options });
}

describe(rule, () => {
  it.each([
    ['varchar(50) -> varchar(20)', 'ALTER COLUMN code TYPE varchar(20)', 'varchar(20)'],
    ['text -> int (text to number)', 'ALTER COLUMN note TYPE int USING note::int', 'int4'],
    ['text -> name (cut to 63 bytes)', 'ALTER COLUMN note TYPE name', 'name'],
    ['int4 -> int2 USING the column itself', 'ALTER COLUMN id TYPE smallint USING id', 'int2'],
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
      // `USING column::type` converts with an explicit cast, which the data check is told.
      const explicit = /USING \w+::/.test(change) ? { explicitCast: true } : {};
      expect(violations[0]?.dataChecks).toEqual([
        {
          kind: 'narrowing',
          schema: 'app',
          table: 'accounts',
          column: expect.any(String),
          newType,
          ...explicit,
        },
      ]);
    },
  );

  it.each([
    ['int2 -> int4', 'ALTER COLUMN small TYPE int4'],
    ['char(3) -> varchar(10) (char trims blanks: a rewrite)', 'ALTER COLUMN letter TYPE varchar(10)'],
    ['int4 -> int8', 'ALTER COLUMN id TYPE bigint'],
    ['timestamp -> timestamptz', 'ALTER COLUMN at TYPE timestamptz'],
    ['varchar(10)[] -> varchar(20)[] (every element converts)', 'ALTER COLUMN tags TYPE varchar(20)[]'],
    ['varchar(10)[] -> text[]', 'ALTER COLUMN tags TYPE text[]'],
    ['varchar(50) -> text USING an expression', 'ALTER COLUMN code TYPE text USING lower(code)'],
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

  it('says character, not characters, for a limit of one', async () => {
    const one = await alter('ALTER COLUMN code TYPE varchar(1)');
    expect(one[0]?.message).toContain('longer than 1 character make');
    const two = await alter('ALTER COLUMN code TYPE varchar(2)');
    expect(two[0]?.message).toContain('longer than 2 characters make');
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
    ['varbit(4) -> varbit(8)', 'ALTER COLUMN bits TYPE bit varying(8)'],
    ['cidr -> inet', 'ALTER COLUMN net TYPE inet'],
    ['varchar(10)[] -> varchar[]', 'ALTER COLUMN tags TYPE varchar[]'],
    [
      'varchar(50) -> varchar(255) USING the column cast to the new type',
      'ALTER COLUMN code TYPE varchar(255) USING code::varchar(255)',
    ],
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

  describe('USING', () => {
    it('judges an expression as a rewrite, without a data check and without claiming data loss', async () => {
      const violations = await alter('ALTER COLUMN note TYPE integer USING length(note)', {
        rowEstimates: { 'app.accounts': 500 },
      });
      expect(violations.map((v) => [v.severity, v.dataChecks])).toEqual([['warning', undefined]]);
      expect(violations[0]?.message).toContain('the USING expression computes every value again');
      expect(violations[0]?.message).not.toMatch(/lose data|not valid/);
      const large = await alter('ALTER COLUMN note TYPE integer USING length(note)', {
        rowEstimates: { 'app.accounts': 5_000_000 },
      });
      expect(large.map((v) => v.severity)).toEqual(['error']);
    });

    it('checks a cast of the column to the new type as the cast it is (an explicit one cuts)', async () => {
      const cast = await alter('ALTER COLUMN code TYPE varchar(20) USING code::varchar(20)');
      expect(cast.map((v) => [v.severity, v.dataChecks])).toEqual([
        [
          'error',
          [
            {
              kind: 'narrowing',
              schema: 'app',
              table: 'accounts',
              column: 'code',
              newType: 'varchar(20)',
              explicitCast: true,
            },
          ],
        ],
      ]);
      expect(cast[0]?.message).toContain('values longer than 20 characters are cut to 20');
      const plain = await alter('ALTER COLUMN code TYPE varchar(20)');
      expect(plain[0]?.dataChecks?.[0]).not.toHaveProperty('explicitCast');
      expect(plain[0]?.message).toContain('values longer than 20 characters make the statement fail');
    });
  });

  it('reports text to a number without USING as failing whatever the rows hold, with no data check', async () => {
    const violations = await alter('ALTER COLUMN note TYPE integer');
    expect(violations.map((v) => [v.severity, v.dataChecks])).toEqual([['error', undefined]]);
    expect(violations[0]?.message).toContain('does not convert text to int4 without USING');
    expect(violations[0]?.help).toContain('USING note::int4');
  });

  it('keeps the rewrite of a large table an error of its own beside a narrowing the data check may clear', async () => {
    const violations = await alter('ALTER COLUMN id TYPE int2', {
      rowEstimates: { 'app.accounts': 5_000_000 },
    });
    expect(violations.map((v) => [v.severity, (v.dataChecks ?? []).length])).toEqual([
      ['error', 1],
      ['error', 0],
    ]);
    expect(violations[0]?.message).toContain('can fail or lose data');
    expect(violations[1]?.message).toContain('rewrites the whole table under an ACCESS EXCLUSIVE lock');
    expect(violations[1]?.message).toContain('about 5,000,000 rows');
    // On a small table the narrowing finding alone says it all.
    expect(await alter('ALTER COLUMN id TYPE int2', { rowEstimates: { 'app.accounts': 500 } })).toHaveLength(
      1,
    );
  });

  describe('after renames earlier in the same migration', () => {
    const users = 'CREATE TABLE users (id int PRIMARY KEY, small int, email text);';

    it('judges a renamed column by its type before, and checks the data under its name on the target', async () => {
      const migration = [
        '-- dbward:allow rename-column reason="deploy window"',
        'ALTER TABLE users RENAME COLUMN small TO tiny;',
        'ALTER TABLE users ALTER COLUMN tiny TYPE smallint;',
      ].join('\n');
      const violations = await checkSql({ before: users, migration, rule });
      expect(violations.map((v) => [v.line, v.severity, v.target, v.dataChecks])).toEqual([
        [
          4,
          'error',
          'app.users.tiny',
          [{ kind: 'narrowing', schema: 'app', table: 'users', column: 'small', newType: 'int2' }],
        ],
      ]);
      expect(violations[0]?.message).toContain('integer -> int2 can fail or lose data');
      expect(violations[0]?.message).toContain('app.users.tiny is app.users.small before this migration');
    });

    it('follows a table rename and SET SCHEMA to the table the target holds, with its row estimate', async () => {
      const migration = [
        'ALTER TABLE users RENAME TO people;',
        'ALTER TABLE people ALTER COLUMN email TYPE varchar(10);',
        'ALTER TABLE people SET SCHEMA archive;',
        'ALTER TABLE archive.people ALTER COLUMN id TYPE bigint;',
      ].join('\n');
      const violations = await checkSql({
        before: users,
        migration,
        rule,
        otherServices: ['archive'],
        rowEstimates: { 'app.users': 5_000_000 },
      });
      expect(violations.map((v) => [v.line, v.severity, v.target, v.dataChecks])).toEqual([
        [
          3,
          'error',
          'app.people.email',
          [{ kind: 'narrowing', schema: 'app', table: 'users', column: 'email', newType: 'varchar(10)' }],
        ],
        [3, 'error', 'app.people.email', undefined],
        [5, 'error', 'archive.people.id', undefined],
      ]);
      expect(violations[2]?.message).toContain('integer -> int8 rewrites the whole table');
      expect(violations[2]?.message).toContain('about 5,000,000 rows');
    });

    it('judges a column added under a name freed by a rename by its new definition', async () => {
      const migration = [
        'ALTER TABLE users RENAME COLUMN email TO email_old;',
        'ALTER TABLE users ADD COLUMN email varchar(40);',
        'ALTER TABLE users ALTER COLUMN email TYPE varchar(10);',
      ].join('\n');
      const violations = await checkSql({ before: users, migration, rule });
      expect(violations.map((v) => [v.line, v.severity, v.dataChecks])).toEqual([[4, 'error', []]]);
      expect(violations[0]?.message).toContain('varchar(40) -> varchar(10)');
    });
  });

  it('warns when the column is unknown before the migration', async () => {
    const violations = await alter('ALTER COLUMN nope TYPE text');
    expect(violations.map((v) => [v.severity, v.target])).toEqual([['warning', 'app.accounts.nope']]);
    expect(violations[0]?.message).toContain('cannot tell');
  });
  describe('domains created earlier in the migration', () => {
    const domains = [
      'CREATE DOMAIN em2 AS text;',
      'CREATE DOMAIN code_t AS varchar(50);',
      "CREATE DOMAIN em AS text CHECK (VALUE LIKE '%@%');",
    ].join('\n');

    it.each([
      ['text -> a domain over text without constraints', 'ALTER TABLE accounts ALTER COLUMN note TYPE em2;'],
      ['varchar(50) -> a domain over varchar(50)', 'ALTER TABLE accounts ALTER COLUMN code TYPE code_t;'],
      [
        'a column of a domain added earlier -> its base type',
        'ALTER TABLE accounts ADD COLUMN e em;\nALTER TABLE accounts ALTER COLUMN e TYPE text;',
      ],
      [
        'a column of a domain over varchar(50) added earlier -> text',
        'ALTER TABLE accounts ADD COLUMN c code_t;\nALTER TABLE accounts ALTER COLUMN c TYPE text;',
      ],
    ])('passes %s (binary-coercible: PostgreSQL 15 neither rewrites nor fails)', async (_name, change) => {
      expect(await checkSql({ before, migration: `${domains}\n${change}`, rule })).toEqual([]);
    });

    it.each([
      ['text -> a domain with a CHECK', 'ALTER TABLE accounts ALTER COLUMN note TYPE em;', 'em'],
      [
        'text -> a domain over varchar(50)',
        'ALTER TABLE accounts ALTER COLUMN note TYPE code_t;',
        '50 characters',
      ],
    ])('flags %s as values that can fail', async (_name, change, reason) => {
      const violations = await checkSql({ before, migration: `${domains}\n${change}`, rule });
      expect(violations.map((v) => v.severity)).toEqual(['error']);
      expect(violations[0]?.message).toContain(reason);
    });

    it('reports a column of a domain over varchar(50) -> varchar(80) as a rewrite (the column has no length of its own)', async () => {
      const migration = `${domains}\nALTER TABLE accounts ADD COLUMN c code_t;\nALTER TABLE accounts ALTER COLUMN c TYPE varchar(80);`;
      const violations = await checkSql({ before, migration, rule });
      expect(violations.map((v) => v.severity)).toEqual(['warning']);
      expect(violations[0]?.message).toContain('rewrites the whole table');
    });

    it("counts the rows that do not fit against the domain's base type (the target has no such domain yet)", async () => {
      const migration = `${domains}\nALTER TABLE accounts ALTER COLUMN note TYPE code_t;`;
      const violations = await checkSql({ before, migration, rule });
      expect(violations[0]?.dataChecks).toEqual([
        { kind: 'narrowing', schema: 'app', table: 'accounts', column: 'note', newType: 'varchar(50)' },
      ]);
    });
  });
});
