import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';
import type { Db } from '../../db/db.js';
import { openPgliteDb } from '../../db/pglite-db.js';

const rule = 'add-not-null-column-without-default';
const before = 'CREATE TABLE users (id int PRIMARY KEY);';

// A NULL default, however spelled, is no default: each of these fails on a table with rows.
const NULL_DEFAULTS: [string, string][] = [
  ['NOT NULL DEFAULT NULL', 'ALTER TABLE users ADD COLUMN c int NOT NULL DEFAULT NULL;'],
  ['NOT NULL DEFAULT NULL::int', 'ALTER TABLE users ADD COLUMN c int NOT NULL DEFAULT NULL::int;'],
  ['NOT NULL DEFAULT (NULL)', 'ALTER TABLE users ADD COLUMN c int NOT NULL DEFAULT (NULL);'],
  [
    'DEFAULT CAST(NULL AS int) NOT NULL',
    'ALTER TABLE users ADD COLUMN c int DEFAULT CAST(NULL AS int) NOT NULL;',
  ],
  ['NOT NULL DEFAULT NULL COLLATE', 'ALTER TABLE users ADD COLUMN c text NOT NULL DEFAULT NULL COLLATE "C";'],
];

describe(rule, () => {
  it.each<[string, string, string[]]>([
    ['ADD COLUMN ... NOT NULL', 'ALTER TABLE users ADD COLUMN email text NOT NULL;', ['app.users.email']],
    [
      'ADD COLUMN IF NOT EXISTS ... NOT NULL with a CHECK',
      'ALTER TABLE users ADD COLUMN IF NOT EXISTS age int NOT NULL CHECK (age > 0);',
      ['app.users.age'],
    ],
    [
      'an added PRIMARY KEY column without default',
      'ALTER TABLE app.users ADD COLUMN code text PRIMARY KEY, ADD COLUMN x int NOT NULL;',
      ['app.users.code', 'app.users.x'],
    ],
    ...NULL_DEFAULTS.map(([name, migration]): [string, string, string[]] => [
      name,
      migration,
      ['app.users.c'],
    ]),
  ])('flags %s', async (_name, migration, targets) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.severity])).toEqual(targets.map((t) => [t, 'error']));
  });

  it('points at the column definition', async () => {
    const violations = await checkSql({
      before,
      migration: 'ALTER TABLE users ADD COLUMN email text NOT NULL;',
      rule,
    });
    expect(violations[0]?.column).toBe('ALTER TABLE users ADD COLUMN '.length + 1);
  });

  it('says a NULL default fills existing rows with NULL', async () => {
    const violations = await checkSql({
      before,
      migration: 'ALTER TABLE users ADD COLUMN c int NOT NULL DEFAULT NULL;',
      rule,
    });
    expect(violations[0]?.message).toContain('with DEFAULT NULL (which fills existing rows with NULL)');
  });

  it.each([
    ['NOT NULL with a DEFAULT', "ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';"],
    ['a nullable column', 'ALTER TABLE users ADD COLUMN nick text;'],
    ['a nullable column with DEFAULT NULL', 'ALTER TABLE users ADD COLUMN nick text DEFAULT NULL;'],
    [
      'NOT NULL with a DEFAULT cast from a constant',
      "ALTER TABLE users ADD COLUMN n int NOT NULL DEFAULT '0'::int;",
    ],
    [
      'NOT NULL with DEFAULT NULL on a table created in the same migration',
      'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int NOT NULL DEFAULT NULL;',
    ],
    ['an identity column', 'ALTER TABLE users ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY NOT NULL;'],
    ['a bigserial column', 'ALTER TABLE users ADD COLUMN seq bigserial NOT NULL;'],
    ['a NOT NULL column in CREATE TABLE', 'CREATE TABLE t (a int NOT NULL);'],
    [
      'a table created in the same migration',
      'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int NOT NULL;',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});

describe(`${rule}: PostgreSQL agrees a NULL default is no default`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPgliteDb();
    await db.exec('CREATE TABLE users (id int PRIMARY KEY); INSERT INTO users VALUES (1);');
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each(NULL_DEFAULTS)('%s fails on a table with a row', async (_name, migration) => {
    await expect(db.exec(`BEGIN; ${migration}`)).rejects.toThrow(/contains null values/);
    await db.exec('ROLLBACK');
  });

  it('does not flag ADD COLUMN IF NOT EXISTS of a column the table already has (PostgreSQL skips it)', async () => {
    const migration = 'ALTER TABLE users ADD COLUMN IF NOT EXISTS id int NOT NULL;';
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });

  it('flags ADD COLUMN IF NOT EXISTS of a column the table does not have, or that was dropped earlier', async () => {
    const migration =
      'ALTER TABLE users ADD COLUMN IF NOT EXISTS a int NOT NULL;\n' +
      'ALTER TABLE users DROP COLUMN id;\nALTER TABLE users ADD COLUMN IF NOT EXISTS id int NOT NULL;';
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.target, v.line])).toEqual([
      ['app.users.a', 2],
      ['app.users.id', 4],
    ]);
  });

  it('flags ADD COLUMN IF NOT EXISTS on a table the schema before does not know', async () => {
    const migration = 'ALTER TABLE outside ADD COLUMN IF NOT EXISTS id int NOT NULL;';
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => v.target)).toEqual(['app.outside.id']);
  });
});
