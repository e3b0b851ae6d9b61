import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'concurrently-in-transaction';
const before =
  'CREATE TABLE users (id int, email text); CREATE INDEX users_email ON users (email); CREATE TABLE p (id int) PARTITION BY RANGE (id); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);';

describe(rule, () => {
  it.each([
    [
      'CREATE INDEX CONCURRENTLY',
      'CREATE INDEX CONCURRENTLY users_id ON users (id);',
      'CREATE INDEX CONCURRENTLY',
    ],
    ['DROP INDEX CONCURRENTLY', 'DROP INDEX CONCURRENTLY users_email;', 'DROP INDEX CONCURRENTLY'],
    ['REINDEX CONCURRENTLY', 'REINDEX INDEX CONCURRENTLY users_email;', 'REINDEX CONCURRENTLY'],
    [
      'DETACH PARTITION CONCURRENTLY',
      'ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;',
      'DETACH PARTITION CONCURRENTLY',
    ],
  ])('flags %s without the no-transaction directive', async (_name, migration, operation) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.severity, v.line, v.column])).toEqual([['error', 2, 1]]);
    expect(violations[0]?.message).toContain(operation);
  });

  it('flags it in the down section too', async () => {
    const migration = '-- migrate:up\nSELECT 1;\n-- migrate:down\nDROP INDEX CONCURRENTLY users_email;\n';
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
    ['a plain CREATE INDEX', 'CREATE INDEX users_id ON users (id);'],
    [
      'REFRESH MATERIALIZED VIEW CONCURRENTLY (allowed in a transaction)',
      'CREATE MATERIALIZED VIEW m AS SELECT 1 AS x;\nCREATE UNIQUE INDEX ON m (x);\nREFRESH MATERIALIZED VIEW CONCURRENTLY m;',
    ],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
