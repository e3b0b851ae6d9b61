import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';
import type { Db } from '../../db/db.js';
import { openPgliteDb } from '../../db/pglite-db.js';

const rule = 'concurrently-in-transaction';
const before =
  "CREATE TABLE users (id int, email text); CREATE INDEX users_email ON users (email); CREATE TABLE p (id int) PARTITION BY RANGE (id); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10); CREATE TYPE mood AS ENUM ('sad', 'ok');";

// [name, statement, operation named in the message]: PostgreSQL refuses each in a transaction.
const REFUSED_IN_TRANSACTION: [string, string, string][] = [
  [
    'CREATE INDEX CONCURRENTLY',
    'CREATE INDEX CONCURRENTLY users_id ON users (id);',
    'CREATE INDEX CONCURRENTLY',
  ],
  ['DROP INDEX CONCURRENTLY', 'DROP INDEX CONCURRENTLY users_email;', 'DROP INDEX CONCURRENTLY'],
  ['REINDEX CONCURRENTLY', 'REINDEX INDEX CONCURRENTLY users_email;', 'REINDEX CONCURRENTLY'],
  ['REINDEX (CONCURRENTLY)', 'REINDEX (CONCURRENTLY) TABLE users;', 'REINDEX CONCURRENTLY'],
  ['REINDEX (CONCURRENTLY ON)', 'REINDEX (CONCURRENTLY ON) TABLE users;', 'REINDEX CONCURRENTLY'],
  [
    'REINDEX (CONCURRENTLY 1)',
    'REINDEX (VERBOSE, CONCURRENTLY 1) INDEX users_email;',
    'REINDEX CONCURRENTLY',
  ],
  ['REINDEX SCHEMA', 'REINDEX SCHEMA app;', 'REINDEX SCHEMA'],
  ['REINDEX (CONCURRENTLY false) SCHEMA', 'REINDEX (CONCURRENTLY false) SCHEMA app;', 'REINDEX SCHEMA'],
  ['REINDEX DATABASE', 'REINDEX DATABASE x;', 'REINDEX DATABASE'],
  ['REINDEX SYSTEM', 'REINDEX SYSTEM x;', 'REINDEX SYSTEM'],
  [
    'DETACH PARTITION CONCURRENTLY',
    'ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;',
    'DETACH PARTITION CONCURRENTLY',
  ],
  ['plain VACUUM of a table', 'VACUUM users;', 'VACUUM'],
  ['VACUUM of every table', 'VACUUM;', 'VACUUM'],
  ['VACUUM (FULL)', 'VACUUM (FULL) users;', 'VACUUM'],
  ['VACUUM ANALYZE', 'VACUUM ANALYZE users;', 'VACUUM'],
  ['VACUUM (ANALYZE, VERBOSE)', 'VACUUM (ANALYZE, VERBOSE) users;', 'VACUUM'],
  ['VACUUM (FULL false)', 'VACUUM (FULL false) users;', 'VACUUM'],
];

// Statements that look related but PostgreSQL runs inside a transaction.
const ALLOWED_IN_TRANSACTION: [string, string][] = [
  ['a plain CREATE INDEX', 'CREATE INDEX users_id ON users (id);'],
  [
    'REFRESH MATERIALIZED VIEW CONCURRENTLY',
    'CREATE MATERIALIZED VIEW m AS SELECT 1 AS x;\nCREATE UNIQUE INDEX ON m (x);\nREFRESH MATERIALIZED VIEW CONCURRENTLY m;',
  ],
  ['ANALYZE without VACUUM', 'ANALYZE users;'],
  ['a plain REINDEX TABLE', 'REINDEX TABLE users;'],
  ['REINDEX (CONCURRENTLY false)', 'REINDEX (CONCURRENTLY false) TABLE users;'],
  ['REINDEX (CONCURRENTLY off)', 'REINDEX (VERBOSE, CONCURRENTLY OFF) INDEX users_email;'],
  ['REINDEX (CONCURRENTLY 0)', 'REINDEX (CONCURRENTLY 0) TABLE users;'],
  [
    'ALTER TYPE ... ADD VALUE (allowed in a transaction since PostgreSQL 12)',
    "ALTER TYPE mood ADD VALUE 'happy';",
  ],
];

describe(rule, () => {
  it.each(REFUSED_IN_TRANSACTION)(
    'flags %s without the no-transaction directive',
    async (_name, migration, operation) => {
      const violations = await checkSql({ before, migration, rule });
      expect(violations.map((v) => [v.severity, v.line, v.column])).toEqual([['error', 2, 1]]);
      expect(violations[0]?.message).toBe(
        `${operation} cannot run inside a transaction block, and this migration runs in one`,
      );
    },
  );

  it.each([
    ['DROP INDEX CONCURRENTLY', 'DROP INDEX CONCURRENTLY users_email;'],
    ['VACUUM', 'VACUUM users;'],
  ])('flags %s in the down section too', async (_name, statement) => {
    const migration = `-- migrate:up\nSELECT 1;\n-- migrate:down\n${statement}\n`;
    expect((await checkSql({ before, migration, rule })).map((v) => v.section)).toEqual(['down']);
  });

  it.each([
    [
      'CREATE INDEX CONCURRENTLY with -- dbward:no-transaction',
      '-- dbward:no-transaction\n-- migrate:up\nCREATE INDEX CONCURRENTLY users_id ON users (id);\n',
    ],
    [
      "dbmate's transaction:false marker",
      '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_id ON users (id);\n',
    ],
    [
      'VACUUM with -- dbward:no-transaction',
      '-- dbward:no-transaction\n-- migrate:up\nVACUUM (ANALYZE) users;\n',
    ],
    ...ALLOWED_IN_TRANSACTION,
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});

describe(`${rule}: PostgreSQL agrees`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPgliteDb();
    await db.exec(before);
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each(REFUSED_IN_TRANSACTION)('refuses %s in a transaction', async (_name, statement) => {
    await expect(db.transaction((tx) => tx.exec(statement))).rejects.toThrow(
      /cannot run inside a transaction block/,
    );
  });

  it.each(ALLOWED_IN_TRANSACTION)('runs %s in a transaction', async (_name, statement) => {
    await expect(db.transaction((tx) => tx.exec(statement))).resolves.toBeUndefined();
  });
});
