import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';
import type { Db } from '../../db/db.js';
import { openPgliteDb } from '../../db/pglite-db.js';

const rule = 'prefer-text-over-char';

describe(rule, () => {
  it.each([
    ['char(3)', 'CREATE TABLE t (code char(3));', 'char(3)'],
    ['character(10)', 'CREATE TABLE t (code character(10));', 'char(10)'],
    ['bare char (char(1))', 'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN code char;', 'char(1)'],
    ['bare character (char(1))', 'CREATE TABLE t (code character);', 'char(1)'],
    ['bpchar(5)', 'CREATE TABLE t (code bpchar(5));', 'char(5)'],
    [
      'ALTER COLUMN TYPE char(2)',
      'CREATE TABLE t (code text);\nALTER TABLE t ALTER COLUMN code TYPE char(2);',
      'char(2)',
    ],
    [
      'bpchar without a length (unlimited)',
      'CREATE TABLE t (code bpchar);',
      'bpchar (char with no length limit)',
    ],
    [
      'pg_catalog.bpchar without a length',
      'CREATE TABLE t (code pg_catalog.bpchar);',
      'bpchar (char with no length limit)',
    ],
    [
      'ALTER COLUMN TYPE bpchar',
      'CREATE TABLE t (code text);\nALTER TABLE t ALTER COLUMN code TYPE bpchar;',
      'bpchar (char with no length limit)',
    ],
  ])('flags %s', async (_name, migration, type) => {
    const violations = await checkSql({ migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual([['app.t.code', 'warning']]);
    expect(violations[0]?.message).toContain(`app.t.code is ${type}`);
  });

  it('does not call an unlimited bpchar padded, nor suggest a length for it', async () => {
    const violations = await checkSql({ migration: 'CREATE TABLE t (code bpchar);', rule });
    expect(violations[0]?.message).not.toMatch(/char\(\d+\)|padded/);
    expect(violations[0]?.help).toBe('Use text.');
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

describe(`${rule}: names the type as PostgreSQL's format_type does`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPgliteDb();
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each(['char', 'character', 'char(4)', 'bpchar', 'bpchar(7)', 'pg_catalog.bpchar'])(
    '%s',
    async (type) => {
      const migration = `CREATE TABLE t (code ${type});`;
      await db.exec(`DROP TABLE IF EXISTS t; ${migration}`);
      const formatted = await db.query<{ type: string }>(
        "SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'code'",
      );
      // character(n) is what dbward calls char(n); an unlimited one is plain bpchar.
      const expected = (formatted.rows[0]?.type ?? '').replace(/^character\(/, 'char(');
      const violations = await checkSql({ migration, rule });
      // `app.t.code is <type>: ...` or `app.t.code is <type> (...)`
      expect(violations[0]?.message.split(/[ :]/)[2]).toBe(expected);
    },
  );
});
